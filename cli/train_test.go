package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
	"spikemnist/learning"
	"spikemnist/network"
)

func runTrain(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Train(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestTrainUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-neurons", "0"}, "neurons must be at least 1"},
		{[]string{"-epochs", "-1"}, "epochs must not be negative"},
		{[]string{"-dt", "0"}, "-dt must be a positive, finite time step"},
		{[]string{"-dt", "-0.5"}, "-dt must be a positive, finite time step"},
		{[]string{"-examples", "-3"}, "-examples must not be negative"},
		{[]string{"-workers", "-1"}, "-workers must not be negative"},
		{[]string{"-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-config", "/nonexistent/c.json"}, "-config"},
	} {
		code, _, stderr := runTrain(c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

func TestMissingDataIsOneClearLine(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runTrain("-data", dir, "-fetch=false", "-out", filepath.Join(dir, "run"))
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "train-images-idx3-ubyte") || !strings.Contains(stderr, dir) || !strings.Contains(stderr, "MNIST_DIR") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// TestExamplesBeyondTheDataIsAnError: asking for more examples than MNIST
// holds must not quietly train on fewer.
func TestExamplesBeyondTheDataIsAnError(t *testing.T) {
	data := datasettest.Dir(t)
	out := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runTrain("-data", data, "-neurons", "4", "-examples", "90000", "-out", out)
	if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "-examples 90000, but the training set has only 60000") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "checkpoint.npz")); err == nil {
		t.Error("a checkpoint was written")
	}
}

func TestTrainWritesCheckpointAndSummary(t *testing.T) {
	data := datasettest.Dir(t)
	out := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := runTrain("-data", data, "-neurons", "12", "-examples", "150", "-epochs", "2",
		"-checkpoint-every", "100", "-seed", "9", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "on 300 examples (2 epochs)") {
		t.Errorf("stdout: %q", stdout)
	}
	if !strings.Contains(stderr, "running accuracy") {
		t.Errorf("no running accuracy logged: %q", stderr)
	}
	c, err := checkpoint.Load(filepath.Join(out, experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if c.N != 12 || c.ExamplesSeen != 300 || c.Epoch != 2 || c.Seed != 9 {
		t.Fatalf("checkpoint: N %d seen %d epoch %d seed %d", c.N, c.ExamplesSeen, c.Epoch, c.Seed)
	}
	var sum experiment.Summary
	b, _ := os.ReadFile(filepath.Join(out, experiment.SummaryFile))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.ExamplesSeen != 300 || len(sum.Running) != 2 || sum.Presentations < 300 || sum.Config.Neurons != 12 {
		t.Fatalf("summary %+v", sum)
	}
	if th := sum.Running[1].Theta; th == nil || th.Median <= th.RestTheta || !strings.Contains(stderr, "at or below rest") {
		t.Fatalf("θ not logged with the running accuracy: %+v, stderr %q", th, stderr)
	}
	// An existing run is not overwritten without -force.
	code, _, stderr = runTrain("-data", data, "-neurons", "12", "-examples", "10", "-out", out)
	if code != 1 || !strings.Contains(stderr, "-force") {
		t.Fatalf("second run into the same folder: exit %d, %q", code, stderr)
	}
}

func TestPrintConfigRoundTrips(t *testing.T) {
	code, stdout, _ := runTrain("-print-config", "-neurons", "33", "-seed", "4")
	if code != 0 || !strings.Contains(stdout, `"neurons": 33`) || !strings.Contains(stdout, `"norm_total": 78`) {
		t.Fatalf("exit %d: %s", code, stdout)
	}
	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(strings.Replace(stdout, `"w_ie": 17`, `"w_ie": 15`, 1)), 0o644)
	code, again, stderr := runTrain("-print-config", "-config", path, "-seed", "6")
	if code != 0 || !strings.Contains(again, `"w_ie": 15`) || !strings.Contains(again, `"seed": 6`) || !strings.Contains(again, `"neurons": 33`) {
		t.Fatalf("exit %d: %s %s", code, again, stderr)
	}
	os.WriteFile(path, []byte(`{"neurns": 5}`), 0o644)
	if code, _, stderr := runTrain("-config", path); code != 2 || !strings.Contains(stderr, "neurns") {
		t.Fatalf("unknown field: exit %d, %q", code, stderr)
	}
}

// TestPrintConfigScalesTheta: the θ constants follow -neurons, also under a
// configuration file that does not name them, and a file's own values win.
func TestPrintConfigScalesTheta(t *testing.T) {
	cfgOf := func(args ...string) network.Config { return printedConfig(t, args...) }
	want := network.Default(6400).Exc
	if got := cfgOf("-neurons", "6400").Exc; got.ThetaPlus != want.ThetaPlus || got.TauTheta != want.TauTheta || want.TauTheta == 1e7 {
		t.Fatalf("-neurons 6400: θ+ %v, τ_θ %v; want %v, %v", got.ThetaPlus, got.TauTheta, want.ThetaPlus, want.TauTheta)
	}
	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(`{"neurons": 400, "w_ie": 15}`), 0o644)
	if got := cfgOf("-config", path, "-neurons", "6400").Exc; got.TauTheta != want.TauTheta {
		t.Fatalf("-config without θ, -neurons 6400: τ_θ %v, want %v", got.TauTheta, want.TauTheta)
	}
	os.WriteFile(path, []byte(`{"neurons": 6400, "exc": {"tau_theta_ms": 3e7}}`), 0o644)
	if got := cfgOf("-config", path).Exc; got.TauTheta != 3e7 || got.ThetaPlus != want.ThetaPlus {
		t.Fatalf("explicit τ_θ: θ+ %v, τ_θ %v", got.ThetaPlus, got.TauTheta)
	}
}

// TestWorkersGiveTheSameRun: a run swept by three workers, or by as many as
// measured fastest, saves the same network as one on a single worker.
func TestWorkersGiveTheSameRun(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	var first *checkpoint.Checkpoint
	defer func(d time.Duration) { trialTime = d }(trialTime)
	for i, run := range []struct {
		workers string
		every   string // examples between checkpoints
		measure bool   // measure worker counts briefly, so that a run measures again after each checkpoint and its workers change mid-run
	}{{"1", "10000", false}, {"3", "10000", false}, {"0", "10000", false}, {"0", "20", true}} {
		w, out := run.workers, filepath.Join(dir, fmt.Sprint(i))
		if run.measure {
			trialTime = time.Nanosecond
		}
		code, _, stderr := runTrain("-data", data, "-neurons", "64", "-examples", "60", "-workers", w, "-checkpoint-every", run.every, "-out", out)
		if code != 0 {
			t.Fatalf("-workers %s: exit %d, %s", w, code, stderr)
		}
		if n := strings.Count(stderr, "workers: "); run.measure && runtime.GOMAXPROCS(0) > 1 && n < 3 {
			t.Fatalf("-workers 0, a checkpoint every 20 examples: %d measurements in 60 examples, want 3:\n%s", n, stderr)
		}
		var sum experiment.Summary
		b, _ := os.ReadFile(filepath.Join(out, experiment.SummaryFile))
		json.Unmarshal(b, &sum)
		if w != "0" && fmt.Sprint(sum.Workers) != w {
			t.Fatalf("-workers %s: summary says %d workers", w, sum.Workers)
		}
		c, err := checkpoint.Load(filepath.Join(out, experiment.CheckpointFile))
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = c
		} else if !slices.Equal(c.Weights, first.Weights) || !slices.Equal(c.Theta, first.Theta) {
			t.Fatalf("-workers %s: the network differs from one worker's", w)
		}
	}
}

// TestRuleFlag: -rule picks a rule with its defaults; a configuration's
// constants for that rule are kept; an unknown rule is a trainUsage error; the
// triplet constants of configurations from before the choice ("stdp") still
// read.
func TestRuleFlag(t *testing.T) {
	cfgOf := func(args ...string) network.Config { return printedConfig(t, args...) }
	if r := cfgOf().Plasticity.Rule(); r != "triplet" {
		t.Fatalf("default rule %s", r)
	}
	if p, ok := cfgOf("-rule", "exponential").Plasticity.Params.(*learning.Exponential); !ok || *p != *learning.DefaultExponential() {
		t.Fatalf("-rule exponential: %+v", p)
	}
	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(`{"plasticity": {"rule": "pre-post", "pre-post": {"eta_pre": 2e-4}}}`), 0o644)
	if p, ok := cfgOf("-config", path, "-rule", "pre-post").Plasticity.Params.(*learning.PrePost); !ok || p.EtaPre != 2e-4 || p.EtaPost != 1e-2 {
		t.Fatalf("-config with pre-post constants: %+v", p)
	}
	os.WriteFile(path, []byte(`{"stdp": {"nu_post": 0.02}}`), 0o644)
	if p, ok := cfgOf("-config", path).Plasticity.Params.(*learning.Triplet); !ok || p.NuPost != 0.02 || p.NuPre != 1e-4 || !p.Normalize {
		t.Fatalf("legacy stdp section: %+v", p)
	}
	if code, _, stderr := runTrain("-rule", "hebb"); code != 2 || !strings.Contains(stderr, `unknown learning rule "hebb"`) {
		t.Fatalf("-rule hebb: exit %d, %q", code, stderr)
	}
	os.WriteFile(path, []byte(`{"plasticity": {"rule": "power-law", "power-law": {"mu": -1}}}`), 0o644)
	if code, _, stderr := runTrain("-config", path); code != 2 || !strings.Contains(stderr, "plasticity.power-law.mu must not be negative") {
		t.Fatalf("negative mu: exit %d, %q", code, stderr)
	}
}

// printedConfig is the configuration train -print-config prints for args.
func printedConfig(t *testing.T, args ...string) network.Config {
	t.Helper()
	code, stdout, stderr := runTrain(append([]string{"-print-config"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d, %s", args, code, stderr)
	}
	var c network.Config
	if err := json.Unmarshal([]byte(stdout), &c); err != nil {
		t.Fatal(err)
	}
	return c
}
