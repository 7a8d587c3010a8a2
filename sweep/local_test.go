package sweep

import (
	"bytes"
	"context"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
)

func testData(t *testing.T) Data {
	return Data{Train: datasettest.Load(t, "train"), Test: datasettest.Load(t, "test")}
}

func writeSpec(t *testing.T, text string) string {
	p := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const tinySweep = `{
  "base": {"checkpoint_every": 50},
  "examples": 150,
  "axes": {"neurons": [10, 20], "seed": [1, 2]},
  "eval": {"assign_examples": 150, "test_examples": 100}
}`

// TestLocalSweepSkipsFinishedRuns runs a sweep, then again: the second
// time nothing is trained or evaluated anew.
func TestLocalSweepSkipsFinishedRuns(t *testing.T) {
	data := testData(t)
	dir := filepath.Join(t.TempDir(), "sw")
	d, err := Create(dir, writeSpec(t, tinySweep), false)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	if err := RunLocal(context.Background(), d, data, 2, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	sts := Statuses(d)
	for _, s := range sts {
		if s.State != Done || s.Seen != 150 {
			t.Fatalf("run %s: %s, %d examples", s.Run.Name, s.State, s.Seen)
		}
	}
	evalFile := d.Folder(&d.Runs[2]).Eval()
	before, _ := os.Stat(evalFile)
	log.Reset()
	if err := RunLocal(context.Background(), d, data, 2, &log); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(evalFile)
	if !after.ModTime().Equal(before.ModTime()) || !strings.Contains(log.String(), "4 runs, 0 to do") {
		t.Fatalf("a finished run ran again:\n%s", log.String())
	}
	if _, err := Create(dir, writeSpec(t, strings.Replace(tinySweep, "[1, 2]", "[1, 3]", 1)), false); err == nil {
		t.Fatal("a sweep folder was reused for another sweep file")
	}

	tab := Collect(d)
	if len(tab.Rows) != 4 || len(tab.Groups) != 2 || tab.Groups[0].Runs != 2 || tab.Groups[0].Neurons != 10 {
		t.Fatalf("table %+v", tab)
	}
	g, r0, r1 := tab.Groups[0], tab.Rows[0], tab.Rows[1]
	if mean := (r0.AllActivity + r1.AllActivity) / 2; g.AllActivity.Mean != mean || r0.AllActivity <= 10 {
		t.Fatalf("group mean %v, runs %v and %v", g.AllActivity.Mean, r0.AllActivity, r1.AllActivity)
	}
	files, err := tab.Write(d)
	if err != nil || len(files) != 5 {
		t.Fatalf("wrote %v: %v", files, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(must(os.ReadFile(d.File("results.csv"))))).ReadAll()
	if err != nil || len(recs) != 5 || recs[0][2] != "neurons" || recs[0][3] != "seed" || recs[3][2] != "20" || recs[3][3] != "1" {
		t.Fatalf("results.csv %v: %v", recs, err)
	}
	img, err := png.Decode(bytes.NewReader(must(os.ReadFile(d.File("accuracy.png")))))
	if err != nil || img.Bounds().Dx() < 400 {
		t.Fatalf("accuracy.png: %v", err)
	}
	var md bytes.Buffer
	tab.Markdown(&md)
	if !strings.Contains(md.String(), "| neurons | seeds | all-activity % (mean ± sd)") {
		t.Fatalf("markdown lacks the table over seeds:\n%s", md.String())
	}
}

// TestInterruptedRunResumesExactly stops a run part way (its context
// cancelled), runs it again, and compares with a run never stopped.
func TestInterruptedRunResumesExactly(t *testing.T) {
	data := testData(t)
	spec := writeSpec(t, `{"base": {"neurons": 12, "checkpoint_every": 40, "epochs": 2}, "examples": 70, "eval": {"assign_examples": 50, "test_examples": 30}}`)
	straight, err := Create(filepath.Join(t.TempDir(), "a"), spec, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RunOne(context.Background(), straight, &straight.Runs[0], data, RunOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	split, _ := Create(filepath.Join(t.TempDir(), "b"), spec, false)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err = RunOne(ctx, split, &split.Runs[0], data, RunOptions{Workers: 1, AfterExample: func() {
		if n++; n == 93 {
			cancel()
		}
	}})
	if err != ErrInterrupted {
		t.Fatalf("interrupted run: %v", err)
	}
	if st := RunState(split, &split.Runs[0]); st.State != Interrupted || st.Seen != 93 || st.Total != 140 {
		t.Fatalf("state %s after %d of %d", st.State, st.Seen, st.Total)
	}
	rep, err := RunOne(context.Background(), split, &split.Runs[0], data, RunOptions{Workers: 2})
	if err != nil || rep.ExamplesSeen != 140 {
		t.Fatalf("resumed run: %v", err)
	}
	a := must(checkpoint.Load(straight.Folder(&straight.Runs[0]).Checkpoint()))
	b := must(checkpoint.Load(split.Folder(&split.Runs[0]).Checkpoint()))
	if !slices.Equal(a.Weights, b.Weights) || !slices.Equal(a.Theta, b.Theta) || !slices.Equal(a.Assignments, b.Assignments) {
		t.Fatal("the resumed run differs from the run never stopped")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
