package digits

import (
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // decoded by ReadImage
	_ "image/png"
	"io"
	"math"

	"spikemnist/dataset"
	"spikemnist/internal/readfile"
)

// Side is the side of an MNIST image in pixels, and Box the side of the box
// its digit is scaled to fit, keeping its aspect ratio.
const (
	Side = 28
	Box  = 20
)

// maxImagePixels bounds the images ReadImage decodes.
const maxImagePixels = 64 << 20

// ReadImage decodes a PNG or JPEG file, refusing one whose header claims
// more than 64 Mpixels before decoding it.
func ReadImage(path string) (image.Image, error) {
	f, err := readfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("%s: %d×%d pixels", path, cfg.Width, cfg.Height)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// Grey is an image as grey levels, 0 (background) to 1 (ink).
type Grey struct {
	W, H int
	V    []float64
}

// GreyOf converts img to grey levels by luminance. A light background
// (the mean of the border above one half) is inverted, so that the digit is
// light on dark as in MNIST whichever way it was drawn; the background's
// level is taken off, and transparent pixels count as background.
func GreyOf(img image.Image) Grey {
	b := img.Bounds()
	g := Grey{W: b.Dx(), H: b.Dy(), V: make([]float64, b.Dx()*b.Dy())}
	alpha := make([]float64, len(g.V))
	var border, weight float64
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			c := color.NRGBA64Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA64)
			i := y*g.W + x
			g.V[i] = (0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)) / 65535
			alpha[i] = float64(c.A) / 65535
			if x == 0 || y == 0 || x == g.W-1 || y == g.H-1 {
				border += alpha[i] * g.V[i]
				weight += alpha[i]
			}
		}
	}
	bg := 0.0
	if weight > 0 {
		bg = border / weight
	}
	invert := bg > 0.5
	if invert {
		bg = 1 - bg
	}
	// The paper's own level (the border's mean, once light on dark) is
	// taken off, so that only ink remains.
	for i, v := range g.V {
		if invert {
			v = 1 - v
		}
		v = max(0, v-bg) / (1 - bg)
		g.V[i] = v * alpha[i] // a transparent pixel is background
	}
	return g
}

// GreyOfBytes is the grey levels of a w × h image of bytes (0 background,
// 255 ink, as IDX files hold them).
func GreyOfBytes(pix []byte, w, h int) Grey {
	g := Grey{W: w, H: h, V: make([]float64, w*h)}
	for i, p := range pix[:w*h] {
		g.V[i] = float64(p) / 255
	}
	return g
}

// Bytes is g as bytes, 0 to 255.
func (g Grey) Bytes() []byte {
	b := make([]byte, len(g.V))
	for i, v := range g.V {
		b[i] = byte(math.Round(255 * min(1, max(0, v))))
	}
	return b
}

// MNISTLike prepares a digit as MNIST's were, in an image of sh's size: the
// bounding box of its ink scaled (area-averaged) to fit a square Box/Side of
// the image's shorter side (20 of 28 for MNIST) keeping its aspect ratio,
// placed with its centre of mass at the centre, the brightest pixel 255. It
// returns sh.Pixels() bytes, and false for an image with no ink.
func MNISTLike(g Grey, sh dataset.Shape) ([]byte, bool) {
	peak := 0.0
	for _, v := range g.V {
		peak = max(peak, v)
	}
	out := make([]byte, sh.Pixels())
	if peak <= 0 {
		return out, false
	}
	// The digit's size is the box of its pixels above half the peak, the
	// extent of the pen stroke itself: that box is scaled to fit the box, as
	// MNIST scaled its binary digits. The fainter edge around it (a
	// scanner's or an antialiased drawing's) comes along at the same scale.
	box := func(th float64) (x0, y0, x1, y1 int) {
		x0, y0, x1, y1 = g.W, g.H, -1, -1
		for y := 0; y < g.H; y++ {
			for x := 0; x < g.W; x++ {
				if g.V[y*g.W+x] > th {
					x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
				}
			}
		}
		return
	}
	fit := max(1, math.Round(float64(min(sh.Rows, sh.Cols))*Box/Side))
	sx0, sy0, sx1, sy1 := box(peak / 2)
	scale := fit / float64(max(sx1-sx0+1, sy1-sy0+1))
	x0, y0, x1, y1 := box(peak / 100)
	bw, bh := x1-x0+1, y1-y0+1
	ow, oh := max(1, int(math.Round(float64(bw)*scale))), max(1, int(math.Round(float64(bh)*scale)))
	small := resample(g, x0, y0, bw, bh, ow, oh)
	// Centre of mass of the scaled digit, to sit at the image's centre, as
	// MNIST's digits have theirs at (14, 14) (test set mean 13.99, 14.01).
	var m, mx, my float64
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			v := small[y*ow+x]
			m, mx, my = m+v, mx+v*float64(x), my+v*float64(y)
		}
	}
	dx := int(math.Round(float64(sh.Cols)/2 - mx/m))
	dy := int(math.Round(float64(sh.Rows)/2 - my/m))
	top := 0.0
	for _, v := range small {
		top = max(top, v)
	}
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			tx, ty := x+dx, y+dy
			if tx < 0 || ty < 0 || tx >= sh.Cols || ty >= sh.Rows {
				continue
			}
			out[ty*sh.Cols+tx] = byte(math.Round(255 * small[y*ow+x] / top))
		}
	}
	return out, true
}

// resample scales the w × h region at (x0, y0) of g to ow × oh by area
// averaging (each output pixel the mean of the input area it covers).
func resample(g Grey, x0, y0, w, h, ow, oh int) []float64 {
	out := make([]float64, ow*oh)
	sx, sy := float64(w)/float64(ow), float64(h)/float64(oh)
	for oy := 0; oy < oh; oy++ {
		ya, yb := float64(oy)*sy, float64(oy+1)*sy
		for ox := 0; ox < ow; ox++ {
			xa, xb := float64(ox)*sx, float64(ox+1)*sx
			var sum, area float64
			for y := int(ya); y < h && float64(y) < yb; y++ {
				fy := math.Min(yb, float64(y+1)) - math.Max(ya, float64(y))
				for x := int(xa); x < w && float64(x) < xb; x++ {
					fx := math.Min(xb, float64(x+1)) - math.Max(xa, float64(x))
					sum += fx * fy * g.V[(y0+y)*g.W+x0+x]
					area += fx * fy
				}
			}
			if area > 0 {
				out[oy*ow+ox] = sum / area
			}
		}
	}
	return out
}
