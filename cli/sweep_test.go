package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spikemnist/network"
	"spikemnist/sweep"
)

// asMain makes the test binary act as the sweep command, so that Slurm
// tasks submitted by the tests can run it (sbatch passes the environment on).
const asMain = "SPIKEMNIST_SWEEP_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMain) == "1" {
		os.Exit(Sweep(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func runSweep(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Sweep(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestSweepUsage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: sweep COMMAND"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run"}, 2, "want 1 argument(s), got 0"},
		{[]string{"run", "a.json", "b.json"}, 2, "want 1 argument(s), got 2"},
		{[]string{"run", "-jobs", "0", "a.json"}, 2, "-jobs must be at least 1"},
		{[]string{"run", "-out", dir + "/x", "/nonexistent/s.json"}, 1, "no such file"},
		{[]string{"status", dir}, 1, "is not a sweep folder"},
		{[]string{"task", dir, "0"}, 1, "is not a sweep folder"},
		{[]string{"slurm", "-dry-run", "-mem", "4G;rm", "-data", dir, "/nonexistent/s.json"}, 1, "no such file"},
	} {
		code, _, stderr := runSweep(c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, %q; want %d, %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestFlagsAfterArguments: flags may follow the sweep file.
func TestFlagsAfterArguments(t *testing.T) {
	spec := writeFile(t, `{"axes": {"neurons": [10, 20]}}`)
	code, stdout, stderr := runSweep("slurm", spec, "-dry-run", "-cpus-per-task", "3", "-data", t.TempDir())
	if code != 0 || !strings.Contains(stdout, "#SBATCH --array=0-1\n") || !strings.Contains(stdout, "-workers 3") {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
}

func writeFile(t *testing.T, text string) string {
	p := t.TempDir() + "/s.json"
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShippedSweeps: the sweep files in examples/sweeps stay valid, and
// paper.json is the paper's protocol.
func TestShippedSweeps(t *testing.T) {
	files, _ := filepath.Glob("../examples/sweeps/*.json")
	if len(files) < 3 {
		t.Fatalf("sweep files %v", files)
	}
	for _, f := range files {
		if _, _, err := sweep.ReadSpec(f); err != nil {
			t.Error(err)
		}
	}
	s, _, err := sweep.ReadSpec("../examples/sweeps/paper.json")
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Expand()
	protocol := map[int]struct{ epochs, examples int }{100: {1, 40000}, 400: {3, 0}, 1600: {7, 0}, 6400: {15, 0}}
	rules := map[string]int{}
	for i := range runs {
		cfg, examples, err := s.Config(&runs[i])
		if err != nil {
			t.Fatal(err)
		}
		p, ok := protocol[cfg.Neurons]
		if !ok || cfg.Epochs != p.epochs || examples != p.examples {
			t.Errorf("%s: N %d, %d epochs of %d examples", runs[i].Name, cfg.Neurons, cfg.Epochs, examples)
		}
		rules[cfg.Plasticity.Rule()]++
		if !cfg.WeightStart.IsRandom() || cfg.Order != network.OrderFixed {
			t.Errorf("%s: starts %s, order %q: not as the paper", runs[i].Name, cfg.WeightStart, cfg.Order)
		}
	}
	if len(runs) != 16 || len(rules) != 4 || s.Eval.Repeats != 10 || s.Eval.AssignExamples != 60000 {
		t.Fatalf("%d runs, rules %v, %d test presentations", len(runs), rules, s.Eval.Repeats)
	}
}
