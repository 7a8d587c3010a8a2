package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"

	"spikemnist/dataset"
	"spikemnist/digits"
	"spikemnist/experiment"
	"spikemnist/internal/runlock"
	"spikemnist/network"
	"spikemnist/results"
	"spikemnist/visual"
)

// ExploreRun is one frozen network the explorer questions.
type ExploreRun struct {
	Name    string // as the menu shows it (its folder or checkpoint)
	Config  *network.Config
	Model   *network.Model
	Shape   dataset.Shape
	Classes []int8 // each neuron's label; nil: not labelled yet (run eval first)
	// Readout is the linear readout eval -readout saved with the labels;
	// nil: none.
	Readout *results.LogReg
	Folder  string // the run folder, to tell the page when a trainer holds it; "": none
	// Study, if not nil, is what the network does with labelled digits:
	// each neuron's response per class and the digits it answers most,
	// and the digits it gets wrong, each replayable.
	Study *experiment.Study
}

// Explorer serves a page that questions trained, labelled networks: a digit
// drawn or dropped in the browser is prepared as classify prepares it and
// shown to the network with the same engine and protocol as eval, and the
// page shows the answer, every class's vote, the rasters of the
// presentation and its rest, the potentials of the neurons that answered
// most and the fields of every neuron that fired; a grid of the fields
// answers a click with that neuron's field, θ and label. It writes nothing;
// each answer is its own simulation, at most Pool at once.
type Explorer struct {
	runs  []ExploreRun
	fig   [][2]fieldsFigure // per run, by neuron and by class, drawn at start
	slots chan struct{}
	mem   *budget // what answers may hold at once of reading and preparing their images
	// Engine makes the frozen engines that answer; nil: the CPU engine.
	// Set it before serving.
	Engine network.EngineMaker
}

type fieldsFigure struct {
	png   []byte
	tiles []image.Rectangle
}

// MaxRequestBytes bounds the body of an answer request: a drawn digit is a
// few KB, a photograph a few MB.
const MaxRequestBytes = 16 << 20

// AnswerMemory bounds the memory that the answers in progress hold at once
// to read and prepare their images, whatever -pool allows for their
// simulations: each takes its body's length (or MaxRequestBytes when it
// does not say) before reading it, and its image's decoding cost
// (digits.DecodeCost, from the header) before decoding it, waiting while
// others hold the rest. An image that would cost more on its own is
// refused.
const AnswerMemory = 576 << 20

// MaxRepeats bounds the presentations one answer may ask for.
const MaxRepeats = 10

// NewExplorer serves runs, with at most pool simulations at once (0: one
// per core).
func NewExplorer(runs []ExploreRun, pool int) (*Explorer, error) {
	if len(runs) == 0 {
		return nil, errors.New("no run to explore")
	}
	if pool <= 0 {
		pool = runtime.GOMAXPROCS(0)
	}
	e := &Explorer{runs: runs, slots: make(chan struct{}, pool), mem: newBudget(AnswerMemory)}
	for _, r := range runs {
		var figs [2]fieldsFigure
		for k, byClass := range []bool{false, true} {
			o := visual.FieldsOptions{Shape: r.Shape, Layout: visual.LayoutFor(r.Model.N), PerTile: byClass, SortByClass: byClass,
				Title: fmt.Sprintf("Receptive fields of %d neurons (frame: label); click one", r.Model.N)}
			if byClass {
				o.Title = "Receptive fields by class, each on its own grey scale; click one"
			}
			img, tiles := visual.FieldsFigure(r.Model.W, r.Model.N, r.Classes, o)
			var b bytes.Buffer
			if err := png.Encode(&b, img); err != nil {
				return nil, err
			}
			figs[k] = fieldsFigure{b.Bytes(), tiles}
		}
		e.fig = append(e.fig, figs)
	}
	return e, nil
}

// figure is the fields figure the request asks for (by=class or not).
func (e *Explorer) figure(k int, r *http.Request) fieldsFigure {
	if r.URL.Query().Get("by") == "class" {
		return e.fig[k][1]
	}
	return e.fig[k][0]
}

//go:embed explore.html
var explorePage []byte

func (e *Explorer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(explorePage)
	case "/runs.json":
		e.serveRuns(w)
	case "/fields.png":
		if k, ok := e.run(w, r); ok {
			w.Header().Set("Content-Type", "image/png")
			w.Write(e.figure(k, r).png)
		}
	case "/neuron.json":
		e.serveNeuron(w, r)
	case "/field.png":
		e.serveField(w, r)
	case "/answer":
		e.serveAnswer(w, r)
	case "/digit.png":
		e.serveDigit(w, r)
	case "/misses.json":
		if k, ok := e.run(w, r); ok {
			var m []experiment.Miss
			if st := e.runs[k].Study; st != nil {
				m = st.Wrong[:min(len(st.Wrong), maxMisses)]
			}
			writeJSON(w, m)
		}
	default:
		http.NotFound(w, r)
	}
}

// runInfo is one entry of /runs.json.
type runInfo struct {
	Name     string            `json:"name"`
	Neurons  int               `json:"neurons"`
	Rows     int               `json:"rows"`
	Cols     int               `json:"cols"`
	Classes  int               `json:"classes"`
	Labelled bool              `json:"labelled"`
	Tiles    []image.Rectangle `json:"tiles"`          // each neuron's tile in fields.png
	ByClass  []image.Rectangle `json:"tiles_by_class"` // the same in fields.png?by=class
	Width    int               `json:"width"`          // of fields.png (either)
	Training bool              `json:"training"`       // another process holds the run's folder: a trainer, most likely
}

func (e *Explorer) serveRuns(w http.ResponseWriter) {
	var out []runInfo
	for k, r := range e.runs {
		cfg, _ := png.DecodeConfig(bytes.NewReader(e.fig[k][0].png))
		out = append(out, runInfo{Name: r.Name, Neurons: r.Model.N, Rows: r.Shape.Rows, Cols: r.Shape.Cols, Classes: r.Shape.Classes,
			Labelled: r.Classes != nil, Tiles: e.fig[k][0].tiles, ByClass: e.fig[k][1].tiles, Width: cfg.Width,
			Training: r.Folder != "" && runlock.Busy(r.Folder)})
	}
	writeJSON(w, out)
}

// run is the run the request's "run" parameter names; on a bad one it
// answers 400 itself.
func (e *Explorer) run(w http.ResponseWriter, r *http.Request) (int, bool) {
	k, err := strconv.Atoi(r.URL.Query().Get("run"))
	if err != nil || k < 0 || k >= len(e.runs) {
		http.Error(w, fmt.Sprintf("run must be 0 to %d", len(e.runs)-1), http.StatusBadRequest)
		return 0, false
	}
	return k, true
}

// neuron is the run and neuron the request names.
func (e *Explorer) neuron(w http.ResponseWriter, r *http.Request) (int, int, bool) {
	k, ok := e.run(w, r)
	if !ok {
		return 0, 0, false
	}
	j, err := strconv.Atoi(r.URL.Query().Get("neuron"))
	if err != nil || j < 0 || j >= e.runs[k].Model.N {
		http.Error(w, fmt.Sprintf("neuron must be 0 to %d", e.runs[k].Model.N-1), http.StatusBadRequest)
		return 0, 0, false
	}
	return k, j, true
}

// neuronInfo is /neuron.json.
type neuronInfo struct {
	Neuron int       `json:"neuron"`
	Label  int       `json:"label"` // −1: never fired while labelled, or not labelled
	Theta  float64   `json:"theta_mv"`
	Sum    float64   `json:"weight_sum"`
	Max    float64   `json:"weight_max"`
	Rates  []float64 `json:"rates,omitempty"` // mean spikes per class over the studied digits
	Top    []int     `json:"top,omitempty"`   // the studied digits it fired most for
}

// maxMisses bounds the misclassified digits the page lists.
const maxMisses = 200

func (e *Explorer) serveNeuron(w http.ResponseWriter, r *http.Request) {
	k, j, ok := e.neuron(w, r)
	if !ok {
		return
	}
	run := e.runs[k]
	m := run.Model
	info := neuronInfo{Neuron: j, Label: -1, Theta: m.Theta[j]}
	if run.Classes != nil {
		info.Label = int(run.Classes[j])
	}
	for i := 0; i < m.Inputs; i++ {
		v := float64(m.W[i*m.N+j])
		info.Sum += v
		info.Max = max(info.Max, v)
	}
	if st := run.Study; st != nil {
		info.Rates, info.Top = st.Rates[j], st.Top[j]
	}
	writeJSON(w, info)
}

// studied is the studied digit the request's "digit" names.
func (e *Explorer) studied(w http.ResponseWriter, r *http.Request, k int) (int, bool) {
	st := e.runs[k].Study
	d, err := strconv.Atoi(r.URL.Query().Get("digit"))
	if st == nil || err != nil || d < 0 || d >= st.Set.Len() {
		n := 0
		if st != nil {
			n = st.Set.Len()
		}
		http.Error(w, fmt.Sprintf("digit must be one of the %d studied digits", n), http.StatusBadRequest)
		return 0, false
	}
	return d, true
}

func (e *Explorer) serveDigit(w http.ResponseWriter, r *http.Request) {
	k, ok := e.run(w, r)
	if !ok {
		return
	}
	d, ok := e.studied(w, r, k)
	if !ok {
		return
	}
	sh := e.runs[k].Shape
	img := image.NewGray(image.Rect(0, 0, sh.Cols, sh.Rows))
	copy(img.Pix, e.runs[k].Study.Set.Image(d))
	w.Header().Set("Content-Type", "image/png")
	png.Encode(w, img)
}

// serveField draws one neuron's field, 8 screen pixels a weight, its own
// largest weight white.
func (e *Explorer) serveField(w http.ResponseWriter, r *http.Request) {
	k, j, ok := e.neuron(w, r)
	if !ok {
		return
	}
	m, sh := e.runs[k].Model, e.runs[k].Shape
	peak := float32(0)
	for i := 0; i < m.Inputs; i++ {
		peak = max(peak, m.W[i*m.N+j])
	}
	img := image.NewGray(image.Rect(0, 0, sh.Cols, sh.Rows))
	for i := range img.Pix {
		if peak > 0 {
			img.Pix[i] = uint8(255 * m.W[i*m.N+j] / peak)
		}
	}
	w.Header().Set("Content-Type", "image/png")
	png.Encode(w, img)
}

// answer is the reply to /answer.
type answer struct {
	Class    int       `json:"class"` // −1: no ink, or no labelled neuron fired
	Ink      bool      `json:"ink"`
	Votes    []float64 `json:"votes"`             // each class's all-activity vote, the mean over the presentations
	Readout  *int      `json:"readout,omitempty"` // the linear readout's class, where the run has one
	Spikes   int64     `json:"spikes"`
	Repeats  int       `json:"repeats"`
	Prepared string    `json:"prepared"`     // the digit as the network saw it, base64 of its bytes
	Digit    string    `json:"prepared_png"` // the same as a PNG data URL
	Monitor  string    `json:"monitor_png"`  // rasters and potentials, a PNG data URL
	Fired    []fired   `json:"fired"`        // every neuron that fired, most spikes first
}

type fired struct {
	Neuron int `json:"neuron"`
	Label  int `json:"label"`
	Spikes int `json:"spikes"`
}

// serveAnswer reads a PNG or JPEG (the drawing, or a file), prepares it as
// classify does and shows it to the network.
func (e *Explorer) serveAnswer(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST an image", http.StatusMethodNotAllowed)
		return
	}
	k, ok := e.run(w, r)
	if !ok {
		return
	}
	run := e.runs[k]
	if run.Classes == nil {
		http.Error(w, fmt.Sprintf("%s is not labelled yet: run eval on it first", run.Name), http.StatusConflict)
		return
	}
	repeats := 1
	if s := r.URL.Query().Get("repeats"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxRepeats {
			http.Error(w, fmt.Sprintf("repeats must be 1 to %d", MaxRepeats), http.StatusBadRequest)
			return
		}
		repeats = n
	}
	pix, ink, label := []byte(nil), true, -1
	if r.URL.Query().Has("digit") { // a studied digit, as it is
		d, ok := e.studied(w, r, k)
		if !ok {
			return
		}
		pix, label = run.Study.Set.Image(d), int(run.Study.Set.Labels[d])
	} else if pix, ink, ok = e.readDigit(w, r, run.Shape); !ok {
		return
	}
	select {
	case e.slots <- struct{}{}:
		defer func() { <-e.slots }()
	case <-r.Context().Done():
		return
	}
	a, err := e.respond(r.Context(), run, pix, ink, label, repeats)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, a)
}

// readDigit reads the request's PNG or JPEG and prepares it as classify
// does, within the answers' memory (AnswerMemory); on a bad one it answers
// itself.
func (e *Explorer) readDigit(w http.ResponseWriter, r *http.Request, sh dataset.Shape) ([]byte, bool, bool) {
	hold := int64(MaxRequestBytes) // what the body may take: as it says, else the bound
	if r.ContentLength >= 0 && r.ContentLength < hold {
		hold = r.ContentLength
	}
	if !e.mem.take(r.Context(), hold) {
		return nil, false, false
	}
	defer e.mem.give(hold)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, hold))
	if err != nil {
		http.Error(w, fmt.Sprintf("the image: %v (at most %d MB)", err, MaxRequestBytes>>20), http.StatusRequestEntityTooLarge)
		return nil, false, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil {
		http.Error(w, fmt.Sprintf("not a PNG or JPEG this program reads: %v", err), http.StatusBadRequest)
		return nil, false, false
	}
	cost := digits.DecodeCost(cfg)
	if cost > AnswerMemory-MaxRequestBytes {
		http.Error(w, fmt.Sprintf("an image of %d×%d pixels takes about %d MB to prepare, more than the %d MB an answer may use: scale it down", cfg.Width, cfg.Height, cost>>20, (AnswerMemory-MaxRequestBytes)>>20), http.StatusRequestEntityTooLarge)
		return nil, false, false
	}
	if !e.mem.take(r.Context(), cost) {
		return nil, false, false
	}
	defer func() {
		if cost > 64<<20 { // collect the image before another request takes its memory
			runtime.GC()
		}
		e.mem.give(cost)
	}()
	img, err := digits.DecodeImage(bytes.NewReader(body))
	if err != nil {
		http.Error(w, fmt.Sprintf("not a PNG or JPEG this program reads: %v", err), http.StatusBadRequest)
		return nil, false, false
	}
	pix, ink, err := digits.Prepare(digits.GreyOf(img), sh, digits.PrepareAuto, false)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return nil, false, false
	}
	return pix, ink, true
}

// respond is classify's answer to one prepared digit (experiment.Classify,
// on one worker) and the recording of its first presentation; label is the
// digit's, −1 for one of the user's.
func (e *Explorer) respond(ctx context.Context, run ExploreRun, pix []byte, ink bool, label, repeats int) (*answer, error) {
	set := &dataset.Set{Name: "your digit", Shape: run.Shape, Pixels: pix, Labels: []byte{0}}
	lab := results.FromClasses(run.Classes, run.Shape.Classes)
	got, err := experiment.Classify(ctx, run.Config, run.Model, set, lab, run.Readout, repeats, 1, e.Engine)
	if err != nil {
		return nil, err
	}
	a := &answer{Class: got[0].Class, Ink: ink, Votes: got[0].Votes, Spikes: got[0].Spikes, Repeats: repeats,
		Prepared: base64.StdEncoding.EncodeToString(pix)}
	if run.Readout != nil {
		a.Readout = &got[0].Readout
	}
	for c := range a.Votes {
		a.Votes[c] /= float64(repeats)
	}
	ex, err := experiment.RecordExample(run.Config, run.Model, run.Shape, set, network.PurposeTest, 0, e.Engine)
	if err != nil {
		return nil, err
	}
	ex.Info.Label, ex.Info.Answer = label, a.Class
	var b bytes.Buffer
	if err := visual.MonitorPNG(&b, ex.Rec, ex.Info); err != nil {
		return nil, err
	}
	a.Monitor = dataURL(b.Bytes())
	b.Reset()
	digit := image.NewGray(image.Rect(0, 0, run.Shape.Cols, run.Shape.Rows))
	copy(digit.Pix, pix)
	png.Encode(&b, digit)
	a.Digit = dataURL(b.Bytes())
	for j, c := range ex.Rec.Counts {
		if c > 0 {
			a.Fired = append(a.Fired, fired{Neuron: j, Label: int(run.Classes[j]), Spikes: int(c)})
		}
	}
	slices.SortStableFunc(a.Fired, func(x, y fired) int { return y.Spikes - x.Spikes })
	return a, nil
}

func dataURL(png []byte) string {
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
