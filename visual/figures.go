package visual

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"spikemnist/dataset"
)

// Palette is the class colours of the pictures: Paul Tol's "muted" scheme,
// nine colours told apart by colour-blind readers too, and a light grey.
// A set of more than ten classes reuses them (ClassColour).
var Palette = [10]color.RGBA{
	{0x33, 0x22, 0x88, 255}, {0x88, 0xCC, 0xEE, 255}, {0x44, 0xAA, 0x99, 255}, {0x11, 0x77, 0x33, 255}, {0x99, 0x99, 0x33, 255},
	{0xDD, 0xCC, 0x77, 255}, {0xCC, 0x66, 0x77, 255}, {0x88, 0x22, 0x55, 255}, {0xAA, 0x44, 0x99, 255}, {0xDD, 0xDD, 0xDD, 255},
}

// orMNIST is sh, or MNIST's shape for the zero value.
func orMNIST(sh dataset.Shape) dataset.Shape {
	if sh == (dataset.Shape{}) {
		return dataset.MNIST
	}
	return sh
}

// ClassColour is class c's colour: Palette's, repeated every ten classes.
func ClassColour(c int) color.RGBA { return Palette[c%len(Palette)] }

// FieldsOptions choose how a receptive-field figure is drawn.
type FieldsOptions struct {
	Shape       dataset.Shape // the images' size and the classes; the zero value is MNIST's
	Layout      FieldsLayout
	PerTile     bool   // each tile's grey scale up to its own largest weight (else one scale for all)
	SortByClass bool   // tiles ordered by class (unlabelled last), each class's neurons in order
	Title       string // drawn above the tiles
}

const textH = 16 // height of a line of basicfont text, pixels

// key draws a swatch and the number of each of k classes in lines across
// width, from y down; keyHeight is the height it takes.
func key(img draw.Image, y, k, width int) {
	per := max(1, (width-8)/44)
	for c := 0; c < k; c++ {
		x, yc := 4+(c%per)*44, y+(c/per)*(textH+4)
		draw.Draw(img, image.Rect(x, yc, x+14, yc+14), image.NewUniform(ClassColour(c)), image.Point{}, draw.Src)
		label(img, x+18, yc+1, strconv.Itoa(c), color.Black)
	}
}

func keyHeight(k, width int) int {
	per := max(1, (width-8)/44)
	return (k+per-1)/per*(textH+4) + 6
}

// keyWidth is the width a key of k classes wants on one line, up to ten.
func keyWidth(k int) int { return min(k, 10)*44 + 8 }

// label writes s at (x, y) (the text's top left) in c.
func label(img draw.Image, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y+11)}
	d.DrawString(s)
}

func textWidth(s string) int { return 7 * len([]rune(s)) }

// FieldsFigure draws every neuron's input weights as a grey tile of the
// images' shape (28×28 for MNIST), framed in its class's colour
// (ClassColour), with a title above and a key of the classes below. w is
// pixels × n, row-major (w[i*n+j]: pixel i → neuron j); classes may be nil.
// It returns the picture and, for each neuron, where its tile went.
func FieldsFigure(w []float32, n int, classes []int8, o FieldsOptions) (*image.RGBA, []image.Rectangle) {
	l, sh := o.Layout, orMNIST(o.Shape)
	pixels := sh.Pixels()
	order := make([]int, n)
	for j := range order {
		order[j] = j
	}
	if o.SortByClass && classes != nil {
		slices.SortStableFunc(order, func(a, b int) int {
			ca, cb := int(classes[a]), int(classes[b])
			if ca < 0 {
				ca = sh.Classes
			}
			if cb < 0 {
				cb = sh.Classes
			}
			return ca - cb
		})
	}
	cols, rows := Grid(n)
	tw, th := sh.Cols*l.Scale+2*l.Border, sh.Rows*l.Scale+2*l.Border
	top := 0
	if o.Title != "" {
		top = textH + 6
	}
	width := max(cols*tw, keyWidth(sh.Classes), textWidth(o.Title)+8)
	keyH := 0
	if classes != nil {
		keyH = keyHeight(sh.Classes, width)
	}
	img := image.NewRGBA(image.Rect(0, 0, width, top+rows*th+keyH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	if o.Title != "" {
		label(img, 4, 3, o.Title, color.Black)
	}
	wmax := slices.Max(w)
	tiles := make([]image.Rectangle, n)
	for pos, j := range order {
		x0, y0 := (pos%cols)*tw, top+(pos/cols)*th
		frame := image.Rect(x0, y0, x0+tw, y0+th)
		fc := color.RGBA{255, 255, 255, 255}
		if classes != nil && classes[j] >= 0 {
			fc = ClassColour(int(classes[j]))
		}
		draw.Draw(img, frame, image.NewUniform(fc), image.Point{}, draw.Src)
		tile := frame.Inset(l.Border)
		tiles[j] = tile
		scale := wmax
		if o.PerTile {
			scale = 0
			for p := 0; p < pixels; p++ {
				scale = max(scale, w[p*n+j])
			}
		}
		for p := 0; p < pixels; p++ {
			g := uint8(0)
			if scale > 0 {
				g = uint8(math.Round(255 * float64(min(max(w[p*n+j]/scale, 0), 1))))
			}
			x0, y0 := tile.Min.X+(p%sh.Cols)*l.Scale, tile.Min.Y+(p/sh.Cols)*l.Scale
			for y := y0; y < y0+l.Scale; y++ {
				for x := x0; x < x0+l.Scale; x++ {
					img.SetRGBA(x, y, color.RGBA{g, g, g, 255})
				}
			}
		}
	}
	if classes != nil {
		key(img, top+rows*th+5, sh.Classes, width)
	}
	return img, tiles
}

// AssignmentMap draws each neuron as a cell of the fields' grid, coloured by
// the class it is labelled with (grey if none), with the class's digit in it
// where there is room, a title and a key of the k classes.
func AssignmentMap(classes []int8, k int, title string) *image.RGBA {
	n := len(classes)
	cols, rows := Grid(n)
	cell := max(4, min(24, 640/cols))
	top := textH + 6
	width := max(cols*cell, keyWidth(k), textWidth(title)+8)
	img := image.NewRGBA(image.Rect(0, 0, width, top+rows*cell+keyHeight(k, width)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	label(img, 4, 3, title, color.Black)
	for j, c := range classes {
		x, y := (j%cols)*cell, top+(j/cols)*cell
		fill := color.RGBA{245, 245, 245, 255}
		if c >= 0 {
			fill = ClassColour(int(c))
		}
		draw.Draw(img, image.Rect(x, y, x+cell-1, y+cell-1), image.NewUniform(fill), image.Point{}, draw.Src)
		if c >= 0 && cell >= 16 {
			ink := color.Color(color.White)
			if lum := 0.299*float64(fill.R) + 0.587*float64(fill.G) + 0.114*float64(fill.B); lum > 140 {
				ink = color.Black
			}
			s := strconv.Itoa(int(c))
			label(img, x+cell/2-textWidth(s)/2, y+cell/2-7, s, ink)
		}
	}
	key(img, top+rows*cell+5, k, width)
	return img
}

// GalleryItem is one digit of a gallery: its pixels, its label and what
// the network answered.
type GalleryItem struct {
	Pixels        []byte
	Label, Answer int
}

// Gallery draws digits of sh's size (at most limit) in a grid, each with
// "label>answer" under it, and a title.
func Gallery(items []GalleryItem, sh dataset.Shape, limit int, title string) *image.RGBA {
	items = items[:min(len(items), limit)]
	const pad = 6
	scale := max(1, 56/max(sh.Rows, sh.Cols))
	iw, ih := sh.Cols*scale, sh.Rows*scale
	cw, ch := max(iw, textWidth("00>00"))+pad, ih+textH+pad
	cols := max(1, min(len(items), 16))
	rows := (len(items) + cols - 1) / cols
	top := textH + 6
	img := image.NewRGBA(image.Rect(0, 0, max(cols*cw, textWidth(title)+8), top+max(1, rows)*ch))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	label(img, 4, 3, title, color.Black)
	for i, it := range items {
		x, y := (i%cols)*cw+pad/2, top+(i/cols)*ch
		for p, v := range it.Pixels[:sh.Pixels()] {
			g := 255 - v
			px, py := p%sh.Cols, p/sh.Cols
			r := image.Rect(x+px*scale, y+py*scale, x+(px+1)*scale, y+(py+1)*scale)
			draw.Draw(img, r, image.NewUniform(color.RGBA{g, g, g, 255}), image.Point{}, draw.Src)
		}
		s := strconv.Itoa(it.Label) + ">" + strconv.Itoa(it.Answer)
		if it.Answer < 0 {
			s = strconv.Itoa(it.Label) + ">?"
		}
		label(img, x+iw/2-textWidth(s)/2, y+ih+1, s, color.RGBA{200, 30, 30, 255})
	}
	return img
}
