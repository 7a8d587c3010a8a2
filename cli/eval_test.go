package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
	"spikemnist/internal/runlock"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

func runEval(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Eval(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "name one checkpoint"},
		{[]string{"a", "b"}, "name one checkpoint"},
		{[]string{"-assign-examples", "-1", "x"}, "-assign-examples must not be negative"},
		{[]string{"-workers", "-2", "x"}, "-workers must not be negative"},
		{[]string{"-repeats", "0", "x"}, "-repeats must be in [1, 1000]"},
		{[]string{"-holdout", "-1", "x"}, "-holdout must not be negative"},
		{[]string{"-nope", "x"}, "flag provided but not defined"},
	} {
		code, _, stderr := runEval(c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}

func TestBadCheckpointIsOneClearLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "checkpoint.npz")
	os.WriteFile(path, []byte("PK\x03\x04 not really"), 0o644)
	code, _, stderr := runEval(dir)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, path) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// TestCountsBeyondTheDataAreErrors: more labelling or test examples than
// MNIST holds is a evalUsage error, not a quiet evaluation on fewer.
func TestCountsBeyondTheDataAreErrors(t *testing.T) {
	data := datasettest.Dir(t)
	path := saveTrained(t, t.TempDir())
	for _, c := range []struct{ flag, n, want string }{
		{"-assign-examples", "60001", "-assign-examples 60001, but the train set has only 60000 examples"},
		{"-test-examples", "20000", "-test-examples 20000, but the test set has only 10000 examples"},
		{"-holdout", "60000", "-holdout 60000, but the train set has only 60000 examples"},
		{"-test-examples", "10001 -holdout 10000", "-test-examples 10001, but the held-out train set has only 10000 examples"},
		{"-assign-examples", "50001 -holdout 10000", "-assign-examples 50001, but the train set has only 50000 examples"},
	} {
		code, _, stderr := runEval(append(append([]string{"-data", data, c.flag}, strings.Fields(c.n)...), path)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s %s: exit %d, stderr %q", c.flag, c.n, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "eval.json")); err == nil {
		t.Error("eval.json was written")
	}
}

// trainOn trains n neurons on the first examples real training digits.
func trainOn(t *testing.T, n, examples int) (*network.Config, *network.Model) {
	t.Helper()
	train := datasettest.Load(t, "train")
	cfg := network.Default(n)
	m := network.NewModel(&cfg, dataset.Pixels)
	s := cpu.NewSim(&cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	for k := 0; k < examples; k++ {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	return &cfg, m
}

// saveTrained trains a small network on real digits and saves it.
func saveTrained(t *testing.T, dir string) string {
	t.Helper()
	cfg, m := trainOn(t, 16, 200)
	c, err := checkpoint.New(cfg, m, dataset.MNIST, 200, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestEvalIsReproducibleAndLabelsCheckpoint evaluates a saved network twice,
// with different worker counts: same report, and the labels are saved.
func TestEvalIsReproducibleAndLabelsCheckpoint(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	path := saveTrained(t, dir)
	var reports [2]experiment.Report
	for i, workers := range []string{"1", "2"} {
		code, stdout, stderr := runEval("-data", data, "-assign-examples", "300", "-test-examples", "200", "-workers", workers, path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "test accuracy (all_activity vote)") || !strings.Contains(stdout, "confusion") {
			t.Fatalf("stdout %q", stdout)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "eval.json"))
		if err := json.Unmarshal(b, &reports[i]); err != nil {
			t.Fatal(err)
		}
	}
	a, b := reports[0], reports[1]
	if !reflect.DeepEqual(a.Scores[0].Confusion, b.Scores[0].Confusion) || !reflect.DeepEqual(a.Scores[1].Confusion, b.Scores[1].Confusion) {
		t.Fatal("results depend on the number of workers")
	}
	if a.Scores[0].Total != 200 || a.Scores[0].Accuracy < 25 {
		t.Fatalf("accuracy %.1f%% over %d test digits", a.Scores[0].Accuracy, a.Scores[0].Total)
	}
	c, err := checkpoint.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Assignments == nil || slices.Max(c.Assignments) < 0 {
		t.Fatalf("labels not saved: %v", c.Assignments)
	}
}

// TestRunFolderPicturesAndReport evaluates a saved network and checks that
// the run folder receives every picture (decodable PNG), the monitor's npz
// and a report page that needs no server.
func TestRunFolderPicturesAndReport(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	path := saveTrained(t, dir)
	code, _, stderr := runEval("-data", data, "-assign-examples", "200", "-test-examples", "100", "-monitor", "3", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pngs := []string{"fields.png", "fields-by-class.png", "assignments.png", "theta.png", "weights.png", "confusion.png", "misclassified.png", "example.png"}
	for _, f := range pngs {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	for _, f := range []string{"theta.svg", "weights.svg", "confusion.svg"} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err != nil || !bytes.Contains(b, []byte("<svg")) {
			t.Fatalf("%s: %v", f, err)
		}
	}
	rec, err := os.ReadFile(filepath.Join(dir, "example.npz"))
	if err != nil || !bytes.Contains(rec, []byte("exc_spikes.npy")) {
		t.Fatalf("example.npz: %v", err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	var rep experiment.Report
	b, _ := os.ReadFile(filepath.Join(dir, "eval.json"))
	json.Unmarshal(b, &rep)
	want := fmt.Sprintf("%.2f %%", rep.Scores[0].Accuracy)
	if !bytes.Contains(page, []byte(want)) || bytes.Count(page, []byte(`src="data:image/png;base64,`)) != len(pngs) ||
		bytes.Contains(page, []byte(`src="http`)) || !bytes.Contains(page, []byte("Test digit 3")) {
		t.Fatalf("report.html lacks the accuracy %s, its %d embedded pictures or the monitored digit", want, len(pngs))
	}
}

// TestEvalWarnsAboutThresholdsAtRest: a network whose θ puts thresholds at
// or below rest, and whose test accuracy falls far below the running
// accuracy its training logged, gets one warning line for each.
func TestEvalWarnsAboutThresholdsAtRest(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	path := saveTrained(t, dir)
	args := []string{"-data", data, "-assign-examples", "200", "-test-examples", "100", "-pictures=false", path}
	code, _, stderr := runEval(args...)
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Fatalf("a sound network: exit %d, stderr %q", code, stderr)
	}
	c, err := checkpoint.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 5; j++ {
		c.Theta[j] = 2 // threshold −70 mV, below rest at −65 mV
	}
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "train.json"), []byte(`{"running_accuracy": [{"examples": 200, "accuracy_percent": 99.5}]}`), 0o644)
	code, stdout, stderr := runEval(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var warn []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "eval: warning: ") {
			warn = append(warn, l)
		}
	}
	if len(warn) != 2 || !strings.Contains(warn[0], "5 of 16 neurons have a threshold at or below the resting potential") ||
		!strings.Contains(warn[1], "below the running accuracy at the end of training (99.50 %)") {
		t.Fatalf("warnings %q", warn)
	}
	if !strings.Contains(stdout, "5 at or below rest") {
		t.Fatalf("stdout lacks the threshold count:\n%s", stdout)
	}
	var rep experiment.Report
	b, _ := os.ReadFile(filepath.Join(dir, "eval.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Theta.AtRest != 5 || len(rep.Warnings) != 2 || rep.FinalRunning == nil || *rep.FinalRunning != 99.5 {
		t.Fatalf("eval.json: θ %+v, warnings %q", rep.Theta, rep.Warnings)
	}
}

// TestRepeatsGiveFreshSpikes presents the test set three times: the first
// presentation is the one a plain run gives, the others draw fresh Poisson
// trains, and the report's mean and sd are those of the three accuracies.
func TestRepeatsGiveFreshSpikes(t *testing.T) {
	data := datasettest.Dir(t)
	path := saveTrained(t, t.TempDir())
	args := []string{"-data", data, "-assign-examples", "300", "-test-examples", "200", "-pictures=false", "-save-labels=false"}
	read := func(out string) map[string]any {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var r map[string]any
		json.Unmarshal(b, &r)
		return r
	}
	one := filepath.Join(t.TempDir(), "one.json")
	if code, _, stderr := runEval(append(args, "-out", one, path)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	three := filepath.Join(t.TempDir(), "three.json")
	code, stdout, stderr := runEval(append(args, "-repeats", "3", "-pictures", "-out", three, path)...)
	if code != 0 || !strings.Contains(stdout, "over 3 presentations (all_activity vote)") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	if page, err := os.ReadFile(filepath.Join(filepath.Dir(path), "report.html")); err != nil || !strings.Contains(string(page), "Over 3 presentations of the test set") {
		t.Fatalf("report.html does not give the spread over presentations (%v)", err)
	}
	r1, r3 := read(one), read(three)
	if fmt.Sprint(r1["scores"]) != fmt.Sprint(r3["scores"]) {
		t.Fatal("the first of three presentations differs from a single one")
	}
	sp := r3["accuracy_over_presentations"].([]any)[0].(map[string]any)
	each := sp["each_percent"].([]any)
	if len(each) != 3 || r3["test_presentations"] != 3.0 {
		t.Fatalf("spread %v", sp)
	}
	a, b, c := each[0].(float64), each[1].(float64), each[2].(float64)
	if a == b && b == c {
		t.Fatalf("three presentations gave the same accuracy %v: not fresh spikes", a)
	}
	mean := (a + b + c) / 3
	sd := math.Sqrt(((a-mean)*(a-mean) + (b-mean)*(b-mean) + (c-mean)*(c-mean)) / 2)
	if math.Abs(sp["mean_percent"].(float64)-mean) > 1e-9 || math.Abs(sp["sd_percent"].(float64)-sd) > 1e-9 {
		t.Fatalf("mean %v sd %v, want %v %v", sp["mean_percent"], sp["sd_percent"], mean, sd)
	}
	if r3["test"].(map[string]any)["examples"] != 600.0 {
		t.Fatalf("test phase %v, want 600 examples", r3["test"])
	}
}

// TestEvalRespectsTheRunLock: while a trainer holds the run folder, eval
// does not write into it (one line, exit 1), but can evaluate read-only.
func TestEvalRespectsTheRunLock(t *testing.T) {
	data := datasettest.Dir(t)
	path := saveTrained(t, t.TempDir())
	release, err := runlock.Acquire(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	before, _ := os.ReadFile(path)
	code, _, stderr := runEval("-data", data, "-assign-examples", "50", "-test-examples", "20", path)
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "in use by another process") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "e.json")
	code, _, stderr = runEval("-data", data, "-assign-examples", "50", "-test-examples", "20", "-save-labels=false", "-pictures=false", "-out", out, path)
	if code != 0 {
		t.Fatalf("read-only evaluation: exit %d, %s", code, stderr)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the checkpoint changed")
	}
}

// TestEvalSeries: train -keep keeps numbered networks; eval -series scores
// each and draws the series; a folder with none is one clear line.
func TestEvalSeries(t *testing.T) {
	data := datasettest.Dir(t)
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := runTrain("-data", data, "-neurons", "10", "-examples", "60", "-checkpoint-every", "20", "-keep", "2", "-out", dir); code != 0 {
		t.Fatalf("train -keep: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runEval("-series", "-data", data, "-assign-examples", "50", "-test-examples", "20", dir)
	if code != 0 || !strings.Contains(stdout, "        40") || !strings.Contains(stdout, "        60") || strings.Contains(stdout, "        20  ") {
		t.Fatalf("eval -series: exit %d:\n%s\n%s", code, stdout, stderr)
	}
	var pts []experiment.SeriesPoint
	b, _ := os.ReadFile(filepath.Join(dir, "series.json"))
	if json.Unmarshal(b, &pts) != nil || len(pts) != 2 || pts[0].Examples != 40 {
		t.Fatalf("series.json: %s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "accuracy-series.png")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runEval("-data", data, "-assign-examples", "50", "-test-examples", "20", dir); code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	if page, err := os.ReadFile(filepath.Join(dir, "report.html")); err != nil || !bytes.Contains(page, []byte("Test accuracy against training examples (eval -series)")) {
		t.Fatalf("report.html does not show the series (%v)", err)
	}
	empty := t.TempDir()
	if code, _, stderr := runEval("-series", "-data", data, empty); code != 1 || !strings.Contains(stderr, "no numbered checkpoints") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("no numbered checkpoints: exit %d, %q", code, stderr)
	}
}

// TestHoldoutClassifiesTheLastTrainingDigits: -holdout H labels from the
// training digits before the last H and classifies those H, never a test
// digit; the report names the set.
func TestHoldoutClassifiesTheLastTrainingDigits(t *testing.T) {
	data := datasettest.Dir(t)
	path := saveTrained(t, t.TempDir())
	out := filepath.Join(t.TempDir(), "held.json")
	code, _, stderr := runEval("-data", data, "-holdout", "100", "-assign-examples", "200", "-test-examples", "40", "-pictures=false", "-save-labels=false", "-out", out, path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r experiment.Report
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Test.Set != "held-out train" || r.Test.Examples != 40 || r.Labelling.Set != "train" || r.Labelling.Examples != 200 {
		t.Fatalf("labelling %+v, test %+v", r.Labelling, r.Test)
	}
}

// TestReadoutBesideTheVotes: eval -readout logreg scores the test digits
// with a readout fitted on the labelling digits, beside both votes, and
// saves it with the labels; classify then answers with it too; a later
// labelling without a readout drops it.
func TestReadoutBesideTheVotes(t *testing.T) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	path := saveTrained(t, dir)
	args := []string{"-data", data, "-assign-examples", "300", "-test-examples", "100", "-pictures=false"}
	code, stdout, stderr := runEval(append(args, "-readout", "logreg", path)...)
	if code != 0 || !strings.Contains(stdout, "test accuracy (logreg vote): ") || !strings.Contains(stdout, "test accuracy (all_activity vote)") {
		t.Fatalf("exit %d: %s\n%s", code, stdout, stderr)
	}
	r, err := experiment.ReadReport(filepath.Join(dir, "eval.json"))
	if err != nil || len(r.Scores) != 3 || r.Scores[2].Vote != "logreg" || r.Scores[2].Total != 100 {
		t.Fatalf("eval.json scores %+v (%v)", r.Scores, err)
	}
	ck, err := checkpoint.Load(path)
	if err != nil || len(ck.Readout) != 10*17 {
		t.Fatalf("checkpoint readout of %d weights (%v)", len(ck.Readout), err)
	}
	img := filepath.Join(dir, "digit.idx")
	test := datasettest.Load(t, "test")
	if err := datasettest.WriteIDX(img, []int{1, 28, 28}, test.Image(0)); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runClassify(path, img); code != 0 || !strings.Contains(stdout, "readout ") {
		t.Fatalf("classify: exit %d: %s %s", code, stdout, stderr)
	}
	if code, _, stderr := runEval(append(args, path)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if ck, _ := checkpoint.Load(path); ck.Readout != nil {
		t.Fatal("a labelling without a readout kept the old one")
	}
	if code, _, stderr := runEval(append(args, "-readout", "svm", path)...); code != 2 || !strings.Contains(stderr, "-readout must be none or logreg") {
		t.Fatalf("-readout svm: exit %d, %q", code, stderr)
	}
}
