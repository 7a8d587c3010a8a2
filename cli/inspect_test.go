package cli

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/internal/npz"
	"spikemnist/internal/runlock"
	"spikemnist/network"
)

func runInspect(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Inspect(args, &out, &errb)
	return code, out.String(), errb.String()
}

// saved writes a small checkpoint with known statistics and one changed
// setting.
func saved(t *testing.T) (string, *checkpoint.Checkpoint) {
	t.Helper()
	cfg := network.Default(7)
	cfg.WIE = 15
	m := network.NewModel(&cfg, dataset.Pixels)
	for k := range m.W {
		m.W[k] = float32(k%5) / 10 // 0 … 0.4
	}
	m.Theta = []float64{20, 21, 22, 23, 24, 25, 26}
	c, err := checkpoint.New(&cfg, m, dataset.MNIST, 1234, 0, []int8{3, 3, -1, 0, 9, 9, 9})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	return path, c
}

func TestSummaryMatchesCheckpoint(t *testing.T) {
	path, c := saved(t)
	code, stdout, stderr := runInspect("-format", "json", filepath.Dir(path))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	var wsum float64
	for _, w := range c.Weights {
		wsum += float64(w)
	}
	if s.Neurons != 7 || s.ExamplesSeen != 1234 || s.Weights.Min != 0 || s.Weights.Max != float64(float32(0.4)) ||
		abs(s.Weights.Mean-wsum/float64(len(c.Weights))) > 1e-12 || s.Theta.Min != 20 || s.Theta.Max != 26 || s.Theta.Mean != 23 {
		t.Fatalf("summary %+v", s)
	}
	if abs(s.WeightSums.Mean-wsum/7) > 1e-9 {
		t.Fatalf("mean weight sum %v, want %v", s.WeightSums.Mean, wsum/7)
	}
	if !slices.Equal(s.NeuronsPerClass, []int{1, 0, 0, 2, 0, 0, 0, 0, 0, 3}) || s.Unassigned != 1 || !s.Labelled {
		t.Fatalf("classes %v, unassigned %d", s.NeuronsPerClass, s.Unassigned)
	}
	if s.Order != network.OrderFixedThenShuffled || s.Start.Kind != network.StartRandom {
		t.Fatalf("order %q, start %+v: not the defaults of 7 neurons", s.Order, s.Start)
	}
	if len(s.Changed) != 1 || s.Changed[0].Name != "w_ie" || s.Changed[0].Value != 15.0 || s.Changed[0].Default != 17.0 {
		t.Fatalf("changed settings %+v", s.Changed)
	}
	f, err := os.Open(s.FieldsPicture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// 7 neurons: a 3×3 grid of 28·4-pixel tiles with 4-pixel frames, a
	// title line above and the class key below, at least as wide as the key.
	if b := img.Bounds(); b.Dx() != max(3*(28*4+8), 10*44+8) || b.Dy() != 22+3*(28*4+8)+26 {
		t.Fatalf("picture %v", b)
	}
	code, text, _ := runInspect("-fields", "none", path)
	if code != 0 || !strings.Contains(text, "w_ie = 15 (default 17)") || !strings.Contains(text, "neurons per class [1 0 0 2 0 0 0 0 0 3], 1 unassigned") ||
		!strings.Contains(text, "order          fixed_then_shuffled (") || !strings.Contains(text, "schedule       none: constant inhibition and learning rates") {
		t.Fatalf("text summary:\n%s", text)
	}
}

func TestSummaryNamesUnsetDefaults(t *testing.T) {
	def := network.Default(7)
	cfg := def
	cfg.Schedule = network.Schedule{RateTo: 0.1, RateExamples: 500}
	changed, err := changes(&def, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range changed {
		lines = append(lines, c.String())
	}
	want := []string{"schedule.rate_examples = 500 (default unset)", "schedule.rate_to = 0.1 (default unset)"}
	if !slices.Equal(lines, want) {
		t.Fatalf("changed settings %q, want %q", lines, want)
	}
}

func TestInspectBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "checkpoint.npz")
	os.WriteFile(bad, []byte("not a checkpoint"), 0o644)
	if code, _, stderr := runInspect(dir); code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, bad) {
		t.Fatalf("damaged checkpoint: exit %d, %q", code, stderr)
	}
	if code, _, _ := runInspect(); code != 2 {
		t.Fatalf("no argument: exit %d", code)
	}
	if code, _, stderr := runInspect("-format", "xml", bad); code != 2 || !strings.Contains(stderr, "-format") {
		t.Fatalf("bad format: exit %d, %q", code, stderr)
	}
}

func abs(x float64) float64 { return max(x, -x) }

func TestMonitorAnyExample(t *testing.T) {
	data := datasettest.Dir(t)
	path, _ := saved(t)
	code, stdout, stderr := runInspect("-data", data, "-monitor", "42", "-set", "train", "-fields", "none", "-format", "json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s summary
	json.Unmarshal([]byte(stdout), &s)
	if len(s.Monitor) != 2 {
		t.Fatalf("monitor files %v", s.Monitor)
	}
	f, err := os.Open(s.Monitor[0])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() != 960 {
		t.Fatalf("monitor picture: %v", err)
	}
	b, err := os.ReadFile(s.Monitor[1])
	if err != nil {
		t.Fatal(err)
	}
	arrays, err := npz.Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	steps := int(arrays["steps"].Uint64())
	if arrays["example"].Uint64() != 42 || arrays["v"].Shape[0] < 1 || arrays["v"].Shape[0] > 4 || arrays["v"].Shape[1] != steps || arrays["input_spikes"].Shape[1] != 2 {
		t.Fatalf("recording arrays: steps %d, v %v", steps, arrays["v"].Shape)
	}
	if code, _, stderr := runInspect("-data", data, "-monitor", "70000", "-fields", "none", path); code != 1 || !strings.Contains(stderr, "has 10000 examples") {
		t.Fatalf("monitor beyond the set: exit %d, %q", code, stderr)
	}
}

// TestThresholdsAtRest: neurons whose θ puts their threshold at or below the
// resting potential are counted and named in the summary.
func TestThresholdsAtRest(t *testing.T) {
	cfg := network.Default(7)
	m := network.NewModel(&cfg, dataset.Pixels)
	m.Theta = []float64{3, 7, 7.5, 20, 30, 40, 6.99} // rest lies at θ = 7 mV
	c, err := checkpoint.New(&cfg, m, dataset.MNIST, 10, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runInspect("-format", "json", "-fields", "none", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	if s.ThetaAtRest != 3 || s.RestTheta != 7 || s.ThetaMedian != 7.5 || s.ThetaScaling.Rule != network.ThetaBySize {
		t.Fatalf("at rest %d (θ ≤ %v), median %v, rule %q", s.ThetaAtRest, s.RestTheta, s.ThetaMedian, s.ThetaScaling.Rule)
	}
	_, text, _ := runInspect("-fields", "none", path)
	if !strings.Contains(text, "3 of 7 at or below rest (θ ≤ 7 mV): they fire with no input") || !strings.Contains(text, `theta_scaling "size"`) {
		t.Fatalf("text summary:\n%s", text)
	}
}

// TestInspectRespectsTheRunLock: while a trainer holds the run folder,
// inspect writes no picture into it (one line, exit 1); with -fields none it
// reads the checkpoint as always.
func TestInspectRespectsTheRunLock(t *testing.T) {
	path, _ := saved(t)
	release, err := runlock.Acquire(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, _, stderr := runInspect(path)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "in use by another process") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "fields.png")); err == nil {
		t.Fatal("fields.png written into a locked folder")
	}
	if code, stdout, stderr := runInspect("-fields", "none", path); code != 0 || !strings.Contains(stdout, "7 excitatory") {
		t.Fatalf("-fields none: exit %d, %s", code, stderr)
	}
}
