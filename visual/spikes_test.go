package visual

import (
	"testing"

	"spikemnist/dataset"
)

// TestLiveExampleOfAnotherShape: the live view draws the last example of a
// set of 12×14 images in that shape, each pixel a 12-pixel square (the
// 168-pixel panel over the longer side), its ink where the data put it.
func TestLiveExampleOfAnotherShape(t *testing.T) {
	sh := dataset.Shape{Rows: 12, Cols: 14, Classes: 4}
	img := make([]byte, sh.Pixels())
	img[11*14+13] = 255 // bottom right
	got := ExampleSpikes(img, sh, []int32{0, 1, 2, 3})
	if w, h := got.Bounds().Dx(), got.Bounds().Dy(); w < 14*12+16 || h != max(12*12, 2*12) {
		t.Fatalf("panel of %d×%d", w, h)
	}
	if c := got.RGBAAt(13*12+5, 11*12+5); c.R != 0 {
		t.Errorf("the ink at (13, 11) is %v, not black", c)
	}
	if c := got.RGBAAt(5, 5); c.R != 255 {
		t.Errorf("the background at (0, 0) is %v, not white", c)
	}
}
