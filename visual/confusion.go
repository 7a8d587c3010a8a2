package visual

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// blues runs from white (0) to a dark blue (1): a sequential scale that
// reads in grey too.
type blues int

func (n blues) Colors() []color.Color {
	cs := make([]color.Color, n)
	for i := range cs {
		f := float64(i) / float64(n-1)
		cs[i] = color.RGBA{uint8(255 - f*(255-8)), uint8(255 - f*(255-48)), uint8(255 - f*(255-107)), 255}
	}
	return cs
}

// rowShare is a confusion matrix as each true class's share, laid out for
// plotter.HeatMap with class 0 at the top: grid row r is true class k−1−r.
type rowShare struct{ share [][]float64 }

func (g rowShare) Dims() (c, r int)   { return len(g.share), len(g.share) }
func (g rowShare) Z(c, r int) float64 { return math.Sqrt(g.share[len(g.share)-1-r][c]) }
func (g rowShare) X(c int) float64    { return float64(c) }
func (g rowShare) Y(r int) float64    { return float64(r) }

// Confusion draws a confusion matrix ([true][predicted]) as a heat map, each
// cell coloured by its share of its true class (white 0 to dark blue 1, on a
// square-root scale so that the tenth a class loses to another shows as a
// third of the way to blue), with its count in
// black on light cells and white on dark ones (up to 20 classes; beyond,
// the cells are too small for numbers), class 0 at the top left, and a
// colour bar. m is k × k for k classes.
func Confusion(m [][]int, title string) *Chart {
	k := len(m)
	g := rowShare{share: make([][]float64, k)}
	for t := range m {
		g.share[t] = make([]float64, k)
		total := 0
		for _, c := range m[t] {
			total += c
		}
		for q, c := range m[t] {
			if total > 0 {
				g.share[t][q] = float64(c) / float64(total)
			}
		}
	}
	pal := blues(64)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "predicted class"
	p.Y.Label.Text = "true class"
	hm := plotter.NewHeatMap(g, pal)
	hm.Min, hm.Max = 0, 1
	p.Add(hm)
	var labels plotter.XYLabels
	var colours []color.Color
	for t := 0; t < k && k <= 20; t++ {
		for q := 0; q < k; q++ {
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(q), Y: float64(k - 1 - t)})
			labels.Labels = append(labels.Labels, fmt.Sprint(m[t][q]))
			c := color.Color(color.Black)
			if math.Sqrt(g.share[t][q]) > 0.6 {
				c = color.White
			}
			colours = append(colours, c)
		}
	}
	l, err := plotter.NewLabels(labels)
	if err == nil && len(labels.XYs) > 0 {
		for i := range l.TextStyle {
			l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
			l.TextStyle[i].Color = colours[i]
		}
		p.Add(l)
	}
	var xt, yt []plot.Tick
	for i := 0; i < k; i += (k + 19) / 20 {
		xt = append(xt, plot.Tick{Value: float64(i), Label: fmt.Sprint(i)})
		yt = append(yt, plot.Tick{Value: float64(k - 1 - i), Label: fmt.Sprint(i)})
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)

	bar := plot.New()
	cb := &plotter.ColorBar{ColorMap: paletteMap{pal}, Vertical: true}
	cb.ColorMap.SetMin(0)
	cb.ColorMap.SetMax(1)
	bar.Add(cb)
	bar.HideX()
	bar.Y.Padding = 0
	var bt []plot.Tick
	for _, v := range []float64{0, 0.01, 0.05, 0.1, 0.2, 0.5, 1} {
		bt = append(bt, plot.Tick{Value: math.Sqrt(v), Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	bar.Y.Tick.Marker = plot.ConstantTicks(bt)
	bar.Title.Text = "share of\ntrue class"
	return &Chart{W: 7 * vg.Inch, H: 6 * vg.Inch, draw: func(c draw.Canvas) {
		left := draw.Crop(c, 0, -1.2*vg.Inch, 0, 0)
		right := draw.Crop(c, c.Max.X-c.Min.X-1.0*vg.Inch, -0.2*vg.Inch, 0.45*vg.Inch, 0)
		p.Draw(left)
		bar.Draw(right)
	}}
}

// paletteMap is a palette as the colour map a colour bar needs.
type paletteMap struct{ p palette.Palette }

var _ palette.ColorMap = &paletteMap{}

func (m paletteMap) At(v float64) (color.Color, error) {
	cs := m.p.Colors()
	i := int(v * float64(len(cs)-1))
	return cs[max(0, min(len(cs)-1, i))], nil
}
func (m paletteMap) SetMax(float64)                {}
func (m paletteMap) SetMin(float64)                {}
func (m paletteMap) Max() float64                  { return 1 }
func (m paletteMap) Min() float64                  { return 0 }
func (m paletteMap) SetAlpha(float64)              {}
func (m paletteMap) Alpha() float64                { return 1 }
func (m paletteMap) Palette(n int) palette.Palette { return blues(n) }
