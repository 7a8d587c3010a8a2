package encoding_test

import (
	"fmt"
	"math/rand/v2"

	"spikemnist/encoding"
)

// An image becomes spike trains: one Bernoulli process per pixel, at
// pixel/8 × intensity Hz, drawn spike by spike.
func ExamplePoisson() {
	p := encoding.Poisson{Steps: 700, Dt: 0.5, RateScale: 1.0 / 8}
	img := []byte{0, 255, 128} // a dark, a white and a grey pixel
	var tr encoding.Train
	p.Encode(img, 2, rand.New(rand.NewPCG(1, 2)), &tr)
	perInput := make([]int, len(img))
	for t := 0; t < tr.Steps(); t++ {
		for _, i := range tr.At(t) {
			perInput[i]++
		}
	}
	fmt.Printf("spike probability per step of the white pixel: %.4f\n", p.Prob(255, 2))
	fmt.Println("spikes in 350 ms:", perInput)
	// Output:
	// spike probability per step of the white pixel: 0.0319
	// spikes in 350 ms: [0 18 12]
}
