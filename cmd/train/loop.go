package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/netio"
	"spikemnist/internal/progress"
	"spikemnist/network"
	"spikemnist/results"
)

const (
	checkpointName = "checkpoint.npz"
	summaryName    = "train.json"
)

// summary is what train.json records about a run; it is rewritten at every
// checkpoint.
type summary struct {
	Config            *network.Config `json:"config"`
	Seed              uint64          `json:"seed"`
	TrainingExamples  int             `json:"training_examples"` // per epoch
	ExamplesSeen      int64           `json:"examples_seen"`
	Epoch             int64           `json:"epochs_done"`
	Seconds           float64         `json:"seconds"`
	ExamplesPerSecond float64         `json:"examples_per_second"`
	Presentations     int64           `json:"presentations"` // including repeats
	Silent            int64           `json:"silent_examples"`
	InputSpikes       int64           `json:"input_spikes"`
	Running           []windowScore   `json:"running_accuracy"`
	Interrupted       bool            `json:"interrupted"`
}

// windowScore is the running estimate the original prints: accuracy over a
// window of examples, with neurons labelled from the window before.
type windowScore struct {
	Examples int64   `json:"examples"` // examples seen at the end of the window
	Accuracy float64 `json:"accuracy_percent"`
}

type trainer struct {
	cfg  *network.Config
	out  string
	logw io.Writer
	sum  summary
}

func newTrainer(cfg *network.Config, out string, force bool, logw io.Writer) (*trainer, error) {
	if _, err := os.Stat(filepath.Join(out, checkpointName)); err == nil && !force {
		return nil, fmt.Errorf("%s already holds a run (%s); choose another -out or pass -force to overwrite it", out, checkpointName)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	return &trainer{cfg: cfg, out: out, logw: logw, sum: summary{Config: cfg, Seed: cfg.Seed}}, nil
}

func (t *trainer) train(ctx context.Context, set *dataset.Set) (*summary, error) {
	cfg := t.cfg
	m := network.NewModel(cfg)
	sim := network.NewSim(cfg, m, true)
	per := set.Len()
	total := int64(cfg.Epochs) * int64(per)
	t.sum.TrainingExamples = per
	fmt.Fprintf(t.logw, "training %d neurons on %d examples × %d epochs, seed %d, into %s\n", cfg.Neurons, per, cfg.Epochs, cfg.Seed, t.out)

	bar := progress.New(t.logw, "train", int(total), 10*time.Second)
	start := time.Now()
	counts := make([]int32, cfg.Neurons)
	window := results.NewAccumulator(cfg.Neurons)
	var labelled *results.Assignment // from the previous window
	correct := 0
	every := int64(cfg.CheckpointEvery)
	g := int64(0)
	for ; g < total; g++ {
		if ctx.Err() != nil {
			t.sum.Interrupted = true
			break
		}
		k := int(g % int64(per))
		label := set.Labels[k]
		o := sim.Present(set.Image(k), network.PurposeTrain, uint64(g), counts)
		t.sum.Presentations += int64(o.Presentations)
		t.sum.InputSpikes += int64(o.InputSpikes)
		if o.Silent {
			t.sum.Silent++
		}
		if labelled != nil && labelled.AllActivity(counts) == int(label) {
			correct++
		}
		window.Add(counts, label)
		bar.Add(1)
		if (g+1)%every == 0 {
			if labelled != nil {
				acc := 100 * float64(correct) / float64(every)
				t.sum.Running = append(t.sum.Running, windowScore{g + 1, acc})
				bar.Printf("examples %d: running accuracy %.2f%% (labels from the previous %d)\n", g+1, acc, every)
			}
			labelled, window, correct = window.Assign(), results.NewAccumulator(cfg.Neurons), 0
			if err := t.save(m, g+1, per, start); err != nil {
				return nil, err
			}
		}
	}
	bar.Finish()
	if err := t.save(m, g, per, start); err != nil {
		return nil, err
	}
	return &t.sum, nil
}

// save writes the checkpoint, then the summary, both atomically.
func (t *trainer) save(m *network.Model, seen int64, per int, start time.Time) error {
	t.sum.ExamplesSeen = seen
	t.sum.Epoch = seen / int64(per)
	t.sum.Seconds = time.Since(start).Seconds()
	t.sum.ExamplesPerSecond = float64(seen) / t.sum.Seconds
	c, err := netio.ToCheckpoint(t.cfg, m, seen, t.sum.Epoch, nil)
	if err != nil {
		return err
	}
	if err := checkpoint.Save(filepath.Join(t.out, checkpointName), c); err != nil {
		return err
	}
	b, err := json.MarshalIndent(&t.sum, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(t.out, summaryName), append(b, '\n'))
}
