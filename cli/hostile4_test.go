package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"spikemnist/dataset/datasettest"
)

// TestFloatFlagsMustBeNumbers: a -dt that cannot go into the configuration
// (NaN, ±Inf, nothing positive) is an error naming the flag, never a
// reason to drop the other flags of the command line.
func TestFloatFlagsMustBeNumbers(t *testing.T) {
	for _, v := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "0", "-0.5"} {
		code, stdout, stderr := runTrain("-dt", v, "-neurons", "10", "-epochs", "2", "-print-config")
		if code != 2 || !strings.Contains(stderr, "-dt must be a positive, finite time step") || stdout != "" {
			t.Errorf("-dt %s: exit %d, stdout %.60q, stderr %q", v, code, stdout, stderr)
		}
	}
	code, stdout, _ := runTrain("-dt", "0.25", "-neurons", "10", "-epochs", "2", "-print-config")
	if code != 0 || !strings.Contains(stdout, `"dt_ms": 0.25`) || !strings.Contains(stdout, `"neurons": 10`) || !strings.Contains(stdout, `"epochs": 2`) {
		t.Fatalf("-dt 0.25: exit %d, %s", code, stdout)
	}
}

// TestConfigMessagesBounded: an unknown key of megabytes or a number of a
// million digits is quoted in at most 40 characters; an empty -config is
// an error, not the defaults.
func TestConfigMessagesBounded(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, body, want string }{
		{"key", `{"` + strings.Repeat("k", 3<<20) + `": 1}`, `unknown field "kkk`},
		{"number", `{"neurons": ` + strings.Repeat("9", 1<<20) + `}`, "cannot unmarshal number 999"},
		{"empty", "", "is empty"},
		{"blank", " \n\t\n", "is empty"},
	} {
		path := filepath.Join(dir, c.name+".json")
		os.WriteFile(path, []byte(c.body), 0o644)
		code, _, stderr := runTrain("-config", path, "-print-config")
		if code != 2 || !strings.Contains(stderr, c.want) || len(stderr) > 300 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, %d bytes of stderr: %.200q", c.name, code, len(stderr), stderr)
		}
	}
}

// TestEvalInterruptedExits130: SIGINT during eval ends it with one line
// saying what was not written, exit 130, and no results file.
func TestEvalInterruptedExits130(t *testing.T) {
	data := datasettest.Dir(t)
	path := saveTrained(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "eval.json")
	var shown atomic.Int64
	evalAfterExample = func() {
		if shown.Add(1) == 50 {
			syscall.Kill(syscall.Getpid(), syscall.SIGINT)
		}
		if shown.Load() >= 50 {
			time.Sleep(time.Millisecond) // let the signal land
		}
	}
	defer func() { evalAfterExample = nil }()
	code, _, stderr := runEval("-data", data, "-assign-examples", "2000", "-test-examples", "500", "-pictures=false", "-save-labels=false", "-out", out, path)
	if code != 130 || !strings.Contains(stderr, "eval: interrupted; nothing written ("+out) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("an interrupted eval wrote its results")
	}
}
