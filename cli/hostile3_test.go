//go:build unix

package cli

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/internal/runlock"
)

// TestSpecialFilesRefused gives every command a FIFO (and a device, and a
// directory) where it reads a file: each answers in one line naming it and
// exits non-zero, without waiting for a writer that never comes.
func TestSpecialFilesRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	run := quickLabelled(t)
	cases := []struct {
		name string
		cmd  func(...string) (int, string, string)
		args []string
		path string // the file the line must name
		want string
	}{
		{"train -config FIFO", runTrain, []string{"-config", fifo, "-print-config"}, fifo, "named pipe"},
		{"train -config /dev/zero", runTrain, []string{"-config", "/dev/zero", "-print-config"}, "/dev/zero", "device"},
		{"train -config DIR", runTrain, []string{"-config", dir, "-print-config"}, dir, "directory"},
		{"inspect FIFO", runInspect, []string{"-fields", "none", fifo}, fifo, "named pipe"},
		{"classify RUN FIFO", runClassify, []string{run, fifo}, fifo, "named pipe"},
		{"sweep run FIFO", runSweep, []string{"run", "-out", filepath.Join(dir, "sw"), fifo}, fifo, "named pipe"},
	}
	for _, tc := range cases {
		type result struct {
			code   int
			stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, _, stderr := tc.cmd(tc.args...)
			done <- result{code, strings.TrimSpace(stderr)}
		}()
		select {
		case r := <-done:
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, tc.path) {
				t.Errorf("%s: exit %d, %q; want a line naming %s and %q", tc.name, r.code, r.stderr, tc.path, tc.want)
			}
			if strings.Contains(r.stderr, "\n") {
				t.Errorf("%s: more than one line: %q", tc.name, r.stderr)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still running after 10 s", tc.name)
		}
	}
}

// TestConfigOneJSONValue: a configuration file with data after its value,
// or two values, is refused; white space after it is not.
func TestConfigOneJSONValue(t *testing.T) {
	dir := t.TempDir()
	for text, ok := range map[string]bool{
		`{"neurons": 20}` + "\n\n":       true,
		`{"neurons": 20} garbage`:        false,
		`{"neurons": 20}{"neurons": 30}`: false,
	} {
		p := filepath.Join(dir, "c.json")
		os.WriteFile(p, []byte(text), 0o644)
		code, _, stderr := runTrain("-config", p, "-print-config")
		if (code == 0) != ok || (!ok && (code != 2 || !strings.Contains(stderr, "after the JSON value"))) {
			t.Errorf("%q: exit %d: %s", text, code, stderr)
		}
	}
}

// TestWritesAimedAtTheRunRefused: eval -out and inspect -fields naming the
// checkpoint they read (or a link to it, or its train.json) are refused
// and the checkpoint is left whole; out-of-range -monitor values are
// refused in one line.
func TestWritesAimedAtTheRunRefused(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	ckpt := saveTrained(t, dir)
	before, _ := os.ReadFile(ckpt)
	link := filepath.Join(t.TempDir(), "link.npz")
	os.Symlink(ckpt, link)
	for _, tc := range []struct {
		name string
		cmd  func(...string) (int, string, string)
		args []string
		want string
	}{
		{"eval -out CHECKPOINT", runEval, []string{"-data", data, "-out", ckpt, dir}, "the run's own checkpoint.npz"},
		{"eval -out LINK", runEval, []string{"-data", data, "-out", link, dir}, "the run's own checkpoint.npz"},
		{"eval -out train.json", runEval, []string{"-data", data, "-out", filepath.Join(dir, "train.json"), dir}, "the run's own train.json"},
		{"inspect -fields CHECKPOINT", runInspect, []string{"-fields", ckpt, dir}, "the run's own checkpoint.npz"},
		{"inspect -monitor -2", runInspect, []string{"-monitor", "-2", dir}, "-monitor must be"},
		{"eval -monitor -2", runEval, []string{"-data", data, "-monitor", "-2", dir}, "-monitor must be"},
		{"eval -monitor past the test digits", runEval, []string{"-data", data, "-assign-examples", "50", "-test-examples", "20", "-monitor", "20", "-pictures=false", "-out", filepath.Join(t.TempDir(), "e.json"), dir}, "only 20 test digits"},
	} {
		code, _, stderr := tc.cmd(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, %q; want exit 2 and one line with %q", tc.name, code, stderr, tc.want)
		}
	}
	if after, _ := os.ReadFile(ckpt); !bytes.Equal(before, after) {
		t.Fatal("the checkpoint changed")
	}
}

// TestLongValuesQuotedShort: a rule name of a megabyte in a configuration
// file gives an error line of a few dozen characters of it.
func TestLongValuesQuotedShort(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(p, []byte(`{"plasticity": {"rule": "`+strings.Repeat("x", 1<<20)+`"}}`), 0o644)
	code, _, stderr := runTrain("-config", p, "-print-config")
	if code != 2 || len(stderr) > 400 || !strings.Contains(stderr, "unknown learning rule") {
		t.Fatalf("exit %d, %d bytes: %.200s", code, len(stderr), stderr)
	}
}

// TestClassifySaveNamesClash: two inputs of one base name would be saved
// over each other: refused before anything is written.
func TestClassifySaveNamesClash(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	var files []string
	for _, sub := range []string{"a", "b"} {
		os.Mkdir(filepath.Join(dir, sub), 0o755)
		p := filepath.Join(dir, sub, "digit.png")
		f, _ := os.Create(p)
		png.Encode(f, image.NewGray(image.Rect(0, 0, 30, 30)))
		f.Close()
		files = append(files, p)
	}
	code, _, stderr := runClassify(append([]string{"-save", out, quickLabelled(t)}, files...)...)
	if code != 2 || !strings.Contains(stderr, "would both be saved as digit.png") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Fatalf("%d files written", len(left))
	}
}

func TestSweepFolderStaysInside(t *testing.T) {
	for file, want := range map[string]string{"a/seeds.json": "sweeps/seeds", "...json": "sweeps/sweep", "x/..json": "sweeps/sweep", "..": "sweeps/sweep", "b/.hidden.json": "sweeps/.hidden"} {
		if got := sweepDir(file); got != filepath.FromSlash(want) {
			t.Errorf("sweepDir(%q) = %q, want %q", file, got, want)
		}
	}
}

// quickLabelled saves a network of 10 neurons trained on 50 digits, each
// neuron labelled with its own index as class: a labelled checkpoint for
// tests that never get as far as its answers.
func quickLabelled(t *testing.T) string {
	t.Helper()
	cfg, m := trainOn(t, 10, 50)
	labels := make([]int8, 10)
	for j := range labels {
		labels[j] = int8(j)
	}
	c, err := checkpoint.New(cfg, m, dataset.MNIST, 50, 0, labels)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNamesAfterDoubleDash: after "--" a name that starts with a dash is a
// file, not a flag: classify reads both digits.
func TestNamesAfterDoubleDash(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for _, name := range []string{"-a.png", "-b.png"} {
		img := image.NewGray(image.Rect(0, 0, 28, 28))
		for y := 6; y < 22; y++ {
			img.Pix[y*28+14] = 255
		}
		f, _ := os.Create(filepath.Join(dir, name))
		png.Encode(f, img)
		f.Close()
		names = append(names, name)
	}
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	ck := quickLabelled(t)
	os.Chdir(dir)
	code, stdout, stderr := runClassify(append([]string{ck, "--"}, names...)...)
	if code != 0 || strings.Count(stdout, "-a.png")+strings.Count(stdout, "-b.png") < 2 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

func TestParseArgsDoubleDash(t *testing.T) {
	fs := newFlagSet("x", "", new(bytes.Buffer))
	n := fs.Int("n", 0, "")
	pos, code := parseArgs(fs, []string{"RUN", "-n", "3", "--", "-x", "-n", "5"})
	if code != -1 || *n != 3 || strings.Join(pos, " ") != "RUN -x -n 5" {
		t.Fatalf("code %d, n %d, names %q", code, *n, pos)
	}
}

// TestBusySweepFolderRefused: while another runner holds a sweep folder, a
// second sweep run says so in one line and writes nothing there.
func TestBusySweepFolderRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sw")
	spec := writeFile(t, `{"base": {"neurons": 10}, "examples": 20, "axes": {"seed": [1]}, "eval": {"assign_examples": 20, "test_examples": 20}}`)
	release, err := runlock.Acquire(out)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, _, stderr := runSweep("run", "-out", out, spec)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "in use by another process") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "results.md")); err == nil {
		t.Fatal("the refused runner wrote the sweep's table")
	}
}
