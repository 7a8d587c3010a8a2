// Command downscale writes MNIST at a lower resolution as a data set of
// one's own: each image's f×f blocks averaged (rounded half to even), in
// MNIST's layout and file names, for train -dataset idx.
//
//	go run ./examples/downscale -factor 2 -out mnist14   # 14×14 digits
package main

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
)

func main() {
	in := flag.String("data", dataset.DefaultDir(), "folder of the four MNIST files")
	out := flag.String("out", "", "folder to write the smaller set into")
	f := flag.Int("factor", 2, "side of the blocks averaged into one pixel; must divide 28")
	flag.Parse()
	if *out == "" || *f < 1 || 28%*f != 0 {
		fmt.Fprintln(os.Stderr, "downscale: give -out DIR and a -factor that divides 28")
		os.Exit(2)
	}
	if err := run(*in, *out, *f); err != nil {
		fmt.Fprintf(os.Stderr, "downscale: %v\n", err)
		os.Exit(1)
	}
}

func run(in, out string, f int) error {
	train, test, err := dataset.LoadAll(context.Background(), in, dataset.KindMNIST, true, os.Stderr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	side := 28 / f
	for _, s := range []struct {
		set            *dataset.Set
		images, labels string
	}{{train, dataset.TrainImages, dataset.TrainLabels}, {test, dataset.TestImages, dataset.TestLabels}} {
		small := make([]byte, 0, s.set.Len()*side*side)
		for k := 0; k < s.set.Len(); k++ {
			img := s.set.Image(k)
			for y := 0; y < side; y++ {
				for x := 0; x < side; x++ {
					sum := 0
					for dy := 0; dy < f; dy++ {
						for dx := 0; dx < f; dx++ {
							sum += int(img[(y*f+dy)*28+x*f+dx])
						}
					}
					small = append(small, byte(math.RoundToEven(float64(sum)/float64(f*f))))
				}
			}
		}
		n := s.set.Len()
		if err := write(filepath.Join(out, s.images+".gz"), []int{n, side, side}, small); err != nil {
			return err
		}
		if err := write(filepath.Join(out, s.labels+".gz"), []int{n}, s.set.Labels); err != nil {
			return err
		}
	}
	return nil
}

// write puts an IDX file into path, gzip-compressed, atomically.
func write(path string, dims []int, body []byte) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		if err := dataset.WriteIDX(zw, dims, body); err != nil {
			return err
		}
		return zw.Close()
	})
}
