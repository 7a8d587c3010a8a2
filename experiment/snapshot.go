package experiment

import (
	"slices"
	"time"

	"spikemnist/dataset"
)

// Snapshot is a copy of a training run between two examples, for a live
// view: taken on the training goroutine at most every
// TrainOptions.SnapshotEvery, it shares nothing with the run, so that its
// reader may take its time.
type Snapshot struct {
	Neurons           int
	Seen, Total       int64 // examples trained, of the whole run
	Session           int64 // examples trained in this session
	Elapsed           time.Duration
	ExamplesPerSecond float64 // this session's rate
	Running           []WindowScore
	Shape             dataset.Shape // of the images and classes trained on
	Weights           []float32     // pixels × N, as network.Model.W
	Theta             []float64     // mV
	RestTheta         float64       // θ at or below which a frozen neuron fires with no input
	InitialTheta      float64       // θ every neuron started from, mV
	PerEpoch          int64         // examples an epoch
	Image             []byte        // the last example: its pixels, label and each neuron's spikes
	Label             int
	Counts            []int32
	Done              bool // the last snapshot of the session
}

// snapshot copies the run's state for opt.Snapshot.
func (t *Trainer) snapshot(seen, total, session int64, start time.Time, img []byte, label int, counts []int32, done bool) {
	el := time.Since(start)
	s := &Snapshot{
		Neurons: t.cfg.Neurons, Shape: t.shape, Seen: seen, Total: total, Session: session, Elapsed: el,
		Running: slices.Clone(t.sum.Running), Weights: slices.Clone(t.model.W), Theta: slices.Clone(t.model.Theta),
		RestTheta: t.cfg.Exc.RestTheta(), InitialTheta: t.cfg.Exc.ThetaInit, PerEpoch: int64(t.sum.TrainingExamples), Image: slices.Clone(img), Label: label, Counts: slices.Clone(counts), Done: done,
	}
	if el > 0 {
		s.ExamplesPerSecond = float64(session) / el.Seconds()
	}
	t.opt.Snapshot(s)
}
