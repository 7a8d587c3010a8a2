package visual

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart sizes, in points (1/72 inch) at 96 dots per inch.
const (
	chartW = 6 * vg.Inch
	chartH = 4 * vg.Inch
	dpi    = 96
)

// tidyTicks labels the default ticks with as few digits as they need
// ("40", not "40.00").
type tidyTicks struct{}

func (tidyTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = fmt.Sprintf("%.10g", ts[i].Value) // 0.6, not 0.6000000000000001
		}
	}
	return ts
}

func tidy(p *plot.Plot) { p.X.Tick.Marker, p.Y.Tick.Marker = tidyTicks{}, tidyTicks{} }

// Theta draws the distribution of the adaptive thresholds, with a red line
// at rest, the θ at or below which a neuron's threshold lies at or below its
// resting potential (it fires with no input once θ is frozen), and a grey
// dashed one at the θ every neuron started from.
func Theta(theta []float64, rest, initial float64) (*Chart, error) {
	p := plot.New()
	tidy(p)
	atRest := 0
	for _, x := range theta {
		if x <= rest {
			atRest++
		}
	}
	p.Title.Text = fmt.Sprintf("Adaptive threshold θ of %d neurons (%d at or below rest)", len(theta), atRest)
	p.X.Label.Text = "θ (mV)"
	p.Y.Label.Text = "neurons"
	vals := make(plotter.Values, len(theta))
	copy(vals, theta)
	bins := max(5, min(50, int(math.Sqrt(float64(len(theta))))))
	h, err := plotter.NewHist(vals, bins)
	if err != nil {
		return nil, err
	}
	h.FillColor = color.RGBA{70, 110, 180, 255}
	p.Add(h)
	top := 0.0
	for _, b := range h.Bins {
		top = max(top, b.Weight)
	}
	mark := func(x float64, c color.Color, dashed bool, label string) error {
		line, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: top * 1.05}})
		if err != nil {
			return err
		}
		line.Color, line.Width = c, vg.Points(1.5)
		if dashed {
			line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(line)
		p.Legend.Add(label, line)
		return nil
	}
	if err := mark(rest, color.RGBA{200, 30, 30, 255}, false, fmt.Sprintf("rest: θ = %.4g mV", rest)); err != nil {
		return nil, err
	}
	if !math.IsNaN(initial) {
		if err := mark(initial, color.Gray{90}, true, fmt.Sprintf("start: θ = %.4g mV", initial)); err != nil {
			return nil, err
		}
	}
	// The legend sits between the marks (left) and the mass of θ (right).
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = chartW / 3
	return chartOf(p, chartW, chartH), nil
}

// AccuracyPoint is one running-accuracy estimate of a training run.
type AccuracyPoint struct {
	Examples   int64
	Accuracy   float64 // percent, all-activity vote
	Proportion float64 // percent, proportion vote; NaN where the run did not record it
}

// Point is an AccuracyPoint from a window's figures; proportion may be nil.
func Point(examples int64, accuracy float64, proportion *float64) AccuracyPoint {
	p := AccuracyPoint{Examples: examples, Accuracy: accuracy, Proportion: math.NaN()}
	if proportion != nil {
		p.Proportion = *proportion
	}
	return p
}

// accuracyPlot is an empty plot of accuracy against training examples,
// with a grid.
func accuracyPlot(title, ylabel string) *plot.Plot {
	p := plot.New()
	tidy(p)
	p.Title.Text = title
	p.X.Label.Text = "training examples"
	p.Y.Label.Text = ylabel
	p.Add(plotter.NewGrid())
	return p
}

// fitPercent fits p's percent axis to [lo, hi], a tenth of the range (at
// least a point) beyond each end, within 0–100.
func fitPercent(p *plot.Plot, lo, hi float64) {
	pad := max(1, (hi-lo)*0.1)
	p.Y.Min, p.Y.Max = max(0, lo-pad), min(100, hi+pad)
}

// FinalScore is a test accuracy to mark on the running-accuracy chart.
type FinalScore struct {
	Vote     string
	Accuracy float64 // percent
}

// Accuracy draws the running accuracy over training on an axis fitted to
// it, with a dotted line at each epoch's end (perEpoch examples; 0: none)
// and the final test accuracy of each vote as a dashed line.
func Accuracy(points []AccuracyPoint, perEpoch int64, final []FinalScore) (*Chart, error) {
	p := accuracyPlot("Running accuracy during training (labels from the previous window)", "accuracy (%)")
	lo, hi := 100.0, 0.0
	xy := make(plotter.XYs, len(points))
	var prop plotter.XYs
	last := int64(0)
	for i, pt := range points {
		xy[i].X, xy[i].Y = float64(pt.Examples), pt.Accuracy
		lo, hi, last = min(lo, pt.Accuracy), max(hi, pt.Accuracy), max(last, pt.Examples)
		if !math.IsNaN(pt.Proportion) {
			prop = append(prop, plotter.XY{X: float64(pt.Examples), Y: pt.Proportion})
			lo, hi = min(lo, pt.Proportion), max(hi, pt.Proportion)
		}
	}
	for _, f := range final {
		lo, hi = min(lo, f.Accuracy), max(hi, f.Accuracy)
	}
	if lo > hi {
		lo, hi = 0, 100
	}
	fitPercent(p, lo, hi)
	if len(xy) > 0 {
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color = color.RGBA{0, 114, 178, 255}
		s.Color = l.Color
		p.Add(l, s)
		p.Legend.Add("running, all-activity vote", l, s)
		if len(prop) > 0 {
			lp, sp, err := plotter.NewLinePoints(prop)
			if err != nil {
				return nil, err
			}
			lp.Color, sp.Color = color.RGBA{0, 158, 115, 255}, color.RGBA{0, 158, 115, 255}
			sp.Shape = draw.TriangleGlyph{}
			p.Add(lp, sp)
			p.Legend.Add("running, proportion vote", lp, sp)
		}
		p.X.Min = 0
		p.X.Max = float64(last)
	}
	if perEpoch > 0 && last > 0 {
		for e := perEpoch; e < last; e += perEpoch {
			line, _ := plotter.NewLine(plotter.XYs{{X: float64(e), Y: p.Y.Min}, {X: float64(e), Y: p.Y.Max}})
			line.Color, line.Dashes = color.Gray{150}, []vg.Length{vg.Points(1), vg.Points(3)}
			p.Add(line)
		}
	}
	colours := []color.Color{color.RGBA{0, 114, 178, 255}, color.RGBA{0, 158, 115, 255}}
	for i, f := range final {
		line, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: f.Accuracy}, {X: math.Max(p.X.Max, 1), Y: f.Accuracy}})
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = colours[i%len(colours)], vg.Points(1.2)
		line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("test, %s vote: %.2f %%", strings.ReplaceAll(f.Vote, "_", "-"), f.Accuracy), line)
	}
	p.Legend.Top = false
	return chartOf(p, chartW, chartH), nil
}

// Weights draws the distribution of the input weights on a log count axis,
// with the rule's w_max marked.
func Weights(w []float32, wmax float64) (*Chart, error) {
	p := plot.New()
	p.X.Tick.Marker = tidyTicks{}
	p.Title.Text = fmt.Sprintf("Input weights (%d synapses)", len(w))
	p.X.Label.Text = "weight"
	p.Y.Label.Text = "synapses (log scale)"
	top := 0.0
	for _, x := range w {
		top = max(top, float64(x))
	}
	const bins = 60
	counts := make([]float64, bins)
	width := max(top, wmax) / bins
	for _, x := range w {
		counts[min(bins-1, int(float64(x)/width))]++
	}
	var xy plotter.XYs
	for i, c := range counts {
		if c > 0 {
			xy = append(xy, plotter.XY{X: (float64(i) + 0.5) * width, Y: c})
		}
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	s.Color = color.RGBA{0, 114, 178, 255}
	s.Shape = draw.BoxGlyph{}
	p.Add(s)
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	line, err := plotter.NewLine(plotter.XYs{{X: wmax, Y: 1}, {X: wmax, Y: slicesMax(counts)}})
	if err != nil {
		return nil, err
	}
	line.Color, line.Dashes = color.RGBA{200, 30, 30, 255}, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(line)
	p.Legend.Add(fmt.Sprintf("w_max = %g", wmax), line)
	p.Legend.Top = true
	return chartOf(p, chartW, chartH), nil
}

func slicesMax(x []float64) float64 {
	m := 1.0
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

// SeriesPoint is the test accuracy of a network after some training.
type SeriesPoint struct {
	Examples                int64
	AllActivity, Proportion float64 // percent
}

// Series draws test accuracy against training examples, both votes, from
// the networks a run kept as it trained.
func Series(points []SeriesPoint) (*Chart, error) {
	p := accuracyPlot("Test accuracy against training examples", "test accuracy (%)")
	lo, hi := 100.0, 0.0
	aa, pr := make(plotter.XYs, len(points)), make(plotter.XYs, len(points))
	for i, q := range points {
		aa[i] = plotter.XY{X: float64(q.Examples), Y: q.AllActivity}
		pr[i] = plotter.XY{X: float64(q.Examples), Y: q.Proportion}
		lo, hi = min(lo, q.AllActivity, q.Proportion), max(hi, q.AllActivity, q.Proportion)
	}
	if len(points) == 0 {
		return nil, fmt.Errorf("no points")
	}
	fitPercent(p, lo, hi)
	p.X.Min = 0
	for i, xy := range []plotter.XYs{aa, pr} {
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		c := []color.RGBA{{0, 114, 178, 255}, {213, 94, 0, 255}}[i]
		l.Color, s.Color = c, c
		p.Add(l, s)
		p.Legend.Add([]string{"all-activity vote", "proportion vote"}[i], l, s)
	}
	p.Legend.Top = false
	return chartOf(p, chartW, chartH), nil
}
