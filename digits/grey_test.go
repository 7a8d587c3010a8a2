package digits

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// greyOfReference is GreyOf's definition, written plainly: every pixel
// through color.NRGBA64Model, the border's mean as the background.
func greyOfReference(img image.Image) Grey {
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
	for i, v := range g.V {
		if invert {
			v = 1 - v
		}
		g.V[i] = max(0, v-bg) / (1 - bg) * alpha[i]
	}
	return g
}

// TestGreyOfEveryImageType: the decoders' image types, read without an
// allocation per pixel, give the reference's grey levels bit for bit, on
// light and dark backgrounds, with and without transparency, at odd sizes
// and origins.
func TestGreyOfEveryImageType(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, r := range []image.Rectangle{image.Rect(0, 0, 1, 1), image.Rect(0, 0, 2, 5), image.Rect(3, -2, 40, 31)} {
		for _, light := range []bool{false, true} {
			src := image.NewNRGBA64(r)
			for i := 0; i < len(src.Pix); i += 8 {
				v := uint16(rng.IntN(1 << 16))
				if light {
					v = 0xffff - v/8
				}
				for k := 0; k < 3; k++ {
					c := v ^ uint16(rng.IntN(256))
					src.Pix[i+2*k], src.Pix[i+2*k+1] = byte(c>>8), byte(c)
				}
				a := uint16(0xffff)
				if rng.IntN(4) == 0 {
					a = uint16(rng.IntN(1 << 16))
				}
				src.Pix[i+6], src.Pix[i+7] = byte(a>>8), byte(a)
			}
			ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
			for i := range ycc.Y {
				ycc.Y[i] = byte(rng.IntN(256))
			}
			for i := range ycc.Cb {
				ycc.Cb[i], ycc.Cr[i] = byte(rng.IntN(256)), byte(rng.IntN(256))
			}
			pal := image.NewPaletted(r, color.Palette{color.Black, color.White, color.Transparent, color.NRGBA{200, 30, 90, 128}})
			for i := range pal.Pix {
				pal.Pix[i] = byte(rng.IntN(4))
			}
			imgs := []image.Image{src, ycc, pal}
			for _, dst := range []draw.Image{image.NewGray(r), image.NewGray16(r), image.NewRGBA(r), image.NewNRGBA(r), image.NewRGBA64(r)} {
				draw.Draw(dst, r, src, r.Min, draw.Src)
				imgs = append(imgs, dst)
			}
			for _, img := range imgs {
				got, want := GreyOf(img), greyOfReference(img)
				for i := range want.V {
					if got.V[i] != want.V[i] {
						t.Fatalf("%T %v light %v: pixel %d is %v, want %v", img, r, light, i, got.V[i], want.V[i])
					}
				}
			}
		}
	}
}

func BenchmarkGreyOf(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 1000, 1000), image.YCbCrSubsampleRatio420)
	b.ReportAllocs()
	for b.Loop() {
		GreyOf(img)
	}
}

// TestReadImageBoundFromHeader: an image whose header claims more pixels
// than the bound is refused before its pixels are read (the file here is
// only the header).
func TestReadImageBoundFromHeader(t *testing.T) {
	for _, c := range []struct {
		w, h uint32
		ok   bool
	}{{8192, 4096, true}, {8192, 4097, false}, {1 << 30, 1, false}} {
		var b bytes.Buffer
		b.WriteString("\x89PNG\r\n\x1a\n")
		ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32([]byte("IHDR"), c.w), c.h)
		ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey
		binary.Write(&b, binary.BigEndian, uint32(len(ihdr)-4))
		b.Write(ihdr)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
		p := filepath.Join(t.TempDir(), "d.png")
		os.WriteFile(p, b.Bytes(), 0o644)
		_, err := ReadImage(p)
		switch {
		case c.ok && err != nil && strings.Contains(err.Error(), "pixels"):
			t.Errorf("%d×%d refused: %v", c.w, c.h, err)
		case !c.ok && (err == nil || !strings.Contains(err.Error(), "pixels")):
			t.Errorf("%d×%d: %v", c.w, c.h, err)
		}
	}
}
