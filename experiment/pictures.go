package experiment

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/network"
	"spikemnist/results"
	"spikemnist/visual"
)

// picture is one image of the run folder.
type picture struct {
	File, Title string
	png         []byte
}

// pictureJob is what the run folder's pictures are drawn from.
type pictureJob struct {
	dir        string
	rep        *Report
	train      *Summary // nil if none
	cfg        *network.Config
	model      *network.Model
	assignment *results.Assignment
	test       *dataset.Set
	monitor    int
	engine     network.EngineMaker // records the monitored example
}

// draw draws the run's pictures into dir, records the monitored test
// example as example.npz, and writes report.html, a page that shows them
// and the numbers without a server.
func (e *pictureJob) draw() ([]string, error) {
	var al album
	sh := e.test.Shape
	sh.Classes = e.assignment.K
	e.drawNetwork(&al, sh)
	e.drawResults(&al, sh)
	ex := e.drawExample(&al, sh)
	if al.err != nil {
		return nil, al.err
	}
	var series []picture // drawn by eval -series: shown, not redrawn
	if b, err := os.ReadFile(filepath.Join(e.dir, "accuracy-series.png")); err == nil {
		series = append(series, picture{"accuracy-series.png", "Test accuracy against training examples (eval -series)", b})
	}
	var files []string
	for _, p := range slices.Concat(al.pics, al.vectors) {
		path := filepath.Join(e.dir, p.File)
		if err := atomicfile.WriteBytes(path, p.png); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	if ex != nil {
		path := filepath.Join(e.dir, "example.npz")
		if err := ex.WriteNPZ(path); err != nil {
			return nil, err
		}
		files = append(files, path)
	}
	path := filepath.Join(e.dir, ReportFile)
	err := atomicfile.Write(path, func(w io.Writer) error { return writeReport(w, e.rep, e.train, append(al.pics, series...)) })
	if err != nil {
		return nil, err
	}
	return append(files, path), nil
}

// album gathers a run's pictures as they are drawn: PNGs shown in the
// report, SVG twins of the charts, and the first error.
type album struct {
	pics, vectors []picture
	err           error
}

func (al *album) add(file, title string, draw func(io.Writer) error) {
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		al.fail(fmt.Errorf("%s: %w", file, err))
		return
	}
	al.pics = append(al.pics, picture{file, title, b.Bytes()})
}

func (al *album) fail(err error) {
	if al.err == nil {
		al.err = err
	}
}

// chart adds c as file.png and file.svg.
func (al *album) chart(file, title string, c *visual.Chart, err error) {
	if err != nil {
		al.fail(fmt.Errorf("%s: %w", file, err))
		return
	}
	al.add(file+".png", title, c.PNG)
	var b bytes.Buffer
	if err := c.SVG(&b); err != nil {
		al.fail(fmt.Errorf("%s.svg: %w", file, err))
		return
	}
	al.vectors = append(al.vectors, picture{File: file + ".svg", png: b.Bytes()})
}

func (al *album) raster(file, title string, img image.Image) {
	al.add(file, title, func(w io.Writer) error { return png.Encode(w, img) })
}

// drawNetwork draws what the network learned: fields, labels, θ, weights.
func (e *pictureJob) drawNetwork(al *album, sh dataset.Shape) {
	classes := e.assignment.Classes()
	layout := visual.LayoutFor(e.model.N)
	fields, _ := visual.FieldsFigure(e.model.W, e.model.N, classes, visual.FieldsOptions{Shape: sh, Layout: layout,
		Title: fmt.Sprintf("Receptive fields of %d neurons (one grey scale, 0 to the largest weight; frame: class)", e.model.N)})
	sorted, _ := visual.FieldsFigure(e.model.W, e.model.N, classes, visual.FieldsOptions{Shape: sh, Layout: layout, PerTile: true, SortByClass: true,
		Title: "Receptive fields by class (each tile up to its own largest weight)"})
	al.raster("fields.png", "Receptive fields (input weights of every excitatory neuron; frame: assigned class)", fields)
	al.raster("fields-by-class.png", "Receptive fields sorted by class, each on its own grey scale", sorted)
	al.raster("assignments.png", "The class each neuron is labelled with", visual.AssignmentMap(classes, sh.Classes, fmt.Sprintf("Labels of %d neurons (%d never fired)", e.model.N, e.rep.Unassigned)))
	theta, err := visual.Theta(e.model.Theta, e.cfg.Exc.RestTheta(), e.cfg.Exc.ThetaInit)
	al.chart("theta", "Adaptive thresholds", theta, err)
	weights, err := visual.Weights(e.model.W, e.cfg.Plasticity.Params.MaxWeight())
	al.chart("weights", "Input weights", weights, err)
}

// drawResults draws the test's confusion, its misclassified digits and the
// running accuracy of training.
func (e *pictureJob) drawResults(al *album, sh dataset.Shape) {
	rep, test := e.rep, e.test
	acc := rep.Scores[0].Accuracy
	al.chart("confusion", "Confusion matrix of the test digits (all-activity vote), each row as shares of its true class",
		visual.Confusion(rep.Scores[0].Confusion, fmt.Sprintf("Test confusion, all-activity vote: %.2f %%", acc)), nil)
	if len(rep.Predictions) > 0 {
		var wrong []visual.GalleryItem
		for k, p := range rep.Predictions[0] {
			if p != int(test.Labels[k]) {
				wrong = append(wrong, visual.GalleryItem{Pixels: test.Image(k), Label: int(test.Labels[k]), Answer: p})
			}
		}
		al.raster("misclassified.png", "Misclassified test digits (label>answer, all-activity vote)",
			visual.Gallery(wrong, sh, 160, fmt.Sprintf("%d of %d test digits misclassified (the first 160; label>answer)", len(wrong), test.Len())))
	}
	if train := e.train; train != nil && len(train.Running) > 0 {
		pts := make([]visual.AccuracyPoint, len(train.Running))
		for i, r := range train.Running {
			pts[i] = visual.Point(r.Examples, r.Accuracy, r.Proportion)
		}
		var final []visual.FinalScore
		for _, sc := range rep.Scores {
			final = append(final, visual.FinalScore{Vote: sc.Vote, Accuracy: sc.Accuracy})
		}
		c, err := visual.Accuracy(pts, int64(train.TrainingExamples), final)
		al.chart("accuracy", "Running accuracy during training, and the test accuracy", c, err)
	}
}

// drawExample records the monitored test digit and draws it; nil without one.
func (e *pictureJob) drawExample(al *album, sh dataset.Shape) *Example {
	k := e.monitor
	if k < 0 || k >= e.test.Len() {
		return nil
	}
	ex, err := RecordExample(e.cfg, e.model, sh, e.test, network.PurposeTest, k, e.engine)
	if err != nil {
		al.chart("example", "", nil, err)
		return nil
	}
	if len(e.rep.Predictions) > 0 {
		ex.Info.Answer = e.rep.Predictions[0][k]
	}
	c, err := ex.Chart()
	al.chart("example", fmt.Sprintf("Test digit %d (label %d): spikes and membrane potentials", k, e.test.Labels[k]), c, err)
	return ex
}

func writeReport(w io.Writer, rep *Report, train *Summary, pics []picture) error {
	cfg, _ := json.MarshalIndent(rep.Config, "", "  ")
	type img struct {
		Title string
		Src   template.URL
	}
	var imgs []img
	for _, p := range pics {
		imgs = append(imgs, img{p.Title, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(p.png))})
	}
	return reportPage.Execute(w, map[string]any{
		"R": rep, "Train": train, "Config": string(cfg), "Images": imgs, "Classes": classNumbers(len(rep.NeuronsInClass)),
	})
}

// classNumbers is 0 … k−1, the report's class columns.
func classNumbers(k int) []int {
	c := make([]int, k)
	for i := range c {
		c[i] = i
	}
	return c
}

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(x float64) string { return fmt.Sprintf("%.2f %%", x) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Run report: {{.R.Neurons}} neurons, {{pct (index .R.Scores 0).Accuracy}}</title>
<style>
body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; }
img { max-width: 100%; border: 1px solid #ddd; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
.warn { background: #fff3cd; border-left: 4px solid #d39e00; padding: 0.5em 1em; }
</style></head><body>
<h1>Diehl &amp; Cook network: {{.R.Neurons}} excitatory neurons</h1>
<p>Checkpoint <code>{{.R.Checkpoint}}</code>, {{.R.ExamplesSeen}} training examples seen, seed {{.R.Seed}}.</p>
{{range .R.Warnings}}<p class="warn">Warning: {{.}}</p>
{{end}}

<h2>Accuracy on {{(index .R.Scores 0).Total}} test digits</h2>
<table><tr><th>vote</th><th>accuracy</th><th>correct</th></tr>
{{range .R.Scores}}<tr><td>{{.Vote}}</td><td>{{pct .Accuracy}}</td><td>{{.Correct}} / {{.Total}}</td></tr>{{end}}
</table>
{{if gt .R.Repeats 1}}<p>Over {{.R.Repeats}} presentations of the test set, each with fresh input spikes (the figures above and below are the first's):</p>
<table><tr><th>vote</th><th>mean</th><th>sd</th></tr>
{{range .R.Spread}}<tr><td>{{.Vote}}</td><td>{{pct .Mean}}</td><td>{{printf "%.2f" .SD}}</td></tr>{{end}}
</table>{{end}}
<p>Neurons labelled from {{.R.Labelling.Examples}} {{.R.Labelling.Set}} digits; {{.R.Unassigned}} never fired.
Adaptive thresholds: {{.R.Theta}}.</p>
<table><tr><th>class</th>{{range .Classes}}<th>{{.}}</th>{{end}}</tr>
<tr><td>neurons</td>{{range .R.NeuronsInClass}}<td>{{.}}</td>{{end}}</tr>
{{range .R.Scores}}<tr><td>accuracy ({{.Vote}})</td>{{range .PerClass}}<td>{{printf "%.1f" .}}</td>{{end}}</tr>{{end}}
</table>

<h2>Timings</h2>
<table>
{{with .Train}}<tr><td>training</td><td>{{.ExamplesSeen}} examples ({{.Epoch}} epochs) in {{printf "%.1f" .Seconds}} s, {{printf "%.1f" .ExamplesPerSecond}} examples/s, {{.Presentations}} presentations, {{.Silent}} silent</td></tr>{{end}}
<tr><td>labelling</td><td>{{.R.Labelling.Examples}} examples in {{printf "%.1f" .R.Labelling.Seconds}} s, {{printf "%.1f" .R.Labelling.ExamplesPerSecond}} examples/s, {{.R.Labelling.Silent}} silent</td></tr>
<tr><td>test</td><td>{{.R.Test.Examples}} examples in {{printf "%.1f" .R.Test.Seconds}} s, {{printf "%.1f" .R.Test.ExamplesPerSecond}} examples/s, {{.R.Test.Silent}} silent</td></tr>
<tr><td>workers</td><td>{{.R.Workers}}</td></tr>
</table>

{{range .Images}}<h2>{{.Title}}</h2>
<p><img src="{{.Src}}" alt="{{.Title}}"></p>
{{end}}
{{with .R.Program}}<h2>Program</h2>
<p>{{.}}; {{.Date}}; <code>{{range .Command}}{{.}} {{end}}</code></p>
{{end}}<h2>Configuration</h2>
<pre>{{.Config}}</pre>
</body></html>
`))
