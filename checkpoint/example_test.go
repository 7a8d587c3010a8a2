package checkpoint_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
)

// A checkpoint is saved atomically and checked when it is loaded; numpy
// reads the same file (np.load).
func Example() {
	dir, err := os.MkdirTemp("", "ck")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	const n = 2
	c := &checkpoint.Checkpoint{
		N: n, Config: `{"neurons": 2}`, Seed: 1, Shape: dataset.MNIST,
		Weights: make([]float32, 784*n), Delays: make([]uint8, 784*n), Theta: []float64{20, 20.5},
	}
	path := filepath.Join(dir, "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		log.Fatal(err)
	}
	back, err := checkpoint.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.N, len(back.Weights), back.Theta, back.Assignments == nil)
	// Output: 2 1568 [20 20.5] true
}
