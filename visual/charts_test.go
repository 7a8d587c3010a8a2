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

func TestChartsDecodeAtTheirSizes(t *testing.T) {
	theta := make([]float64, 400)
	for j := range theta {
		theta[j] = 20 + float64(j%37)
	}
	for name, c := range map[string]struct {
		draw func(*bytes.Buffer) error
		w, h int
	}{
		"theta": {func(b *bytes.Buffer) error {
			c, err := Theta(theta, 7, 20)
			if err != nil {
				return err
			}
			return c.PNG(b)
		}, 576, 384},
		"accuracy": {func(b *bytes.Buffer) error {
			c, err := Accuracy([]AccuracyPoint{{20000, 60, 62}, {30000, 75, 77}}, 20000, []FinalScore{{"all-activity", 80}, {"proportion", 81}})
			if err != nil {
				return err
			}
			return c.PNG(b)
		}, 576, 384},
	} {
		img := decode(t, c.draw)
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("%s: %v, want %d×%d", name, b, c.w, c.h)
		}
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
	digit := make([]byte, 784)
	digit[14*28+14] = 255
	img := decode(t, func(b *bytes.Buffer) error {
		return MonitorPNG(b, r, MonitorInfo{Image: digit, Label: 7, Answer: 1, Neurons: 3, PresentMs: 35, PeriodMs: 50})
	})
	if b := img.Bounds(); b.Dx() != 960 || b.Dy() != 1152 {
		t.Fatalf("picture %v", b)
	}
	// The presentation is shaded: a pale yellow band over the first 35 ms.
	shaded := 0
	for y := 0; y < 1152; y++ {
		for x := 200; x < 960; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); r>>8 == 255 && g>>8 == 243 && b>>8 == 205 {
				shaded++
			}
		}
	}
	if shaded < 10000 {
		t.Fatalf("%d shaded pixels: no presentation band", shaded)
	}
	// The digit is drawn, dark on light, in the left column.
	dark := 0
	for y := 0; y < 300; y++ {
		for x := 0; x < 200; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 < 60 {
				dark++
			}
		}
	}
	if dark < 20 {
		t.Fatalf("no digit in the top left (%d dark pixels)", dark)
	}
}

func TestSeriesChart(t *testing.T) {
	img := decode(t, func(b *bytes.Buffer) error {
		c, err := Series([]SeriesPoint{{1000, 70, 72}, {2000, 80, 81}, {3000, 84, 85}})
		if err != nil {
			return err
		}
		return c.PNG(b)
	})
	blue, orange := 0, 0
	b := img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			near := func(c [3]int) bool {
				d := func(a uint32, b int) int { return max(int(a>>8)-b, b-int(a>>8)) }
				return d(r, c[0]) < 40 && d(g, c[1]) < 40 && d(bl, c[2]) < 40
			}
			if near([3]int{0, 114, 178}) {
				blue++
			}
			if near([3]int{213, 94, 0}) {
				orange++
			}
		}
	}
	if blue < 100 || orange < 100 {
		t.Fatalf("the two votes' lines: %d and %d pixels", blue, orange)
	}
	if _, err := Series(nil); err == nil {
		t.Fatal("a series of no points was drawn")
	}
}
