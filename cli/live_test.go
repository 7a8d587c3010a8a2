package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"spikemnist/dataset/datasettest"
)

// browser finds headless Chromium; SPIKEMNIST_REQUIRE_CHROMIUM=1 (as CI
// sets) makes its absence a failure.
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SPIKEMNIST_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("no chromium, and SPIKEMNIST_REQUIRE_CHROMIUM=1")
	}
	t.Skip("no chromium here (Debian: apt-get install chromium)")
	return ""
}

// page is what a headless browser shows of the live view after its
// scripts have run for a while.
type page struct {
	seen             int
	widths, versions map[string]int
	status           string
}

var (
	seenRe   = regexp.MustCompile(`<body[^>]*data-seen="(\d+)"`)
	imgRe    = regexp.MustCompile(`<img id="(\w+)"[^>]*>`)
	attrRe   = regexp.MustCompile(`data-(w|version)="(\d+)"`)
	statusRe = regexp.MustCompile(`<p id="status">([^<]*)`)
)

func load(t *testing.T, chromium, url string) page {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--dump-dom", url).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	p := page{widths: map[string]int{}, versions: map[string]int{}}
	if m := seenRe.FindSubmatch(out); m != nil {
		p.seen, _ = strconv.Atoi(string(m[1]))
	}
	if m := statusRe.FindSubmatch(out); m != nil {
		p.status = string(m[1])
	}
	for _, m := range imgRe.FindAllSubmatch(out, -1) {
		for _, a := range attrRe.FindAllSubmatch(m[0], -1) {
			v, _ := strconv.Atoi(string(a[2]))
			if string(a[1]) == "w" {
				p.widths[string(m[1])] = v
			} else {
				p.versions[string(m[1])] = v
			}
		}
	}
	return p
}

// TestLiveViewInABrowser trains with -serve, loads the page twice in a real
// headless Chromium, and checks that its four pictures load and that the
// page follows the run; the run ends (on SIGINT) and so does the page's
// server.
func TestLiveViewInABrowser(t *testing.T) {
	chromium := browser(t)
	data := datasettest.Dir(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	out := filepath.Join(t.TempDir(), "run")
	done := make(chan int)
	go func() {
		code, _, _ := runTrain("-data", data, "-neurons", "100", "-examples", "60000", "-checkpoint-every", "300", "-workers", "1", "-serve", addr, "-out", out)
		done <- code
	}()
	url := "http://" + addr + "/"
	deadline := time.Now().Add(time.Minute)
	for {
		var st struct {
			Running float64 `json:"running_accuracy_percent"`
		}
		st.Running = -1
		if r, err := http.Get(url + "state.json"); err == nil {
			json.NewDecoder(r.Body).Decode(&st)
			r.Body.Close()
			if st.Running >= 0 {
				break // a window's accuracy is known
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the live view never showed a running accuracy")
		}
		time.Sleep(100 * time.Millisecond)
	}
	first := load(t, chromium, url)
	time.Sleep(1500 * time.Millisecond)
	second := load(t, chromium, url)
	for _, p := range []page{first, second} {
		for _, id := range []string{"fields", "accuracy", "theta", "example"} {
			if p.widths[id] < 100 || p.versions[id] < 1 {
				t.Fatalf("picture %s: %d px wide, version %d (page %+v)", id, p.widths[id], p.versions[id], p)
			}
		}
		if p.seen < 1 || !regexp.MustCompile(`\d+ / 60000 examples, [\d.]+ examples/s, ETA .*; running accuracy [\d.]+ %`).MatchString(p.status) {
			t.Fatalf("status %q", p.status)
		}
	}
	if second.seen <= first.seen || second.versions["fields"] <= first.versions["fields"] {
		t.Fatalf("the page did not follow the run: %d then %d examples, fields version %d then %d",
			first.seen, second.seen, first.versions["fields"], second.versions["fields"])
	}
	if dir := os.Getenv("SPIKEMNIST_SCREENSHOTS"); dir != "" {
		shot := filepath.Join(dir, "live-view.png")
		exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1300,1000", "--virtual-time-budget=3000", "--screenshot="+shot, url).Run()
		t.Logf("screenshot: %s", shot)
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGINT)
	select {
	case code := <-done:
		if code != 130 {
			t.Fatalf("interrupted run: exit %d", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("the run did not end on SIGINT")
	}
	if r, err := http.Get(url + "state.json"); err == nil {
		r.Body.Close()
		t.Fatalf("the live view still answers after the run ended (%s)", r.Status)
	}
}
