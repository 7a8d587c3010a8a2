package visual

import (
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart is a figure that can be written as PNG (96 dpi) or as SVG, for a
// paper.
type Chart struct {
	W, H vg.Length
	draw func(draw.Canvas)
}

// chartOf is a chart of one plot.
func chartOf(p *plot.Plot, w, h vg.Length) *Chart {
	return &Chart{W: w, H: h, draw: func(c draw.Canvas) { p.Draw(c) }}
}

// PNG writes the chart as PNG.
func (c *Chart) PNG(out io.Writer) error {
	cv := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(c.W, c.H), vgimg.UseDPI(dpi))}
	c.draw(draw.New(cv))
	_, err := cv.WriteTo(out)
	return err
}

// SVG writes the chart as SVG.
func (c *Chart) SVG(out io.Writer) error {
	cv := vgsvg.New(c.W, c.H)
	c.draw(draw.New(cv))
	_, err := cv.WriteTo(out)
	return err
}
