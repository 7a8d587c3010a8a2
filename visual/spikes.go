package visual

import (
	"image"
	"image/color"

	"spikemnist/dataset"
)

// ExampleSpikes draws a digit (img, of shape sh; nil: none) beside a grid
// of the neurons, each as red as its share of the most spikes any neuron
// fired for it (counts), silent ones grey.
func ExampleSpikes(img []byte, sh dataset.Shape, counts []int32) *image.RGBA {
	sh = orMNIST(sh)
	px := max(1, 168/max(sh.Rows, sh.Cols))
	iw, ih := sh.Cols*px, sh.Rows*px
	cols, rows := Grid(len(counts))
	cell := max(2, min(12, 168/max(cols, rows)))
	w, h := iw+16+cols*cell, max(ih, rows*cell)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	if img == nil {
		return out
	}
	for y := 0; y < ih; y++ {
		for x := 0; x < iw; x++ {
			g := 255 - img[(y/px)*sh.Cols+x/px]
			out.SetRGBA(x, y, color.RGBA{g, g, g, 255})
		}
	}
	top := int32(1)
	for _, c := range counts {
		top = max(top, c)
	}
	for j, c := range counts {
		v := uint8(255 - 255*int(c)/int(top))
		col := color.RGBA{255, v, v, 255}
		if c == 0 {
			col = color.RGBA{232, 232, 232, 255} // silent: grey, so the grid shows
		}
		x0, y0 := iw+16+(j%cols)*cell, (j/cols)*cell
		for y := y0; y < y0+cell-1; y++ {
			for x := x0; x < x0+cell-1; x++ {
				out.SetRGBA(x, y, col)
			}
		}
	}
	return out
}
