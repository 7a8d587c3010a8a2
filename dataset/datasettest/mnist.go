// Package datasettest gives tests data sets, as net/http/httptest gives them
// servers: the real MNIST files, found through the environment variable
// MNIST_DIR (Dir, Load), failing loudly when they are not there; and data
// sets of one's own in MNIST's layout and file names (WriteSet), for tests
// of everything that reads such a set: bars of one angle per class through
// the middle of the image, shifted and of varying width, so that a network
// that learns tells them apart and one that does not scores near chance.
package datasettest

import (
	"sync"
	"testing"

	"os"

	"spikemnist/dataset"
)

// Dir returns $MNIST_DIR or fails the test with a message saying how to
// provide the data.
func Dir(tb testing.TB) string {
	tb.Helper()
	d := os.Getenv("MNIST_DIR")
	if d == "" {
		tb.Fatal("MNIST_DIR is not set: point it at a folder holding the four MNIST files " +
			"(train-images-idx3-ubyte.gz …), e.g. MNIST_DIR=../shared/mnist, " +
			"or run `go run ./cmd/train` once to download them into the default cache folder")
	}
	return d
}

var (
	once  sync.Once
	sets  map[string]*dataset.Set
	loadE error
)

// Load returns the train or test split, read once per test binary.
func Load(tb testing.TB, split string) *dataset.Set {
	tb.Helper()
	dir := Dir(tb)
	once.Do(func() {
		sets = map[string]*dataset.Set{}
		for _, s := range []string{"train", "test"} {
			set, err := dataset.Load(dir, dataset.KindMNIST, s)
			if err != nil {
				loadE = err
				return
			}
			sets[s] = set
		}
	})
	if loadE != nil {
		tb.Fatalf("loading MNIST from MNIST_DIR=%s: %v", dir, loadE)
	}
	return sets[split]
}
