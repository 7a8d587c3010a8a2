package visual

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SizePoint is the accuracy of the runs of one size: the mean over seeds
// and their spread.
type SizePoint struct {
	Neurons  int
	Mean, SD float64 // percent; SD is 0 for a single run
	Runs     int
}

// SizeLine is one learning rule's (or setting's) accuracy against size.
type SizeLine struct {
	Label  string
	Points []SizePoint
}

// PaperAccuracy is Diehl & Cook's (2015) test accuracy by size, with the
// power-law rule after 40,000 examples (100 neurons) and 3, 7 and 15
// epochs (400, 1600, 6400): the four points of its text.
var PaperAccuracy = []SizePoint{{Neurons: 100, Mean: 82.9, Runs: 1}, {Neurons: 400, Mean: 87.0, Runs: 1}, {Neurons: 1600, Mean: 91.9, Runs: 1}, {Neurons: 6400, Mean: 95.0, Runs: 1}}

// lineColours tell up to eight lines apart, for colour-blind readers too
// (Okabe and Ito's palette).
var lineColours = []color.RGBA{
	{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
	{230, 159, 0, 255}, {86, 180, 233, 255}, {240, 228, 66, 255}, {0, 0, 0, 255},
}

// AccuracyBySize draws test accuracy against the number of excitatory
// neurons on a log axis, one line per SizeLine, with error bars of ±1 sd
// over seeds: the shape of Diehl & Cook's Fig. 2B. It writes a PNG to png
// and, if svg is not nil, the same chart as SVG.
func AccuracyBySize(png, svg io.Writer, title string, lines []SizeLine) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "excitatory neurons (log scale)"
	p.Y.Label.Text = "test accuracy (%)"
	p.X.Scale = plot.LogScale{}
	p.Legend.Top, p.Legend.Left = false, false
	p.Add(plotter.NewGrid())
	lo, hi := math.Inf(1), math.Inf(-1)
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for i, l := range lines {
		pts := slices.Clone(l.Points)
		slices.SortFunc(pts, func(a, b SizePoint) int { return a.Neurons - b.Neurons })
		xy := make(plotter.XYs, len(pts))
		errs := make(plotter.YErrors, len(pts))
		for k, q := range pts {
			xy[k] = plotter.XY{X: float64(q.Neurons), Y: q.Mean}
			errs[k].Low, errs[k].High = q.SD, q.SD
			lo, hi = min(lo, q.Mean-q.SD), max(hi, q.Mean+q.SD)
			xmin, xmax = min(xmin, float64(q.Neurons)), max(xmax, float64(q.Neurons))
		}
		if len(xy) == 0 {
			continue
		}
		c := lineColours[i%len(lineColours)]
		line, points, err := plotter.NewLinePoints(xy)
		if err != nil {
			return err
		}
		line.Color, line.Width = c, vg.Points(1.5)
		points.Color, points.Shape = c, draw.CircleGlyph{}
		bars, err := plotter.NewYErrorBars(struct {
			plotter.XYer
			plotter.YErrorer
		}{xy, errs})
		if err != nil {
			return err
		}
		bars.Color = c
		p.Add(line, points, bars)
		p.Legend.Add(l.Label, line, points)
	}
	var sizes sizeTicks
	for _, l := range lines {
		for _, q := range l.Points {
			if !slices.Contains(sizes, float64(q.Neurons)) {
				sizes = append(sizes, float64(q.Neurons))
			}
		}
	}
	p.X.Tick.Marker = sizes
	if math.IsInf(lo, 1) {
		return fmt.Errorf("no finished runs to draw")
	}
	fitPercent(p, lo, hi)
	p.X.Min, p.X.Max = xmin/1.5, xmax*1.5
	c := chartOf(p, chartW, chartH)
	if err := c.PNG(png); err != nil {
		return err
	}
	if svg == nil {
		return nil
	}
	return c.SVG(svg)
}

// sizeTicks labels the sizes the chart shows.
type sizeTicks []float64

func (s sizeTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for _, v := range s {
		if v >= min && v <= max {
			ts = append(ts, plot.Tick{Value: v, Label: fmt.Sprintf("%g", v)})
		}
	}
	return ts
}
