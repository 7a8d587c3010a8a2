package visual

import "math"

// Grid returns the columns and rows of a near-square grid of n tiles:
// ⌈√n⌉ columns and as many rows as needed.
func Grid(n int) (cols, rows int) {
	cols = int(math.Ceil(math.Sqrt(float64(n))))
	if cols < 1 {
		cols = 1
	}
	return cols, (n + cols - 1) / cols
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
