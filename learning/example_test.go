package learning_test

import (
	"fmt"

	"spikemnist/learning"
)

// Each neuron's incoming weights (a column) are rescaled to sum to the
// target; weights left above w_max are reported for the next update to clip.
func ExampleNormalize() {
	w := []float32{ // 3 inputs × 2 neurons
		0.1, 0.2,
		0.3, 0.2,
		0.4, 0.6,
	}
	over := learning.Normalize(w, 2, 1.6, make([]float64, 2), 1, nil)
	fmt.Println(w, over)
	// Output: [0.2 0.32 0.6 0.32 0.8 0.96000004] []
}

// The rule's two updates for one synapse, with the traces as they are read.
func ExampleTripletRule() {
	r := learning.DefaultTriplet().Tabulate(0.5)
	w := float32(0.5)
	pre := r.Pre.At(12)     // presynaptic spike arrived 12 steps (6 ms) ago: e^−0.3
	post2 := r.Post2.At(40) // the neuron last fired 40 steps (20 ms) ago: e^−0.5
	r.Potentiate(&w, pre, post2)
	fmt.Printf("after the postsynaptic spike: %.6f\n", w)
	r.Depress(&w, r.Post1.At(4)) // a spike arrives 2 ms after it
	fmt.Printf("after the next arrival:      %.6f\n", w)
	// Output:
	// after the postsynaptic spike: 0.504493
	// after the next arrival:      0.504403
}
