package experiment

import (
	"context"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
)

// TestTrainCallsBackAndEvaluates trains a small run, checks that each
// callback sees what the run writes, and evaluates it into its folder.
func TestTrainCallsBackAndEvaluates(t *testing.T) {
	train, test := datasettest.Load(t, "train").Head(60), datasettest.Load(t, "test").Head(40)
	cfg := network.Default(20)
	cfg.CheckpointEvery = 20
	f := Folder(t.TempDir())
	var seen []int64
	var windows []WindowScore
	var saved []int64
	opt := TrainOptions{
		Workers:      1,
		AfterExample: func(n int64) { seen = append(seen, n) },
		AfterWindow:  func(w WindowScore) { windows = append(windows, w) },
		AfterCheckpoint: func(path string, s *Summary) {
			if path != f.Checkpoint() {
				t.Errorf("checkpoint %s, want %s", path, f.Checkpoint())
			}
			saved = append(saved, s.ExamplesSeen)
		},
	}
	tr, err := NewTrainer(&cfg, train, f, false, opt)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := tr.Train(context.Background(), train)
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 60 || seen[59] != 60 || !sum.Done() || sum.Interrupted {
		t.Fatalf("%d examples seen (last %v), done %v", len(seen), seen[len(seen)-1], sum.Done())
	}
	// Windows end at 20, 40, 60; the first has no labels to score with.
	if len(windows) != 2 || windows[0].Examples != 40 || windows[1].Examples != 60 {
		t.Fatalf("windows %+v", windows)
	}
	if !slices.Equal(saved, []int64{20, 40, 60, 60}) {
		t.Fatalf("checkpoints after %v examples", saved)
	}
	if s, err := ReadSummary(f.Summary()); err != nil || s.ExamplesSeen != 60 || len(s.Running) != 2 || s.Program == nil || s.Program.Go != runtime.Version() || len(s.Program.Command) == 0 {
		t.Fatalf("train.json: %+v, %v", s, err)
	}
	if _, err := NewTrainer(&cfg, train, f, false, opt); err == nil {
		t.Fatal("a second run into the same folder was not refused")
	}

	var presented atomic.Int64
	job := EvalJob{Checkpoint: f.Checkpoint(), SaveLabels: true, Monitor: -1, EvalOptions: EvalOptions{Workers: 2, Repeats: 2, AfterExample: func() { presented.Add(1) }}}
	res, err := EvaluateRun(context.Background(), job, func() (*dataset.Set, *dataset.Set, error) { return train, test, nil })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ReadReport(f.Eval())
	if err != nil || res.Out != f.Eval() || rep.Scores[0].Total != 40 || rep.ExamplesSeen != 60 || rep.Scores[0].Accuracy != res.Report.Scores[0].Accuracy {
		t.Fatalf("eval.json %+v, %v", rep, err)
	}
	if presented.Load() != 60+2*40 {
		t.Fatalf("%d examples presented, want 60 to label and 2 × 40 to test", presented.Load())
	}
	if rep.Program == nil || rep.Program.Go != runtime.Version() {
		t.Fatalf("eval.json does not say which program made it: %+v", rep.Program)
	}
	if rep.FinalRunning == nil || *rep.FinalRunning != windows[1].Accuracy {
		t.Fatal("the report does not give the final running accuracy")
	}
	ck, err := checkpoint.Load(f.Checkpoint())
	if err != nil || len(ck.Assignments) != 20 {
		t.Fatalf("labels not saved: %v", err)
	}
}
