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

// MaxImagePixels bounds the images ReadImage decodes: 32 Mpixels (8192 ×
// 4096, or a 6000 × 5000 photograph). Decoded, such an image takes up to 8
// bytes a pixel, and its grey levels 8 more.
const MaxImagePixels = 1 << 25

// ReadImage decodes a PNG or JPEG file, refusing one whose header claims
// more than MaxImagePixels before decoding it.
func ReadImage(path string) (image.Image, error) {
	f, err := readfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := DecodeImage(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// DecodeImage is ReadImage for an image held by r.
func DecodeImage(r io.ReadSeeker) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(r)
	if err != nil {
		return nil, err
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxImagePixels || cfg.Height > MaxImagePixels || cfg.Width*cfg.Height > MaxImagePixels {
		return nil, fmt.Errorf("%d×%d pixels, more than the %d Mpixels this program reads: scale it down", cfg.Width, cfg.Height, MaxImagePixels>>20)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(r)
	return img, err
}

// DecodeCost is about the most memory, in bytes, that decoding an image of
// header cfg and turning it into grey levels takes: its decoded pixels,
// 8 bytes a pixel of grey levels, and two rows of the widest pixels a
// decoder keeps while it reads (a PNG of 2²⁵ × 1 pixels costs its rows
// as much as its pixels).
func DecodeCost(cfg image.Config) int64 {
	bpp := int64(8)
	switch cfg.ColorModel {
	case color.GrayModel, color.AlphaModel:
		bpp = 1
	case color.Gray16Model, color.Alpha16Model:
		bpp = 2
	case color.YCbCrModel:
		bpp = 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		bpp = 4
	}
	if _, ok := cfg.ColorModel.(color.Palette); ok {
		bpp = 1
	}
	w, h := int64(cfg.Width), int64(cfg.Height)
	return w*h*(bpp+8) + 2*w*8
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
	at := pixels(img)
	// The border first, for the background's level.
	var border, weight float64
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			if x > 0 && y > 0 && x < g.W-1 && y < g.H-1 {
				x = g.W - 2 // the inside of the row is not border
				continue
			}
			v, a := levels(at(b.Min.X+x, b.Min.Y+y))
			border += a * v
			weight += a
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
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			v, a := levels(at(b.Min.X+x, b.Min.Y+y))
			if invert {
				v = 1 - v
			}
			v = max(0, v-bg) / (1 - bg)
			g.V[y*g.W+x] = v * a // a transparent pixel is background
		}
	}
	return g
}

// levels is a pixel's luminance and opacity, each 0 to 1.
func levels(c color.NRGBA64) (v, a float64) {
	return (0.299*float64(c.R) + 0.587*float64(c.G) + 0.114*float64(c.B)) / 65535, float64(c.A) / 65535
}

// pixels reads img's pixels as color.NRGBA64Model converts them; the
// decoders' own types are read without an allocation per pixel, so that a
// large photograph costs its decoded image and its grey levels only.
func pixels(img image.Image) func(x, y int) color.NRGBA64 {
	switch m := img.(type) {
	case *image.Gray:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.GrayAt(x, y)) }
	case *image.Gray16:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.Gray16At(x, y)) }
	case *image.YCbCr:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.YCbCrAt(x, y)) }
	case *image.RGBA:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.RGBAAt(x, y)) }
	case *image.NRGBA:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.NRGBAAt(x, y)) }
	case *image.RGBA64:
		return func(x, y int) color.NRGBA64 { return unpremultiplied(m.RGBA64At(x, y)) }
	case *image.NRGBA64:
		return m.NRGBA64At
	}
	return func(x, y int) color.NRGBA64 {
		return color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
	}
}

// unpremultiplied is c as color.NRGBA64Model converts it, for colours of
// a concrete type (no interface, so no allocation).
func unpremultiplied[C interface{ RGBA() (r, g, b, a uint32) }](c C) color.NRGBA64 {
	r, g, b, a := c.RGBA()
	switch a {
	case 0xffff:
		return color.NRGBA64{uint16(r), uint16(g), uint16(b), 0xffff}
	case 0:
		return color.NRGBA64{}
	}
	return color.NRGBA64{uint16(r * 0xffff / a), uint16(g * 0xffff / a), uint16(b * 0xffff / a), uint16(a)}
}

// GreyOfBytes is the grey levels of a w × h image of bytes (0 background,
// 255 ink, as IDX files hold them).
func GreyOfBytes(pix []byte, w, h int) Grey {
	g := Grey{W: w, H: h, V: make([]float64, w*h)}
	g.SetBytes(pix)
	return g
}

// SetBytes sets g's levels from bytes of its size, as GreyOfBytes reads
// them, in g's own array: one buffer serves a file of many images.
func (g Grey) SetBytes(pix []byte) {
	for i, p := range pix[:len(g.V)] {
		g.V[i] = float64(p) / 255
	}
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

// Preparation modes for Prepare: PrepareAuto prepares every digit but an
// IDX file's images of the network's size (taken to be prepared already).
const (
	PrepareAuto   = "auto"
	PrepareAlways = "always"
	PrepareNever  = "never"
)

// Prepare turns one digit into the network's input, sh.Pixels() bytes:
// MNISTLike, or g's own bytes where mode leaves it as it is (then it must
// be of sh's size). ink is false for a digit with none; fromIDX says that g
// came from an IDX file.
func Prepare(g Grey, sh dataset.Shape, mode string, fromIDX bool) (pix []byte, ink bool, err error) {
	asIs := g.W == sh.Cols && g.H == sh.Rows
	switch {
	case mode == PrepareAlways || (mode == PrepareAuto && !(fromIDX && asIs)):
		pix, ink = MNISTLike(g, sh)
		return pix, ink, nil
	case asIs:
		return g.Bytes(), true, nil
	}
	return nil, false, fmt.Errorf("%d×%d pixels, and -prepare never takes only the network's %d×%d", g.W, g.H, sh.Cols, sh.Rows)
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
