package experiment

import (
	"fmt"
	"io"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/network"
	"spikemnist/visual"
)

// Example is one example shown to a frozen network and recorded, the one
// recording eval's report and inspect -monitor draw and save: every spike
// of the presentation and its rest, and the potential and threshold of the
// neurons that answered most.
type Example struct {
	Rec  *network.Recording
	Info visual.MonitorInfo // Answer −1 until the caller knows it
}

// tracedNeurons is how many of the neurons that fired most an Example
// traces.
const tracedNeurons = 4

// RecordExample shows example k of set to the network as evaluation draws
// its input for purpose (network.PurposeTest or PurposeAssign), for a
// network of data shape sh, on a frozen engine that engine makes (nil: the
// CPU engine), which must be a network.Recorder.
func RecordExample(cfg *network.Config, m *network.Model, sh dataset.Shape, set *dataset.Set, purpose uint64, k int, engine network.EngineMaker) (*Example, error) {
	e := engineOr(engine)(cfg, m, false)
	defer e.Close()
	r, ok := e.(network.Recorder)
	if !ok {
		return nil, fmt.Errorf("the engine cannot record an example's spikes")
	}
	rec := r.RecordInSet(set, purpose, k, tracedNeurons)
	return &Example{Rec: rec, Info: visual.MonitorInfo{
		Image: set.Image(k), Shape: sh, Label: int(set.Labels[k]), Answer: -1, Neurons: m.N,
		PresentMs: cfg.Present, PeriodMs: cfg.Present + cfg.Rest,
	}}, nil
}

// Chart draws the example: input, excitatory and inhibitory rasters and the
// traced neurons' potentials.
func (e *Example) Chart() (*visual.Chart, error) { return visual.Monitor(e.Rec, e.Info) }

// WriteNPZ saves the recording's arrays (network.Recording.WriteNPZ) at path.
func (e *Example) WriteNPZ(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error { return e.Rec.WriteNPZ(w) })
}

// Write saves the example as base.png and base.npz and returns their names.
func (e *Example) Write(base string) ([]string, error) {
	if err := atomicfile.Write(base+".png", func(w io.Writer) error { return visual.MonitorPNG(w, e.Rec, e.Info) }); err != nil {
		return nil, fmt.Errorf("writing %s.png: %w", base, err)
	}
	if err := e.WriteNPZ(base + ".npz"); err != nil {
		return nil, err
	}
	return []string{base + ".png", base + ".npz"}, nil
}
