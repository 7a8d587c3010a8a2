package experiment

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
)

// TestKeepAndSeries trains with Keep 2 and a checkpoint every 20 examples,
// finds the two latest networks kept, equal to the run's own at those
// points, and evaluates them as a series.
func TestKeepAndSeries(t *testing.T) {
	train, test := datasettest.Load(t, "train").Head(100), datasettest.Load(t, "test").Head(30)
	cfg := network.Default(12)
	cfg.CheckpointEvery = 20
	f := Folder(t.TempDir())
	var at80 []float32
	opt := TrainOptions{Workers: 1, Keep: 2, AfterCheckpoint: func(path string, s *Summary) {
		if s.ExamplesSeen == 80 {
			c, _ := checkpoint.Load(path)
			at80 = slices.Clone(c.Weights)
		}
	}}
	tr, err := NewTrainer(&cfg, train, f, false, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Train(context.Background(), train); err != nil {
		t.Fatal(err)
	}
	paths, seen, err := Kept(string(f))
	if err != nil || !slices.Equal(seen, []int64{80, 100}) || filepath.Base(paths[0]) != "checkpoint-80.npz" {
		t.Fatalf("kept %v %v: %v", paths, seen, err)
	}
	os.WriteFile(f.File("checkpoint-x.npz"), nil, 0o644) // not a numbered checkpoint
	c, err := checkpoint.Load(paths[0])
	if err != nil || !slices.Equal(c.Weights, at80) || c.ExamplesSeen != 80 {
		t.Fatalf("checkpoint-80.npz is not the network after 80 examples (%v)", err)
	}
	pts, err := EvaluateSeries(context.Background(), string(f), train, test, EvalOptions{Workers: 2}, nil)
	if err != nil || len(pts) != 2 || pts[1].Examples != 100 || pts[0].AllActivity < 0 || pts[0].AllActivity > 100 {
		t.Fatalf("series %+v: %v", pts, err)
	}
	if _, err := EvaluateSeries(context.Background(), t.TempDir(), train, test, EvalOptions{}, nil); err == nil {
		t.Fatal("a folder with no numbered checkpoints gave a series")
	}
}
