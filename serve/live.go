package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"sync"

	"spikemnist/experiment"
	"spikemnist/visual"
)

// Live serves a page that follows a training run: receptive fields,
// running accuracy, θ histogram, rate, ETA and the last example's spikes.
// Set gives it a new state; the pictures are drawn when a browser asks for
// them, from the latest state, never on the training goroutine.
type Live struct {
	mu      sync.Mutex
	run     string // what the page names the run
	state   *experiment.Snapshot
	version int
	cache   map[string][]byte // pictures of the current version
}

// NewLive returns a live view with nothing to show yet.
func NewLive() *Live { return &Live{cache: map[string][]byte{}} }

// SetRun names the run the page shows (its folder or checkpoint).
func (l *Live) SetRun(name string) {
	l.mu.Lock()
	l.run = name
	l.mu.Unlock()
}

// Set replaces the state shown: a trainer's snapshot, which the view only
// reads.
func (l *Live) Set(s *experiment.Snapshot) {
	l.mu.Lock()
	l.state, l.cache = s, map[string][]byte{}
	l.version++
	l.mu.Unlock()
}

// liveStatus is /state.json.
type liveStatus struct {
	Version           int     `json:"version"`
	Run               string  `json:"run"`
	Neurons           int     `json:"neurons"`
	Seen              int64   `json:"examples_seen"`
	Total             int64   `json:"examples_total"`
	ExamplesPerSecond float64 `json:"examples_per_second"`
	ETASeconds        float64 `json:"eta_seconds"`
	Running           float64 `json:"running_accuracy_percent"`            // the last window's, all-activity vote; −1 before the first
	RunningProportion float64 `json:"running_proportion_accuracy_percent"` // the same, proportion vote; −1 when unknown
	Label             int     `json:"last_label"`
	Spikes            int64   `json:"last_spikes"`
	Done              bool    `json:"done"`
}

// ServeHTTP serves the page, /state.json and the pictures.
func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	s, v, run := l.state, l.version, l.run
	l.mu.Unlock()
	switch r.URL.Path {
	case "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, livePage)
		return
	case "/state.json":
		st := liveStatus{Version: v, Running: -1, RunningProportion: -1, Label: -1}
		if s != nil {
			st.Run, st.Neurons, st.Seen, st.Total, st.ExamplesPerSecond, st.Done = run, s.Neurons, s.Seen, s.Total, s.ExamplesPerSecond, s.Done
			if s.ExamplesPerSecond > 0 {
				st.ETASeconds = float64(s.Total-s.Seen) / s.ExamplesPerSecond
			}
			if n := len(s.Running); n > 0 {
				st.Running = s.Running[n-1].Accuracy
				if p := s.Running[n-1].Proportion; p != nil {
					st.RunningProportion = *p
				}
			}
			if s.Image != nil {
				st.Label = s.Label
				for _, c := range s.Counts {
					st.Spikes += int64(c)
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(st)
		return
	}
	draw, ok := livePictures[r.URL.Path]
	if !ok || s == nil {
		http.NotFound(w, r)
		return
	}
	l.mu.Lock()
	b, cached := l.cache[r.URL.Path]
	l.mu.Unlock()
	if !cached {
		var buf bytes.Buffer
		if err := draw(&buf, s); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		b = buf.Bytes()
		l.mu.Lock()
		if l.version == v {
			l.cache[r.URL.Path] = b
		}
		l.mu.Unlock()
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

var livePictures = map[string]func(io.Writer, *experiment.Snapshot) error{
	"/fields.png": func(w io.Writer, s *experiment.Snapshot) error {
		img, _ := visual.FieldsFigure(s.Weights, s.Neurons, nil, visual.FieldsOptions{Shape: s.Shape, Layout: visual.LayoutFor(s.Neurons)})
		return png.Encode(w, img)
	},
	"/theta.png": func(w io.Writer, s *experiment.Snapshot) error {
		c, err := visual.Theta(s.Theta, s.RestTheta, s.InitialTheta)
		if err != nil {
			return err
		}
		return c.PNG(w)
	},
	"/accuracy.png": func(w io.Writer, s *experiment.Snapshot) error {
		pts := make([]visual.AccuracyPoint, len(s.Running))
		for i, r := range s.Running {
			pts[i] = visual.Point(r.Examples, r.Accuracy, r.Proportion)
		}
		c, err := visual.Accuracy(pts, s.PerEpoch, nil)
		if err != nil {
			return err
		}
		return c.PNG(w)
	},
	"/example.png": func(w io.Writer, s *experiment.Snapshot) error {
		return png.Encode(w, visual.ExampleSpikes(s.Image, s.Shape, s.Counts))
	},
}

// livePage polls /state.json every second and reloads the pictures when
// the state is new. Each picture records its loaded size in data-w, so a
// test (or a curious reader) can see what the page shows.
var livePage = fmt.Sprintf(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>spikemnist: training</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
.grid { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; } figcaption { font-size: 90%%; color: #555; }
img { border: 1px solid #ddd; max-width: 580px; }
#status { font-size: 110%%; margin-bottom: 1em; }
</style></head><body>
<h1>Training <span id="run"></span></h1>
<p id="status">waiting for the first example…</p>
<div class="grid">
<figure><img id="fields" alt="receptive fields"><figcaption>Receptive fields (input weights; one grey scale up to the largest weight)</figcaption></figure>
<figure><img id="accuracy" alt="running accuracy"><figcaption>Running accuracy (labels from the previous window)</figcaption></figure>
<figure><img id="theta" alt="theta histogram"><figcaption>Adaptive thresholds θ</figcaption></figure>
<figure><img id="example" alt="last example"><figcaption id="excap">Last example and each neuron's spikes</figcaption></figure>
</div>
<script>
let shown = -1;
function fmt(s) { s = Math.round(s); const h = Math.floor(s/3600), m = Math.floor(s%%3600/60); return h ? h+" h "+m+" min" : m ? m+" min "+(s%%60)+" s" : s+" s"; }
for (const id of ["fields", "accuracy", "theta", "example"]) {
  const img = document.getElementById(id);
  img.onload = () => { img.dataset.w = img.naturalWidth; img.dataset.version = img.dataset.want; };
}
async function poll() {
  try {
    const s = await (await fetch("/state.json", {cache: "no-store"})).json();
    document.body.dataset.seen = s.examples_seen;
    document.body.dataset.done = s.done;
    document.getElementById("run").textContent = s.neurons + " neurons, " + s.run;
    let t = s.examples_seen + " / " + s.examples_total + " examples, " + s.examples_per_second.toFixed(1) + " examples/s";
    if (!s.done && s.eta_seconds > 0) t += ", ETA " + fmt(s.eta_seconds);
    if (s.running_accuracy_percent >= 0) t += "; running accuracy " + s.running_accuracy_percent.toFixed(2) + " %%";
    if (s.running_proportion_accuracy_percent >= 0) t += " (proportion vote " + s.running_proportion_accuracy_percent.toFixed(2) + " %%)";
    if (s.done) t += " — the session has ended";
    document.getElementById("status").textContent = t;
    if (s.last_label >= 0) document.getElementById("excap").textContent = "Last example (label " + s.last_label + "): " + s.last_spikes + " spikes";
    if (s.version !== shown && s.examples_seen > 0) {
      shown = s.version;
      for (const id of ["fields", "accuracy", "theta", "example"]) {
        const img = document.getElementById(id);
        img.dataset.want = s.version;
        img.src = "/" + id + ".png?v=" + s.version;
      }
    }
    if (s.done) return;
  } catch (e) { document.getElementById("status").textContent = "the run is not answering (" + e + ")"; }
  setTimeout(poll, %d);
}
poll();
</script>
</body></html>
`, 1000)
