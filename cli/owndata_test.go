package cli

import (
	"encoding/json"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
)

// TestOwnDataSet trains and evaluates on a set of one's own, 12×14 images
// of four classes (bars of four angles), named by -dataset idx: the run
// learns them (well above the 25 % of chance in both votes), saves their
// shape, draws its fields in it, classifies a drawn bar, and is refused
// data of another shape; the same folder as MNIST is refused by MNIST's own
// checks.
func TestOwnDataSet(t *testing.T) {
	data := t.TempDir()
	sh := dataset.Shape{Rows: 12, Cols: 14, Classes: 4}
	if err := datasettest.WriteSet(data, sh, 800, 200, 3); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(t.TempDir(), "own")
	code, _, stderr := runTrain("-dataset", "idx", "-data", data, "-neurons", "24", "-workers", "1", "-checkpoint-every", "400", "-out", run)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	sum, err := experiment.ReadSummary(filepath.Join(run, "train.json"))
	if err != nil || sum.Data != sh {
		t.Fatalf("train.json: %v, data shape %v", err, sum.Data)
	}
	code, stdout, stderr := runEval("-dataset", "idx", "-data", data, "-workers", "1", run)
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	rep, err := experiment.ReadReport(filepath.Join(run, "eval.json"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Data != sh || len(rep.NeuronsInClass) != 4 || len(rep.Scores[0].Confusion) != 4 || rep.Scores[0].Total != 200 {
		t.Fatalf("report of shape %v, %d classes, %d×? confusion, %d test examples", rep.Data, len(rep.NeuronsInClass), len(rep.Scores[0].Confusion), rep.Scores[0].Total)
	}
	for _, s := range rep.Scores {
		if s.Accuracy < 70 {
			t.Errorf("%s vote: %.1f %% on 4 classes; the network did not learn the set\n%s", s.Vote, s.Accuracy, stdout)
		}
	}
	f, err := os.Open(filepath.Join(run, "fields.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// 24 neurons: a 5×5 grid of tiles of 14·4 × 12·4 pixels with 4-pixel
	// frames, below a title line.
	if b := img.Bounds(); b.Dx() != max(5*(14*4+8), 4*44+8, 7*len([]rune("Receptive fields of 24 neurons (one grey scale, 0 to the largest weight; frame: class)"))+8) || b.Dy() != 22+5*(12*4+8)+26 {
		t.Errorf("fields.png is %v", b)
	}

	// A bar of class 2 (90°), drawn as a user might: dark on light, large.
	drawn := image.NewGray(image.Rect(0, 0, 120, 140))
	for i := range drawn.Pix {
		drawn.Pix[i] = 250
	}
	bar := datasettest.Bar(dataset.Shape{Rows: 140, Cols: 120, Classes: 4}, 2, rand.New(rand.NewPCG(9, 9)))
	for i, v := range bar {
		drawn.Pix[i] = byte(250 - int(v)*250/255)
	}
	pngPath := filepath.Join(t.TempDir(), "bar.png")
	pf, _ := os.Create(pngPath)
	png.Encode(pf, drawn)
	pf.Close()
	code, stdout, stderr = runClassify("-format", "json", "-repeats", "3", run, pngPath)
	if code != 0 {
		t.Fatalf("classify: exit %d: %s", code, stderr)
	}
	var got []classified
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || len(got) != 1 {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(got[0].Votes) != 4 || got[0].Class != 2 {
		t.Errorf("the drawn bar: class %d, votes %v; want class 2 of 4", got[0].Class, got[0].Votes)
	}

	code, stdout, _ = runInspect("-fields", "none", run)
	if code != 0 || !strings.Contains(stdout, "168 inputs (images of 12×14, 4 classes)") {
		t.Errorf("inspect: exit %d\n%s", code, stdout)
	}

	// The wrong data: MNIST for this network, and this set as MNIST.
	mnist := os.Getenv("MNIST_DIR")
	code, _, stderr = runEval("-data", mnist, "-save-labels=false", "-pictures=false", "-out", filepath.Join(t.TempDir(), "e.json"), "-assign-examples", "10", "-test-examples", "10", run)
	if code != 1 || !strings.Contains(stderr, "the network is for images of 12×14, 4 classes; these data are 28×28, 10 classes") {
		t.Errorf("eval on MNIST: exit %d, %q", code, stderr)
	}
	code, _, stderr = runTrain("-resume", run, "-epochs", "2", "-data", mnist)
	if code != 1 || !strings.Contains(stderr, "is a run on images of 12×14, 4 classes, but the data are 28×28, 10 classes") {
		t.Errorf("resume on MNIST: exit %d, %q", code, stderr)
	}
	code, _, stderr = runTrain("-data", data, "-neurons", "4", "-out", filepath.Join(t.TempDir(), "m"))
	if code != 1 || !strings.Contains(stderr, "images are 12×14, not 28×28") {
		t.Errorf("the set as MNIST: exit %d, %q", code, stderr)
	}
	code, _, stderr = runTrain("-dataset", "fashion", "-data", data)
	if code != 2 || !strings.Contains(stderr, `unknown data set kind "fashion"`) {
		t.Errorf("-dataset fashion: exit %d, %q", code, stderr)
	}
}

// TestSweepOnOwnData: a sweep runs every run on a set of one's own named
// by -dataset, and refuses a kind it does not know.
func TestSweepOnOwnData(t *testing.T) {
	data := t.TempDir()
	if err := datasettest.WriteSet(data, dataset.Shape{Rows: 10, Cols: 10, Classes: 3}, 300, 90, 5); err != nil {
		t.Fatal(err)
	}
	spec := writeFile(t, `{"base": {"checkpoint_every": 100}, "examples": 300, "axes": {"neurons": [6, 12]}, "eval": {"assign_examples": 300, "test_examples": 90}}`)
	out := filepath.Join(t.TempDir(), "sw")
	code, stdout, stderr := runSweep("run", "-dataset", "idx", "-data", data, "-out", out, "-jobs", "2", spec)
	if code != 0 || strings.Count(stdout, "| done |") != 2 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	rep, err := experiment.ReadReport(filepath.Join(out, "runs", "n12", "eval.json"))
	if err != nil || rep.Data.Rows != 10 || len(rep.NeuronsInClass) != 3 {
		t.Fatalf("%v; %+v", err, rep)
	}
	if code, _, stderr := runSweep("run", "-dataset", "png", "-data", data, "-out", out+"2", spec); code != 2 || !strings.Contains(stderr, `unknown data set kind "png"`) {
		t.Errorf("-dataset png: exit %d, %q", code, stderr)
	}
}
