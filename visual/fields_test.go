package visual

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func TestGrid(t *testing.T) {
	for _, c := range []struct{ n, cols, rows int }{{1, 1, 1}, {7, 3, 3}, {10, 4, 3}, {100, 10, 10}, {400, 20, 20}, {401, 21, 20}, {6400, 80, 80}} {
		if cols, rows := Grid(c.n); cols != c.cols || rows != c.rows {
			t.Errorf("Grid(%d) = %d×%d, want %d×%d", c.n, cols, rows, c.cols, c.rows)
		}
	}
}

// TestFieldsPicture draws 7 neurons (a 3×3 grid with two empty places),
// encodes and decodes the PNG, and checks the layout, the grey scale and
// that each tile's brightest pixel is its neuron's largest weight.
func TestFieldsPicture(t *testing.T) {
	const n = 7
	w := make([]float32, 784*n)
	peak := []int{0, 100, 407, 783, 392, 28, 555} // pixel of each neuron's largest weight
	for j := 0; j < n; j++ {
		for p := 0; p < 784; p++ {
			w[p*n+j] = float32((p*7+j*13)%50) / 100 // background ≤ 0.49
		}
		w[peak[j]*n+j] = 0.8
	}
	w[peak[2]*n+2] = 2 // above wmax: clipped to white
	l := FieldsLayout{Scale: 2, Border: 1}
	var buf bytes.Buffer
	if err := png.Encode(&buf, l.Fields(w, n, 0.8, []int8{0, 1, 2, -1, 4, 5, 9})); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	side := 28*2 + 2
	if b := img.Bounds(); b.Dx() != 3*side || b.Dy() != 3*side {
		t.Fatalf("picture %v, want %d×%d", b, 3*side, 3*side)
	}
	grey := func(x, y int) uint32 { r, _, _, _ := img.At(x, y).RGBA(); return r >> 8 }
	for j := 0; j < n; j++ {
		tile := l.Tile(n, j)
		best, bx, by := uint32(0), 0, 0
		for y := tile.Min.Y; y < tile.Max.Y; y++ {
			for x := tile.Min.X; x < tile.Max.X; x++ {
				if g := grey(x, y); g > best {
					best, bx, by = g, x, y
				}
			}
		}
		p := (by-tile.Min.Y)/2*28 + (bx-tile.Min.X)/2
		if p != peak[j] || best != 255 {
			t.Errorf("neuron %d: brightest pixel %d (grey %d), want pixel %d at 255", j, p, best, peak[j])
		}
		// A zero weight is black: pixel 0 of neuron 0 has weight 0.
		if j == 0 {
			if g := grey(tile.Min.X+2, tile.Min.Y); g != uint8ToGrey(w[1*n+0], 0.8) {
				t.Errorf("grey of weight %v is %d", w[1*n+0], g)
			}
		}
	}
	// Frames: class colours; neuron 3 has no class, the empty places nothing.
	frame := func(j int) image.Point { r := l.Tile(n, j); return image.Pt(r.Min.X-1, r.Min.Y-1) }
	r, g, b, _ := img.At(frame(1).X, frame(1).Y).RGBA()
	if want := ClassColors[1]; uint8(r>>8) != want.R || uint8(g>>8) != want.G || uint8(b>>8) != want.B {
		t.Errorf("frame of neuron 1 is %d %d %d, want %v", r>>8, g>>8, b>>8, want)
	}
	if _, _, _, a := img.At(frame(3).X, frame(3).Y).RGBA(); a != 0 {
		t.Error("an unlabelled neuron is framed")
	}
	if _, _, _, a := img.At(3*side-2, 3*side-2).RGBA(); a != 0 {
		t.Error("an empty grid place is drawn")
	}
}

func uint8ToGrey(w, wmax float32) uint32 {
	return uint32(min(max(w/wmax, 0), 1)*255 + 0.5)
}
