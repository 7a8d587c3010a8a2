package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
	"spikemnist/serve"
)

var (
	answerRe  = regexp.MustCompile(`id="answer" data-class="(-?\d+)"`)
	drawnRe   = regexp.MustCompile(`data-drawn="([^"]+)"`)
	voteRe    = regexp.MustCompile(`class="vote[^"]*" data-vote="([^"]+)"`)
	monitorRe = regexp.MustCompile(`<img id="monitor" [^>]*src="data:image/png;base64,`)
	neuronRe  = regexp.MustCompile(`id="neuron-panel" data-neuron="(\d+)"`)
	labelRe   = regexp.MustCompile(`id="neuron-label">([^<]+)<`)
)

// TestExploreInABrowser loads the explorer in headless Chromium, draws a
// digit on its canvas with synthetic pointer events and clicks neuron 0 of
// the fields grid (the page's #selftest), then checks that the answer, its
// votes and the rasters appeared, that the answer is classify's for the
// digit the page says the network saw, and that the neuron's panel shows
// its label.
func TestExploreInABrowser(t *testing.T) {
	chromium := browser(t)
	ck := quickLabelled(t)
	c, cfg, m, err := checkpoint.LoadNetwork(ck)
	if err != nil {
		t.Fatal(err)
	}
	study, err := experiment.StudyNetwork(context.Background(), cfg, m, c.Assignments, datasettest.Load(t, "test").Head(40), 1, nil)
	if err != nil || len(study.Wrong) == 0 {
		t.Fatalf("study: %v, %d misclassified", err, len(study.Wrong))
	}
	ex, err := serve.NewExplorer([]serve.ExploreRun{{Name: "quick", Config: cfg, Model: m, Shape: c.Shape, Classes: c.Assignments, Study: study}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ex)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dom, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=20000",
		"--dump-dom", srv.URL+"/#selftest").Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	if !strings.Contains(string(dom), `data-selftest="done"`) {
		t.Fatalf("the page's self-test did not finish:\n%.3000s", dom)
	}
	// The drawn digit's answer, as the page kept it before the replay.
	dm := drawnRe.FindSubmatch(dom)
	if dm == nil {
		t.Fatal("the page kept no answer for the drawn digit")
	}
	var drawn struct {
		Class    int
		Votes    []float64
		Prepared string
		Monitor  int
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(string(dm[1]))), &drawn); err != nil {
		t.Fatal(err)
	}
	if len(drawn.Votes) != 10 || drawn.Monitor < 1000 || answerRe.Find(dom) == nil || len(voteRe.FindAll(dom, -1)) != 10 || !monitorRe.Match(dom) {
		t.Fatalf("drawn digit: %d votes, rasters of %d bytes; shown: answer %v, %d votes, rasters %v",
			len(drawn.Votes), drawn.Monitor, answerRe.Find(dom) != nil, len(voteRe.FindAll(dom, -1)), monitorRe.Match(dom))
	}
	// The first misclassified digit, replayed by a click, is the second
	// answer, under its label.
	if !strings.Contains(string(dom), `data-answered="2"`) || !strings.Contains(string(dom), `id="neuron-top"`) {
		t.Fatalf("no replayed digit or no top digits in the neuron's panel")
	}
	if n := neuronRe.FindSubmatch(dom); n == nil || string(n[1]) != "0" || labelRe.FindSubmatch(dom) == nil || string(labelRe.FindSubmatch(dom)[1]) != strconv.Itoa(int(c.Assignments[0])) {
		t.Fatalf("neuron panel: %q, label %q", n, labelRe.FindSubmatch(dom))
	}

	// classify on the digit as the page saw it, as an IDX file (taken as
	// prepared already).
	pix, err := base64.StdEncoding.DecodeString(drawn.Prepared)
	if err != nil || len(pix) != dataset.Pixels {
		t.Fatalf("prepared digit: %d bytes, %v", len(pix), err)
	}
	idx := filepath.Join(t.TempDir(), "digit-idx3-ubyte")
	f, _ := os.Create(idx)
	dataset.WriteIDX(f, []int{1, 28, 28}, pix)
	f.Close()
	code, stdout, stderr := runClassify("-format", "json", ck, idx)
	if code != 0 {
		t.Fatalf("classify: exit %d: %s", code, stderr)
	}
	var want []classified
	if err := json.Unmarshal([]byte(stdout), &want); err != nil || len(want) != 1 {
		t.Fatalf("classify's JSON: %v", err)
	}
	if drawn.Class != want[0].Class || !slices.Equal(drawn.Votes, want[0].Votes) {
		t.Fatalf("the page answers %d %v, classify %d %v", drawn.Class, drawn.Votes, want[0].Class, want[0].Votes)
	}
}

func TestExploreUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "name at least one run"},
		{[]string{"-pool", "-1", "x"}, 2, "-pool must be in"},
		{[]string{"-addr", "nocolon", "x"}, 2, "-addr"},
		{[]string{filepath.Join(t.TempDir(), "none")}, 1, "no such file"},
	} {
		var out, errb strings.Builder
		if code := Explore(c.args, &out, &errb); code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%q: exit %d, %q", c.args, code, errb.String())
		}
	}
}
