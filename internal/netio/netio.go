// Package netio holds what the commands share: loading MNIST with clear
// errors, and converting between a network and its checkpoint.
package netio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/network"
)

// LoadMNIST reads the train and test splits from dir. When files are
// missing and fetch is true, it downloads them first, reporting on logw.
func LoadMNIST(ctx context.Context, dir string, fetch bool, logw io.Writer) (train, test *dataset.Set, err error) {
	if _, err := dataset.Path(dir, dataset.TrainImages); errors.Is(err, dataset.ErrMissing) && fetch {
		fmt.Fprintf(logw, "MNIST not found in %s: downloading it\n", dir)
		last := map[string]int64{}
		err := dataset.Fetch(ctx, dir, dataset.Mirrors, func(name string, done, total int64) {
			if done-last[name] >= 1<<20 || done == total {
				last[name] = done
				fmt.Fprintf(logw, "  %s: %d/%d KiB\n", name, done>>10, total>>10)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if train, err = dataset.Load(dir, "train"); err != nil {
		return nil, nil, err
	}
	if test, err = dataset.Load(dir, "test"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// ToCheckpoint packs a model and its run's position into a checkpoint.
func ToCheckpoint(cfg *network.Config, m *network.Model, seen, epoch int64, classes []int8) (*checkpoint.Checkpoint, error) {
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, err
	}
	return &checkpoint.Checkpoint{
		N: m.N, Config: string(b), Seed: cfg.Seed, ExamplesSeen: seen, Epoch: epoch,
		Weights: m.W, Delays: m.Delay, Theta: m.Theta, Assignments: classes,
	}, nil
}

// FromCheckpoint unpacks a checkpoint, checking that its configuration is
// complete and consistent with its arrays.
func FromCheckpoint(c *checkpoint.Checkpoint) (*network.Config, *network.Model, error) {
	cfg := network.Default(c.N)
	d := json.NewDecoder(bytes.NewReader([]byte(c.Config)))
	d.DisallowUnknownFields()
	if err := d.Decode(&cfg); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	if cfg.Neurons != c.N {
		return nil, nil, fmt.Errorf("config says %d neurons but the arrays hold %d", cfg.Neurons, c.N)
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	slots := cfg.DelaySlots()
	for k, dl := range c.Delays {
		if int(dl) >= slots {
			return nil, nil, fmt.Errorf("delay of input %d → neuron %d is %d steps, beyond max_delay_ms", k/c.N, k%c.N, dl)
		}
	}
	return &cfg, &network.Model{N: c.N, W: c.Weights, Delay: c.Delays, Theta: c.Theta}, nil
}
