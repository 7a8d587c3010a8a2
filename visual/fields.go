package visual

import (
	"image"
	"image/color"
	"math"
)

// Grid returns the columns and rows of a near-square grid of n tiles:
// ⌈√n⌉ columns and as many rows as needed.
func Grid(n int) (cols, rows int) {
	cols = int(math.Ceil(math.Sqrt(float64(n))))
	if cols < 1 {
		cols = 1
	}
	return cols, (n + cols - 1) / cols
}

// ClassColors frames a neuron's tile in the colour of its class (0–9).
var ClassColors = [10]color.RGBA{
	{230, 25, 75, 255}, {60, 180, 75, 255}, {255, 225, 25, 255}, {0, 130, 200, 255}, {245, 130, 48, 255},
	{145, 30, 180, 255}, {70, 240, 240, 255}, {240, 50, 230, 255}, {210, 245, 60, 255}, {250, 190, 212, 255},
}

// FieldsLayout fixes the geometry of a receptive-field picture.
type FieldsLayout struct {
	Scale  int // pixels per weight
	Border int // frame around each tile, in pixels
}

// LayoutFor returns the layout the commands draw n neurons with: 4 pixels
// per weight up to 100 neurons, 2 up to 1600, 1 beyond, and frames as wide
// as a weight's pixels.
func LayoutFor(n int) FieldsLayout {
	scale := 1
	switch {
	case n <= 100:
		scale = 4
	case n <= 1600:
		scale = 2
	}
	return FieldsLayout{Scale: scale, Border: scale}
}

// Tile returns the rectangle of neuron j's 28×28 weights in the picture
// of n neurons.
func (l FieldsLayout) Tile(n, j int) image.Rectangle {
	cols, _ := Grid(n)
	side := 28*l.Scale + 2*l.Border
	x0, y0 := (j%cols)*side+l.Border, (j/cols)*side+l.Border
	return image.Rect(x0, y0, x0+28*l.Scale, y0+28*l.Scale)
}

// Fields draws the input weights of each of n neurons as a 28×28 grey
// tile (w is 784 × n, row-major: w[i*n+j] is pixel i → neuron j). The grey
// scale is fixed for the whole picture: 0 is black, wmax (or more) white,
// so tiles compare. With classes (one per neuron, −1 for none), each tile
// is framed in its class's colour.
func (l FieldsLayout) Fields(w []float32, n int, wmax float32, classes []int8) *image.RGBA {
	cols, rows := Grid(n)
	side := 28*l.Scale + 2*l.Border
	img := image.NewRGBA(image.Rect(0, 0, cols*side, rows*side))
	for j := 0; j < n; j++ {
		r := l.Tile(n, j)
		if classes != nil && classes[j] >= 0 && l.Border > 0 {
			c := ClassColors[classes[j]]
			frame := r.Inset(-l.Border)
			for y := frame.Min.Y; y < frame.Max.Y; y++ {
				for x := frame.Min.X; x < frame.Max.X; x++ {
					img.SetRGBA(x, y, c)
				}
			}
		}
		for p := 0; p < 784; p++ {
			g := uint8(math.Round(255 * float64(min(max(w[p*n+j]/wmax, 0), 1))))
			c := color.RGBA{g, g, g, 255}
			x0, y0 := r.Min.X+(p%28)*l.Scale, r.Min.Y+(p/28)*l.Scale
			for dy := 0; dy < l.Scale; dy++ {
				for dx := 0; dx < l.Scale; dx++ {
					img.SetRGBA(x0+dx, y0+dy, c)
				}
			}
		}
	}
	return img
}
