package results_test

import (
	"fmt"

	"spikemnist/results"
)

// Neurons are labelled by their mean response per class, then a digit is
// classified by the labelled groups' mean response.
func ExampleAssign() {
	// Two neurons, three labelling examples (classes 4, 7, 7).
	counts := []int32{
		6, 0,
		1, 3,
		0, 5,
	}
	a := results.Assign(counts, []byte{4, 7, 7}, 2, 10)
	fmt.Println("classes:", a.Class)
	fmt.Println("prediction:", a.AllActivity([]int32{1, 4}))
	// Output:
	// classes: [4 7]
	// prediction: 7
}
