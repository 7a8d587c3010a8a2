package datasettest

import (
	"bytes"
	"compress/gzip"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"spikemnist/dataset"
)

// WriteSet puts train and test examples of shape sh into dir as the four
// gzip IDX files of MNIST's names; example k is of class k mod Classes.
func WriteSet(dir string, sh dataset.Shape, train, test int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x1d8))
	for _, f := range []struct {
		images, labels string
		n              int
	}{{dataset.TrainImages, dataset.TrainLabels, train}, {dataset.TestImages, dataset.TestLabels, test}} {
		pix := make([]byte, 0, f.n*sh.Pixels())
		lab := make([]byte, f.n)
		for k := range lab {
			lab[k] = byte(k % sh.Classes)
			pix = append(pix, Bar(sh, int(lab[k]), rng)...)
		}
		if err := WriteIDX(filepath.Join(dir, f.images+".gz"), []int{f.n, sh.Rows, sh.Cols}, pix); err != nil {
			return err
		}
		if err := WriteIDX(filepath.Join(dir, f.labels+".gz"), []int{f.n}, lab); err != nil {
			return err
		}
	}
	return nil
}

// Bar draws one example of class c: a bar at c·180°/Classes through a point
// near the centre, 1.5 to 3 pixels wide, 255 at its core.
func Bar(sh dataset.Shape, c int, rng *rand.Rand) []byte {
	angle := math.Pi * float64(c) / float64(sh.Classes)
	dx, dy := math.Cos(angle), math.Sin(angle)
	cx := float64(sh.Cols)/2 + rng.Float64()*2 - 1
	cy := float64(sh.Rows)/2 + rng.Float64()*2 - 1
	half := 0.75 + rng.Float64()*0.75
	out := make([]byte, sh.Pixels())
	for y := 0; y < sh.Rows; y++ {
		for x := 0; x < sh.Cols; x++ {
			// Distance from the bar's line, and along it from the centre.
			px, py := float64(x)+0.5-cx, float64(y)+0.5-cy
			across := math.Abs(px*dy - py*dx)
			along := math.Abs(px*dx + py*dy)
			if along > 0.4*float64(min(sh.Rows, sh.Cols)) {
				continue
			}
			if v := 1 - max(0, across-half); v > 0 {
				out[y*sh.Cols+x] = byte(math.Round(255 * min(1, v)))
			}
		}
	}
	return out
}

// WriteIDX writes an IDX file of unsigned bytes with the given dimensions,
// gzip-compressed.
func WriteIDX(path string, dims []int, body []byte) error {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := dataset.WriteIDX(zw, dims, body); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
