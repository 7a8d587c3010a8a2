package digits

import (
	"image"
	"image/color"
	"testing"

	"spikemnist/dataset"
)

// TestMNISTLike draws a dark bar on a light, large, off-centre canvas and
// checks that it comes out as MNIST draws digits: light on dark, its
// longer side 20 pixels, its centre of mass at the centre.
func TestMNISTLike(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 300; x++ {
			img.Set(x, y, color.White)
			if x >= 40 && x < 70 && y >= 20 && y < 120 { // 30 × 100, up and left
				img.Set(x, y, color.RGBA{10, 10, 10, 255})
			}
		}
	}
	pix, ok := MNISTLike(GreyOf(img), dataset.MNIST)
	if !ok {
		t.Fatal("no ink found")
	}
	x0, y0, x1, y1 := Side, Side, -1, -1
	var m, mx, my float64
	for y := 0; y < Side; y++ {
		for x := 0; x < Side; x++ {
			v := float64(pix[y*Side+x])
			if v > 0 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
			m, mx, my = m+v, mx+v*float64(x), my+v*float64(y)
		}
	}
	if h, w := y1-y0+1, x1-x0+1; h != Box || w < 5 || w > 7 {
		t.Fatalf("digit box %d×%d, want about 6×20", w, h)
	}
	if cx, cy := mx/m, my/m; cx < 13 || cx > 15 || cy < 13 || cy > 15 {
		t.Fatalf("centre of mass (%.1f, %.1f), want (14, 14)", cx, cy)
	}
	if pix[0] != 0 || pix[14*Side+14] != 255 {
		t.Fatalf("background %d, centre %d: not light on dark", pix[0], pix[14*Side+14])
	}
	if _, ok := MNISTLike(GreyOf(image.NewGray(image.Rect(0, 0, 10, 10))), dataset.MNIST); ok {
		t.Fatal("a blank image has ink")
	}
}

// TestMNISTDigitSurvives: an MNIST digit, already in MNIST's form, changes
// little.
func TestMNISTDigitSurvives(t *testing.T) {
	src := make([]byte, Side*Side)
	for y := 4; y < 25; y++ { // 21 × 7, centre of mass at (14, 14)
		for x := 11; x < 18; x++ {
			src[y*Side+x] = 255
		}
	}
	pix, _ := MNISTLike(GreyOfBytes(src, Side, Side), dataset.MNIST)
	diff := 0
	for i := range src {
		if (src[i] > 127) != (pix[i] > 127) {
			diff++
		}
	}
	if diff > 2*Box {
		t.Fatalf("%d pixels changed side", diff)
	}
}
