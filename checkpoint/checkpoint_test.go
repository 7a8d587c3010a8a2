package checkpoint

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/internal/npz"
	"spikemnist/network"
	"spikemnist/results"
)

func sample(n int) *Checkpoint {
	c := &Checkpoint{
		N: n, Config: `{"neurons": 3, "note": "ünïcode"}`, Seed: 42, ExamplesSeen: 12345, Epoch: 1, Shape: dataset.MNIST,
		Weights: make([]float32, dataset.Pixels*n), Delays: make([]uint8, dataset.Pixels*n), Theta: make([]float64, n),
		Assignments: make([]int8, n),
	}
	for k := range c.Weights {
		c.Weights[k] = float32(k%97) / 97
		c.Delays[k] = uint8(k % 20)
	}
	for j := range c.Theta {
		c.Theta[j] = 20 + float64(j)/3
		c.Assignments[j] = int8(j%11) - 1
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.npz")
	want := sample(3)
	if err := Save(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.N != want.N || got.Config != want.Config || got.Seed != want.Seed ||
		got.ExamplesSeen != want.ExamplesSeen || got.Epoch != want.Epoch ||
		!slices.Equal(got.Weights, want.Weights) || !slices.Equal(got.Delays, want.Delays) ||
		!slices.Equal(got.Theta, want.Theta) || !slices.Equal(got.Assignments, want.Assignments) {
		t.Fatal("the checkpoint read back differs from the one saved")
	}
	want.Assignments = nil
	Save(path, want)
	if got, err = Load(path); err != nil || got.Assignments != nil {
		t.Fatalf("without assignments: %v %v", got.Assignments, err)
	}
}

func TestLoadRejectsDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.npz")
	if err := Save(path, sample(2)); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	damage := map[string][]byte{
		"truncated": good[:len(good)/2],
		"empty":     {},
		"not a zip": []byte("hello"),
	}
	flipped := append([]byte(nil), good...)
	i := bytes.Index(flipped, []byte("weights.npy"))
	flipped[i+200] ^= 0x04 // inside the weights data
	damage["bit flipped"] = flipped
	for name, b := range damage {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".npz")
		os.WriteFile(p, b, 0o644)
		_, err := Load(p)
		if err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.npz")); err == nil {
		t.Error("missing file accepted")
	}
}

// rewrite saves c with one member replaced.
func rewrite(t *testing.T, path string, c *Checkpoint, member string, a npz.Array) {
	t.Helper()
	Save(path, c)
	edit(t, path, func(name string, w func() io.Writer) bool {
		if name != member {
			return false
		}
		npz.WriteNPY(w(), a)
		return true
	})
}

// edit rewrites the archive at path member by member: change handles a
// member (writing it through w, or not at all to drop it) and reports
// whether it did; the others are copied.
func edit(t *testing.T, path string, change func(name string, w func() io.Writer) bool) {
	t.Helper()
	src, _ := os.ReadFile(path)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		create := func() io.Writer {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
			return w
		}
		if change(strings.TrimSuffix(f.Name, ".npy"), create) {
			continue
		}
		r, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(r)
		create().Write(b.Bytes())
	}
	zw.Close()
	os.WriteFile(path, out.Bytes(), 0o644)
}

func TestLoadRejectsWrongContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.npz")
	c := sample(2)
	for name, tc := range map[string]struct {
		member string
		a      npz.Array
		want   string
	}{
		"other version":   {"format_version", npz.I64Scalar(FormatVersion + 1), "format version"},
		"version 0":       {"format_version", npz.I64Scalar(0), "format version"},
		"wrong dtype":     {"weights", npz.F64(make([]float64, dataset.Pixels*2), dataset.Pixels, 2), "type"},
		"wrong shape":     {"weights", npz.F32(make([]float32, dataset.Pixels*3), dataset.Pixels, 3), "shape"},
		"negative weight": {"weights", npz.F32(append([]float32{-1}, make([]float32, dataset.Pixels*2-1)...), dataset.Pixels, 2), "weight 0"},
		"bad assignment":  {"assignments", npz.I8([]int8{3, 12}, 2), "assignment of neuron 1"},
		"bad config":      {"config", npz.Str("{not json"), "JSON"},
		"empty images":    {"image_shape", npz.I64([]int64{0, 5}, 2), "image_shape and classes: images of 0×5"},
		"huge images":     {"image_shape", npz.I64([]int64{1 << 40, 1 << 40}, 2), "image_shape and classes: images of"},
		"many classes":    {"classes", npz.I64Scalar(500), "500 classes, not in [1, 127]"},
		"shape of others": {"image_shape", npz.I64([]int64{12, 14}, 2), "shape"},
	} {
		rewrite(t, path, c, tc.member, tc.a)
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, tc.want)
		}
	}
}

// TestNumpyReadsCheckpoint loads a checkpoint with numpy alone. CI installs
// numpy and sets SPIKEMNIST_REQUIRE_NUMPY=1, which makes its absence a failure.
func TestNumpyReadsCheckpoint(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		if os.Getenv("SPIKEMNIST_REQUIRE_NUMPY") != "" {
			t.Fatalf("python3 with numpy is required (apt-get install python3-numpy): %v", err)
		}
		t.Skipf("no numpy in %s (apt-get install python3-numpy); not checked", py)
	}
	path := filepath.Join(t.TempDir(), "c.npz")
	c := sample(3)
	Save(path, c)
	script := `
import json, sys, numpy as np
z = np.load(sys.argv[1])
W, theta, d = z["weights"], z["theta"], z["delays"]
cfg = json.loads(str(z["config"]))
print(W.shape, W.dtype, theta.dtype, d.dtype, z["assignments"].tolist(), int(z["seed"]), int(z["examples_seen"]), cfg["note"])
print("%.6f %.6f %d" % (W.astype(np.float64).sum(), theta.sum(), d.astype(int).sum()))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy could not read the checkpoint: %v\n%s", err, out)
	}
	var wsum, tsum float64
	dsum := 0
	for k, w := range c.Weights {
		wsum += float64(w)
		dsum += int(c.Delays[k])
	}
	for _, x := range c.Theta {
		tsum += x
	}
	want := "(784, 3) float32 float64 uint8 [-1, 0, 1] 42 12345 ünïcode\n" +
		fmt.Sprintf("%.6f %.6f %d\n", wsum, tsum, dsum)
	if string(out) != want {
		t.Fatalf("numpy read\n%s\nwant\n%s", out, want)
	}
}

func TestRunStateRoundTrip(t *testing.T) {
	n := 4
	c := sample(n)
	r := &Run{
		State: network.State{
			Step: 123456, ExcV: []float32{-65, -60.5, -70, -52}, ExcGe: []float32{0, 1, 2, 3}, ExcGi: []float32{4, 5, 6, 7},
			ExcLast: []int64{-1 << 60, 5, 6, 7}, InhV: []float32{-45, -60, -60, -59}, InhGe: []float32{0, 0, 10.4, 0},
			InhLast: []int64{1, 2, 3, -1 << 60}, Counts: []int32{0, 2, 0, 1}, InputLast: make([]int64, dataset.Pixels),
		},
		WindowState: results.WindowState{WindowSums: make([]float64, n*10), WindowExamples: make([]int64, 10), WindowCorrect: 77,
			Labelled: []int8{-1, 3, 3, 9}},
		Summary: `{"examples_seen": 5}`,
	}
	r.WindowSums[13], r.WindowExamples[3], r.InputLast[100] = 2.5, 9, 99
	c.Run = r
	path := filepath.Join(t.TempDir(), "c.npz")
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("read back %+v\nwant %+v", got.Run, c.Run)
	}
	r.Labelled = nil
	Save(path, c)
	if got, err = Load(path); err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("without labels: %v", err)
	}
	// A rule's traces and state.
	r.InputTrace, r.RuleState = make([]float32, dataset.Pixels), []float32{0, 1.5, 2.25, 0}
	r.InputTrace[7] = 1.25
	Save(path, c)
	if got, err = Load(path); err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("with a rule's state: %v", err)
	}
	r.RuleState = r.RuleState[:3]
	if err := Save(path, c); err == nil {
		t.Fatal("saved a rule state of the wrong length")
	}
	r.RuleState = nil
	r.Counts = r.Counts[:2]
	if err := Save(path, c); err == nil {
		t.Fatal("saved an inconsistent run state")
	}
}

// TestReadsVersion1: files written before the learning rule was a choice
// carry format_version 1 and no rule state; they load as they are.
func TestReadsVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.npz")
	c := sample(2)
	rewrite(t, path, c, "format_version", npz.I64Scalar(1))
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Weights, c.Weights) {
		t.Fatal("weights differ")
	}
}

// TestShapeSaved: a network of a set of one's own (12×14 images, 4
// classes) keeps its shape through a file, and a file from before the
// shape was saved reads as MNIST's.
func TestShapeSaved(t *testing.T) {
	dir := t.TempDir()
	c := sample(2)
	c.Shape = dataset.Shape{Rows: 12, Cols: 14, Classes: 4}
	c.Weights, c.Delays = c.Weights[:168*2], c.Delays[:168*2]
	c.Assignments = []int8{3, -1}
	path := filepath.Join(dir, "own.npz")
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || !reflect.DeepEqual(got, c) {
		t.Fatalf("%v; shape %v", err, got.Shape)
	}
	c.Shape.Classes = 3 // assignment 3 is now out of range
	if err := Save(path, c); err == nil || !strings.Contains(err.Error(), "assignment of neuron 0 is 3 (classes 0 to 2)") {
		t.Fatalf("saved a label beyond the classes: %v", err)
	}

	old := sample(2)
	path = filepath.Join(dir, "old.npz")
	if err := Save(path, old); err != nil {
		t.Fatal(err)
	}
	drop(t, path, "image_shape", "classes")
	if got, err = Load(path); err != nil || !reflect.DeepEqual(got, old) || got.Shape != dataset.MNIST {
		t.Fatalf("a file without its shape: %v, shape %v", err, got.Shape)
	}
}

// drop rewrites the archive at path without the named members.
func drop(t *testing.T, path string, members ...string) {
	t.Helper()
	edit(t, path, func(name string, _ func() io.Writer) bool { return slices.Contains(members, name) })
}
