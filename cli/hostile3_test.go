//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
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
	cfg, m := trainOn(t, 10, 50)
	labels := make([]int8, 10)
	for j := range labels {
		labels[j] = int8(j)
	}
	c, err := checkpoint.New(cfg, m, dataset.MNIST, 50, 0, labels)
	if err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(t.TempDir(), "checkpoint.npz")
	if err := checkpoint.Save(run, c); err != nil {
		t.Fatal(err)
	}
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
