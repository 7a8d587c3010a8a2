package visual

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"spikemnist/network"
)

func decode(t *testing.T, draw func(*bytes.Buffer) error) image.Image {
	t.Helper()
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func lightness(c interface{ RGBA() (r, g, b, a uint32) }) uint32 {
	r, g, b, _ := c.RGBA()
	return r + g + b
}

func TestChartsDecodeAtTheirSizes(t *testing.T) {
	theta := make([]float64, 400)
	for j := range theta {
		theta[j] = 20 + float64(j%37)
	}
	for name, c := range map[string]struct {
		draw func(*bytes.Buffer) error
		w, h int
	}{
		"theta":    {func(b *bytes.Buffer) error { return ThetaHistogram(b, theta, 7) }, 576, 384},
		"accuracy": {func(b *bytes.Buffer) error { return AccuracyCurve(b, []AccuracyPoint{{20000, 60}, {30000, 75}}) }, 576, 384},
	} {
		img := decode(t, c.draw)
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("%s: %v, want %d×%d", name, b, c.w, c.h)
		}
	}
}

// TestConfusionHeatMap checks that the picture is square and that the cell
// with the most examples is drawn lighter than an empty one.
func TestConfusionHeatMap(t *testing.T) {
	var m [10][10]int
	for k := 0; k < 10; k++ {
		m[k][k] = 100 + k
	}
	m[3][8] = 40
	img := decode(t, func(b *bytes.Buffer) error { return Confusion(b, m, "test") })
	b := img.Bounds()
	if b.Dx() != 576 || b.Dy() != 576 {
		t.Fatalf("picture %v", b)
	}
	// The map's extent is the box of its warm cells: the heat palette runs
	// from red (0) through yellow to white (the most), and every edge row
	// and column of this matrix has a zero.
	x0, y0, x1, y1 := b.Dx(), b.Dy(), 0, 0
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, _, bl, _ := img.At(x, y).RGBA()
			if r>>8 > 200 && bl>>8 < 100 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	cell := func(truth, pred int) image.Point { // y grows downwards, class 0 at the bottom
		cw, ch := float64(x1-x0)/10, float64(y1-y0)/10
		return image.Pt(x0+int((float64(pred)+0.2)*cw), y1-int((float64(truth)+0.2)*ch))
	}
	full, empty := cell(9, 9), cell(0, 5)
	if lightness(img.At(full.X, full.Y)) <= lightness(img.At(empty.X, empty.Y)) {
		t.Fatalf("the fullest cell is not lighter than an empty one (%v at %v, %v at %v)", img.At(full.X, full.Y), full, img.At(empty.X, empty.Y), empty)
	}
}

func TestMonitorPicture(t *testing.T) {
	r := &network.Recording{
		Steps: 100, Dt: 0.5, Input: []network.Event{{Step: 1, Index: 300}, {Step: 5, Index: 301}}, Exc: []network.Event{{Step: 10, Index: 2}}, Inh: []network.Event{{Step: 11, Index: 2}},
		Neurons: []int{2}, V: [][]float32{make([]float32, 100)}, Threshold: [][]float32{make([]float32, 100)}, Counts: []int32{0, 0, 1},
	}
	for i := range r.V[0] {
		r.V[0][i], r.Threshold[0][i] = -65+float32(i%10), -52
	}
	img := decode(t, func(b *bytes.Buffer) error { return Monitor(b, r) })
	if b := img.Bounds(); b.Dx() != 864 || b.Dy() != 1152 {
		t.Fatalf("picture %v", b)
	}
}
