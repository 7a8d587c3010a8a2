package visual

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart sizes, in points (1/72 inch) at 96 dots per inch.
const (
	chartW = 6 * vg.Inch
	chartH = 4 * vg.Inch
	dpi    = 96
)

// writePNG renders p at w × h and encodes it as PNG.
func writePNG(out io.Writer, p *plot.Plot, w, h vg.Length) error {
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	p.Draw(draw.New(c))
	_, err := c.WriteTo(out)
	return err
}

// ThetaHistogram draws the distribution of the adaptive thresholds, with a
// red line at rest, the θ at or below which a neuron's threshold lies at or
// below its resting potential (it fires with no input once θ is frozen).
func ThetaHistogram(out io.Writer, theta []float64, rest float64) error {
	p := plot.New()
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
		return err
	}
	h.FillColor = color.RGBA{70, 110, 180, 255}
	p.Add(h)
	top := 0.0
	for _, b := range h.Bins {
		top = max(top, b.Weight)
	}
	line, err := plotter.NewLine(plotter.XYs{{X: rest, Y: 0}, {X: rest, Y: top}})
	if err != nil {
		return err
	}
	line.Color, line.Width = color.RGBA{200, 30, 30, 255}, vg.Points(1.5)
	p.Add(line)
	p.Legend.Add(fmt.Sprintf("rest: θ = %.4g mV", rest), line)
	p.Legend.Top = true
	return writePNG(out, p, chartW, chartH)
}

// AccuracyPoint is one running-accuracy estimate of a training run.
type AccuracyPoint struct {
	Examples int64
	Accuracy float64 // percent
}

// AccuracyCurve draws the running accuracy over training.
func AccuracyCurve(out io.Writer, points []AccuracyPoint) error {
	p := plot.New()
	p.Title.Text = "Running accuracy during training (labels from the previous window)"
	p.X.Label.Text = "training examples"
	p.Y.Label.Text = "accuracy (%)"
	p.Y.Min, p.Y.Max = 0, 100
	xy := make(plotter.XYs, len(points))
	for i, pt := range points {
		xy[i].X, xy[i].Y = float64(pt.Examples), pt.Accuracy
	}
	if len(xy) > 0 {
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return err
		}
		l.Color = color.RGBA{70, 110, 180, 255}
		s.Color = l.Color
		p.Add(l, s)
	}
	p.Add(plotter.NewGrid())
	return writePNG(out, p, chartW, chartH)
}

// confusionGrid adapts a confusion matrix to plotter.GridXYZ: x is the
// predicted class, y the true class.
type confusionGrid [10][10]int

func (g *confusionGrid) Dims() (c, r int)   { return 10, 10 }
func (g *confusionGrid) Z(c, r int) float64 { return float64(g[r][c]) }
func (g *confusionGrid) X(c int) float64    { return float64(c) }
func (g *confusionGrid) Y(r int) float64    { return float64(r) }

// Confusion draws a confusion matrix ([true][predicted]) as a heat map with
// the count in every cell.
func Confusion(out io.Writer, m [10][10]int, title string) error {
	g := confusionGrid(m)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "predicted class"
	p.Y.Label.Text = "true class"
	hm := plotter.NewHeatMap(&g, palette.Heat(64, 1))
	p.Add(hm)
	var labels plotter.XYLabels
	for t := 0; t < 10; t++ {
		for q := 0; q < 10; q++ {
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(q), Y: float64(t)})
			labels.Labels = append(labels.Labels, fmt.Sprint(m[t][q]))
		}
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
	}
	p.Add(l)
	ticks := make([]plot.Tick, 10)
	for i := range ticks {
		ticks[i] = plot.Tick{Value: float64(i), Label: fmt.Sprint(i)}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(ticks), plot.ConstantTicks(ticks)
	return writePNG(out, p, 6*vg.Inch, 6*vg.Inch)
}
