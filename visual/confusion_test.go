package visual

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestConfusionFigure: class 0 is the top-left cell, a full diagonal cell
// is dark blue with a white count, a cell holding a tenth of its class is
// clearly light blue (the square-root scale), an empty one white, and the colour bar runs white to blue.
func TestConfusionFigure(t *testing.T) {
	m := make([][]int, 10)
	for k := range m {
		m[k] = make([]int, 10)
		m[k][k] = 100
	}
	m[0][0], m[0][9] = 90, 10 // class 0: 10 % lost to 9
	c := Confusion(m, "test")
	var b bytes.Buffer
	if err := c.PNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	// The map is the box of the dark-blue pixels (every diagonal cell).
	bounds := img.Bounds()
	x0, y0, x1, y1 := bounds.Dx(), bounds.Dy(), 0, 0
	dark := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return r>>8 < 40 && g>>8 < 80 && bl>>8 > 90
	}
	for y := 0; y < bounds.Dy(); y++ {
		for x := 0; x < bounds.Dx()-115; x++ { // left of the colour bar
			if dark(x, y) {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	cw, ch := float64(x1-x0)/10, float64(y1-y0)/10
	at := func(truth, pred int) image.Point { // near a cell's corner, clear of its count
		return image.Pt(x0+int((float64(pred)+0.15)*cw), y0+int((float64(truth)+0.15)*ch))
	}
	rgb := func(p image.Point) (uint32, uint32, uint32) {
		r, g, bl, _ := img.At(p.X, p.Y).RGBA()
		return r >> 8, g >> 8, bl >> 8
	}
	if !dark(at(0, 0).X, at(0, 0).Y) || !dark(at(9, 9).X, at(9, 9).Y) {
		t.Fatal("the diagonal's corners are not dark blue: class 0 is not at the top left")
	}
	if r, g, bl := rgb(at(0, 9)); !(r > 120 && r < 220 && bl > r+20) {
		t.Fatalf("a cell with a tenth of its class is %d,%d,%d, not a clear light blue", r, g, bl)
	}
	if r, g, bl := rgb(at(5, 3)); r != 255 || g != 255 || bl != 255 {
		t.Fatalf("an empty cell is %d,%d,%d, not white", r, g, bl)
	}
	// A white count: some white pixels in the middle of a dark cell.
	mid := image.Pt(x0+int(4.5*cw), y0+int(4.5*ch))
	white := 0
	for y := mid.Y - int(ch/4); y < mid.Y+int(ch/4); y++ {
		for x := mid.X - int(cw/4); x < mid.X+int(cw/4); x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 > 200 {
				white++
			}
		}
	}
	if white == 0 {
		t.Fatal("the count in a dark cell is not white")
	}
	// The colour bar: at its column, white at the bottom, dark blue at the top.
	barDark := 0
	for y := 0; y < bounds.Dy(); y++ {
		for x := bounds.Dx() - 96; x < bounds.Dx(); x++ {
			if dark(x, y) {
				barDark++
			}
		}
	}
	if barDark < 100 {
		t.Fatalf("no colour bar (%d dark-blue pixels right of the map)", barDark)
	}
	var s bytes.Buffer
	if err := c.SVG(&s); err != nil || !strings.Contains(s.String(), "<svg") || !strings.Contains(s.String(), "predicted class") {
		t.Fatalf("SVG: %v", err)
	}
}
