package visual

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"spikemnist/dataset"
)

func TestGrid(t *testing.T) {
	for _, c := range []struct{ n, cols, rows int }{{1, 1, 1}, {7, 3, 3}, {10, 4, 3}, {100, 10, 10}, {400, 20, 20}, {401, 21, 20}, {6400, 80, 80}} {
		if cols, rows := Grid(c.n); cols != c.cols || rows != c.rows {
			t.Errorf("Grid(%d) = %d×%d, want %d×%d", c.n, cols, rows, c.cols, c.rows)
		}
	}
}

// TestFieldsFigure draws 7 neurons, encodes and decodes the PNG, and checks
// that each tile's brightest pixel is its neuron's largest weight, the
// frames and the key are in the class palette, the tiles sort by class, and
// per-tile contrast lifts a faint neuron to white.
func TestFieldsFigure(t *testing.T) {
	const n = 7
	w := make([]float32, 784*n)
	peak := []int{0, 100, 407, 783, 392, 28, 555} // pixel of each neuron's largest weight
	for j := 0; j < n; j++ {
		for p := 0; p < 784; p++ {
			w[p*n+j] = float32((p*7+j*13)%50) / 100 // background ≤ 0.49
		}
		w[peak[j]*n+j] = 0.8
	}
	for p := 0; p < 784; p++ {
		w[p*n+6] /= 4 // neuron 6 is faint: its largest weight 0.2
	}
	classes := []int8{9, 1, 2, -1, 4, 0, 9}
	decode := func(o FieldsOptions) (image.Image, []image.Rectangle) {
		img, tiles := FieldsFigure(w, n, classes, o)
		var buf bytes.Buffer
		png.Encode(&buf, img)
		out, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return out, tiles
	}
	rgb := func(img image.Image, p image.Point) [3]uint8 {
		r, g, b, _ := img.At(p.X, p.Y).RGBA()
		return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
	}
	is := func(c [3]uint8, want [3]uint8) bool { return c == want }
	pal := func(k int) [3]uint8 { return [3]uint8{Palette[k].R, Palette[k].G, Palette[k].B} }

	l := FieldsLayout{Scale: 2, Border: 1}
	img, tiles := decode(FieldsOptions{Layout: l, Title: "seven"})
	for j := 0; j < n; j++ {
		best, bp := uint8(0), 0
		for y := tiles[j].Min.Y; y < tiles[j].Max.Y; y++ {
			for x := tiles[j].Min.X; x < tiles[j].Max.X; x++ {
				if g := rgb(img, image.Pt(x, y))[0]; g > best {
					best, bp = g, (y-tiles[j].Min.Y)/2*28+(x-tiles[j].Min.X)/2
				}
			}
		}
		if j < 6 && (bp != peak[j] || best != 255) {
			t.Errorf("neuron %d: brightest pixel %d (grey %d), want pixel %d at 255", j, bp, best, peak[j])
		}
		if j == 6 && best > 70 {
			t.Errorf("the faint neuron reaches grey %d on the common scale", best)
		}
		corner := tiles[j].Min.Sub(image.Pt(1, 1))
		if classes[j] >= 0 && !is(rgb(img, corner), pal(int(classes[j]))) {
			t.Errorf("frame of neuron %d is %v, want class %d's %v", j, rgb(img, corner), classes[j], Palette[classes[j]])
		}
		if classes[j] < 0 && !is(rgb(img, corner), [3]uint8{255, 255, 255}) {
			t.Errorf("the unlabelled neuron %d is framed", j)
		}
	}
	if tiles[0].Min.Y < textH {
		t.Error("no room for the title above the tiles")
	}
	// The key: a swatch of each class's colour below the tiles.
	b := img.Bounds()
	for k := 0; k < 10; k++ {
		if p := image.Pt(4+k*44+7, b.Max.Y-textH-10+5+7); !is(rgb(img, p), pal(k)) {
			t.Errorf("key swatch %d at %v is %v", k, p, rgb(img, p))
		}
	}

	_, sorted := decode(FieldsOptions{Layout: l, SortByClass: true})
	order := []int{5, 1, 2, 4, 0, 6, 3} // classes 0, 1, 2, 4, 9, 9, none
	for pos, j := range order {
		cols, _ := Grid(n)
		side := 28*2 + 2
		if want := image.Pt((pos%cols)*side+1, (pos/cols)*side+1); sorted[j].Min != want {
			t.Errorf("sorted: neuron %d at %v, want %v (place %d)", j, sorted[j].Min, want, pos)
		}
	}
	img, tiles = decode(FieldsOptions{Layout: l, PerTile: true})
	best := uint8(0)
	for y := tiles[6].Min.Y; y < tiles[6].Max.Y; y++ {
		for x := tiles[6].Min.X; x < tiles[6].Max.X; x++ {
			best = max(best, rgb(img, image.Pt(x, y))[0])
		}
	}
	if best != 255 {
		t.Errorf("per-tile contrast: the faint neuron reaches grey %d, not 255", best)
	}
}

func TestAssignmentMapAndGallery(t *testing.T) {
	classes := []int8{3, 3, -1, 7}
	m := AssignmentMap(classes, 10, "labels")
	cell := min(24, 640/2)
	if c := m.RGBAAt(1, textH+6+1); c != Palette[3] {
		t.Fatalf("neuron 0's cell is %v, want class 3's %v", c, Palette[3])
	}
	if c := m.RGBAAt(cell+1, textH+6+cell+1); c != Palette[7] {
		t.Fatalf("neuron 3's cell is %v, want class 7's %v", c, Palette[7])
	}
	digit := make([]byte, 784)
	digit[14*28+14] = 255
	g := Gallery([]GalleryItem{{digit, 4, 9}, {digit, 3, 5}, {digit, 1, 7}}, dataset.MNIST, 2, "wrong")
	if g.Bounds().Dx() != 2*(56+6) {
		t.Fatalf("gallery of 2 (limit) is %d wide", g.Bounds().Dx())
	}
	if c := g.RGBAAt(3+14*2, textH+6+14*2); c.R != 0 {
		t.Fatalf("the digit's ink is %v, not black", c)
	}
}

// TestFiguresOfAnotherShape draws a set of 12×8 images and 13 classes: the
// field tiles take the images' shape, the key every class (wrapping, with
// the eleventh class in the first class's colour), and the confusion matrix
// and gallery the set's size.
func TestFiguresOfAnotherShape(t *testing.T) {
	sh := dataset.Shape{Rows: 12, Cols: 8, Classes: 13}
	const n = 2
	w := make([]float32, sh.Pixels()*n)
	w[(11*8+7)*n+1] = 1 // neuron 1: the bottom-right pixel
	l := FieldsLayout{Scale: 3, Border: 1}
	img, tiles := FieldsFigure(w, n, []int8{10, 12}, FieldsOptions{Shape: sh, Layout: l})
	if dx, dy := tiles[0].Dx(), tiles[0].Dy(); dx != 8*3 || dy != 12*3 {
		t.Fatalf("tile of %d×%d pixels, want 24×36", dx, dy)
	}
	if c := img.RGBAAt(tiles[1].Max.X-1, tiles[1].Max.Y-1); c.R != 255 {
		t.Errorf("neuron 1's bottom-right pixel is %v, want white", c)
	}
	if c := img.RGBAAt(tiles[0].Min.X-1, tiles[0].Min.Y); c != Palette[0] {
		t.Errorf("class 10's frame is %v, want the first colour again %v", c, Palette[0])
	}
	// Ten swatches a line: class 12's is the third of the second line.
	keyTop := tiles[0].Max.Y + l.Border + 5
	if c := img.RGBAAt(4+2*44+2, keyTop+textH+4+2); c != Palette[2] {
		t.Errorf("class 12's swatch is %v, want %v", c, Palette[2])
	}
	m := AssignmentMap([]int8{12, 0}, 13, "labels")
	if m.Bounds().Dx() < keyWidth(13) {
		t.Errorf("assignment map %d wide, narrower than its key", m.Bounds().Dx())
	}
	conf := [][]int{{5, 1, 0}, {0, 6, 0}, {2, 0, 4}}
	var b bytes.Buffer
	if err := Confusion(conf, "three").PNG(&b); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&b); err != nil {
		t.Fatal(err)
	}
	digit := make([]byte, sh.Pixels())
	digit[0] = 255
	g := Gallery([]GalleryItem{{digit, 2, 1}}, sh, 5, "w")
	scale := 56 / 12
	if c := g.RGBAAt(3, textH+6); c.R != 0 {
		t.Errorf("the gallery's ink is %v at its first pixel, not black", c)
	}
	if c := g.RGBAAt(3+8*scale, textH+6); c.R != 255 {
		t.Errorf("the gallery's digit is wider than 8 pixels at scale %d: %v", scale, c)
	}
}
