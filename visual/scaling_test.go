package visual

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// TestAccuracyBySize draws two lines and finds each line's colour in the
// picture, and the sizes as tick labels in the SVG.
func TestAccuracyBySize(t *testing.T) {
	lines := []SizeLine{
		{"triplet", []SizePoint{{400, 89.6, 0.2, 3}, {100, 85.9, 0.2, 3}}},
		{"power-law", []SizePoint{{100, 80.4, 0.3, 3}, {400, 87.2, 0.3, 3}}},
	}
	var p, s bytes.Buffer
	if err := AccuracyBySize(&p, &s, "test", lines); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range lines {
		c, n := lineColours[i], 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
					n++
				}
			}
		}
		if n < 100 {
			t.Errorf("line %q: %d pixels of its colour", lines[i].Label, n)
		}
	}
	svg := s.String()
	if !strings.HasPrefix(strings.TrimSpace(svg), "<?xml") || !strings.Contains(svg, ">100<") || !strings.Contains(svg, ">400<") || !strings.Contains(svg, "power-law") {
		t.Fatal("the SVG lacks the size ticks or the legend")
	}
	if err := AccuracyBySize(&p, nil, "empty", nil); err == nil {
		t.Fatal("a chart of no runs was drawn")
	}
}
