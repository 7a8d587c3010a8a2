package visual

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"spikemnist/network"
)

var traceColors = []color.RGBA{{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255}, {86, 180, 233, 255}}

func raster(title, ylabel string, events []network.Event, dt float64, c color.Color) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
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
	s.GlyphStyle.Radius = vg.Points(1)
	s.GlyphStyle.Shape = draw.BoxGlyph{}
	s.GlyphStyle.Color = c
	p.Add(s)
	return p, nil
}

// Monitor draws a recording: the input, excitatory and inhibitory spike
// rasters and the membrane potential of the traced neurons, each with its
// threshold (dashed), on one time axis.
func Monitor(out io.Writer, r *network.Recording) error {
	ms := func(steps int) float64 { return float64(steps) * r.Dt }
	in, err := raster(fmt.Sprintf("Example %d: %d input spikes, %d presentation(s), %d excitatory spikes counted",
		r.Example, len(r.Input), r.Outcome.Presentations, r.Outcome.Spikes), "input (pixel)", r.Input, r.Dt, color.Black)
	if err != nil {
		return err
	}
	exc, err := raster("Excitatory spikes", "neuron", r.Exc, r.Dt, color.RGBA{200, 30, 30, 255})
	if err != nil {
		return err
	}
	inh, err := raster("Inhibitory spikes", "neuron", r.Inh, r.Dt, color.RGBA{30, 30, 200, 255})
	if err != nil {
		return err
	}
	v := plot.New()
	v.Title.Text = "Membrane potential (solid) and threshold θ − offset + v_thresh (dashed)"
	v.Y.Label.Text = "mV"
	v.X.Label.Text = "time (ms)"
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
			return err
		}
		l.Color = c
		d, err := plotter.NewLine(thr)
		if err != nil {
			return err
		}
		d.Color, d.Dashes = c, []vg.Length{vg.Points(4), vg.Points(3)}
		v.Add(l, d)
		v.Legend.Add(fmt.Sprintf("neuron %d (%d spikes)", j, r.Counts[j]), l)
	}
	v.Legend.Top = true
	panels := []*plot.Plot{in, exc, inh, v}
	for _, p := range panels {
		p.X.Min, p.X.Max = 0, ms(r.Steps)
	}
	w, h := 9*vg.Inch, 12*vg.Inch
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadX: vg.Millimeter, PadY: 3 * vg.Millimeter,
		PadTop: 2 * vg.Millimeter, PadBottom: 2 * vg.Millimeter, PadLeft: 2 * vg.Millimeter, PadRight: 2 * vg.Millimeter}
	grid := [][]*plot.Plot{{in}, {exc}, {inh}, {v}}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		grid[i][0].Draw(canvases[i][0])
	}
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(out)
	return err
}
