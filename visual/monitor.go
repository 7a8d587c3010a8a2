package visual

import (
	"fmt"
	"image"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"spikemnist/dataset"
	"spikemnist/network"
)

var traceColors = []color.RGBA{{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255}, {86, 180, 233, 255}}

// MonitorInfo is what the example figure says besides the recording.
type MonitorInfo struct {
	Image     []byte        // the digit, Shape.Pixels() pixels
	Shape     dataset.Shape // the images' size; the zero value is MNIST's
	Label     int           // −1: none (a digit of one's own)
	Answer    int           // the network's class for it (all-activity vote); −1: none
	Neurons   int           // excitatory (and inhibitory) neurons, for the rasters' axes
	PresentMs float64       // a presentation's length; each presentation is followed by a rest
	PeriodMs  float64       // presentation + rest
}

// bands shades each presentation of p's time axis from ymin to ymax; added
// before the data, they lie under it.
func (info MonitorInfo) bands(p *plot.Plot, end, ymin, ymax float64) {
	if info.PeriodMs <= 0 {
		return
	}
	for t0 := 0.0; t0 < end; t0 += info.PeriodMs {
		band, err := plotter.NewPolygon(plotter.XYs{{X: t0, Y: ymin}, {X: t0 + info.PresentMs, Y: ymin}, {X: t0 + info.PresentMs, Y: ymax}, {X: t0, Y: ymax}})
		if err == nil {
			band.Color, band.LineStyle.Width = color.RGBA{255, 243, 205, 255}, 0
			p.Add(band)
		}
	}
}

func raster(title, ylabel string, events []network.Event, dt float64, top int, c color.Color, info MonitorInfo, end float64) (*plot.Plot, error) {
	p := plot.New()
	tidy(p)
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	p.Y.Min, p.Y.Max = -0.5, float64(top)-0.5
	info.bands(p, end, p.Y.Min, p.Y.Max)
	xy := make(plotter.XYs, len(events))
	for i, e := range events {
		xy[i].X, xy[i].Y = float64(e.Step)*dt, float64(e.Index)
	}
	if len(xy) == 0 {
		return p, nil
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	s.GlyphStyle.Radius = vg.Points(1.6)
	s.GlyphStyle.Shape = draw.BoxGlyph{}
	s.GlyphStyle.Color = c
	p.Add(s)
	return p, nil
}

// Monitor draws a recording: the digit with its label and the network's
// answer; the input, excitatory and inhibitory spike rasters over every
// pixel and neuron; and the membrane potential of the traced neurons, each
// with its threshold (dashed), on one time axis; a shaded band marks each
// presentation, the rest follows it, and the traces' key stands beside them.
func Monitor(r *network.Recording, info MonitorInfo) (*Chart, error) {
	ms := func(steps int) float64 { return float64(steps) * r.Dt }
	end := ms(r.Steps)
	sh := orMNIST(info.Shape)
	in, err := raster(fmt.Sprintf("Input: %d spikes, %d presentation(s)", len(r.Input), r.Outcome.Presentations), "pixel", r.Input, r.Dt, sh.Pixels(), color.Black, info, end)
	if err != nil {
		return nil, err
	}
	exc, err := raster(fmt.Sprintf("Excitatory spikes (%d counted)", r.Outcome.Spikes), "neuron", r.Exc, r.Dt, info.Neurons, color.RGBA{200, 30, 30, 255}, info, end)
	if err != nil {
		return nil, err
	}
	inh, err := raster("Inhibitory spikes", "neuron", r.Inh, r.Dt, info.Neurons, color.RGBA{30, 30, 200, 255}, info, end)
	if err != nil {
		return nil, err
	}
	v := plot.New()
	tidy(v)
	v.Title.Text = "Membrane potential (solid) and threshold (dashed)"
	v.Y.Label.Text = "mV"
	v.X.Label.Text = "time (ms) — shaded: presentation, then rest"
	lo, hi := 1e9, -1e9
	for q := range r.V {
		for t := range r.V[q] {
			lo, hi = min(lo, float64(r.V[q][t]), float64(r.Threshold[q][t])), max(hi, float64(r.V[q][t]), float64(r.Threshold[q][t]))
		}
	}
	if lo <= hi {
		v.Y.Min, v.Y.Max = lo-2, hi+2
		info.bands(v, end, v.Y.Min, v.Y.Max)
	}
	key := plot.New()
	key.HideAxes()
	key.Legend.Top, key.Legend.Left = true, true
	key.Legend.TextStyle.Font.Size = vg.Points(10)
	for q, j := range r.Neurons {
		c := traceColors[q%len(traceColors)]
		line := make(plotter.XYs, len(r.V[q]))
		thr := make(plotter.XYs, len(r.V[q]))
		for t := range r.V[q] {
			line[t] = plotter.XY{X: ms(t + 1), Y: float64(r.V[q][t])}
			thr[t] = plotter.XY{X: ms(t + 1), Y: float64(r.Threshold[q][t])}
		}
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		l.Color = c
		d, err := plotter.NewLine(thr)
		if err != nil {
			return nil, err
		}
		d.Color, d.Dashes = c, []vg.Length{vg.Points(4), vg.Points(3)}
		v.Add(l, d)
		key.Legend.Add(fmt.Sprintf("neuron %d: %d spikes", j, r.Counts[j]), l)
	}
	panels := []*plot.Plot{in, exc, inh, v}
	for _, p := range panels {
		p.X.Min, p.X.Max = 0, end
	}
	digit := digitPanel(r.Example, info, sh)
	key.Title.Text = "Traced neurons"
	return &Chart{W: 10 * vg.Inch, H: 12 * vg.Inch, draw: func(c draw.Canvas) {
		side := vg.Length(2.2 * vg.Inch)
		left := draw.Crop(c, 0, -(c.Max.X - c.Min.X - side), 0, 0)
		right := draw.Crop(c, side, 0, 0, 0)
		h := c.Max.Y - c.Min.Y
		digit.Draw(draw.Crop(left, 0, 0, h-side, 0))
		key.Draw(draw.Crop(left, 0, 0, 0, -(h - h/4)))
		tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: 3 * vg.Millimeter, PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadRight: 3 * vg.Millimeter}
		grid := [][]*plot.Plot{{in}, {exc}, {inh}, {v}}
		canvases := plot.Align(grid, tiles, right)
		for i := range grid {
			grid[i][0].Draw(canvases[i][0])
		}
	}}, nil
}

// digitPanel is the monitor's picture of the example, titled with its label
// and the network's answer.
func digitPanel(example int, info MonitorInfo, sh dataset.Shape) *plot.Plot {
	digit := plot.New()
	digit.HideAxes()
	answer := "no answer"
	if info.Answer >= 0 {
		answer = fmt.Sprintf("answer %d", info.Answer)
	}
	digit.Title.Text = fmt.Sprintf("Example %d: label %d, %s", example, info.Label, answer)
	if info.Label < 0 { // a digit of one's own: no label
		digit.Title.Text = "Your digit: " + answer
	}
	if info.Image != nil {
		img := image.NewGray(image.Rect(0, 0, sh.Cols, sh.Rows))
		for i, p := range info.Image[:sh.Pixels()] {
			img.Pix[i] = 255 - p
		}
		digit.Add(plotter.NewImage(img, 0, 0, float64(sh.Cols), float64(sh.Rows)))
	}
	return digit
}

// MonitorPNG writes Monitor's figure as PNG.
func MonitorPNG(out io.Writer, r *network.Recording, info MonitorInfo) error {
	c, err := Monitor(r, info)
	if err != nil {
		return err
	}
	return c.PNG(out)
}
