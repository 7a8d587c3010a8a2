package experiment

import (
	"context"
	"slices"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
)

// TestShuffledOrderResumes: a run whose epochs are shuffled (all, or all
// but the first) trains other weights than the fixed order, and stopped in
// its second epoch and resumed it ends bit-identical to the run never
// stopped.
func TestShuffledOrderResumes(t *testing.T) {
	train := datasettest.Load(t, "train").Head(25)
	run := func(order string, stopAt int64) []float32 {
		cfg := network.Default(12)
		cfg.Epochs, cfg.CheckpointEvery, cfg.Order = 2, 10, order
		dir := Folder(t.TempDir())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		opt := TrainOptions{Workers: 1, AfterExample: func(g int64) {
			if g == stopAt {
				cancel()
			}
		}}
		tr, err := NewTrainer(&cfg, train, dir, false, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Train(ctx, train); err != nil {
			t.Fatal(err)
		}
		c, err := checkpoint.Load(dir.Checkpoint())
		if err != nil {
			t.Fatal(err)
		}
		if c.ExamplesSeen < 50 {
			tr, err = ResumeTrainer(dir.Checkpoint(), c, TrainOptions{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Train(context.Background(), train); err != nil {
				t.Fatal(err)
			}
		}
		_, _, m, err := checkpoint.LoadNetwork(dir.Checkpoint())
		if err != nil {
			t.Fatal(err)
		}
		return m.W
	}
	fixed := run(network.OrderFixed, -1)
	for _, order := range []string{network.OrderShuffled, network.OrderFixedThenShuffled} {
		straight := run(order, -1)
		if !slices.Equal(straight, run(order, 33)) {
			t.Fatalf("a %s run stopped at example 33 and resumed differs from the straight one", order)
		}
		if slices.Equal(straight, fixed) {
			t.Fatalf("the %s order trained the fixed order's weights", order)
		}
	}
}
