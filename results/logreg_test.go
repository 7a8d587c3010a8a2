package results

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLogRegReadsWhoFired: three classes, each answered by its own group of
// neurons with some spikes from the others; the readout fitted on 300
// responses classifies 300 fresh ones almost perfectly, where chance is a
// third, and the same responses give the same weights.
func TestLogRegReadsWhoFired(t *testing.T) {
	const n, k = 12, 3
	rng := rand.New(rand.NewPCG(1, 2))
	respond := func(c int) []int32 {
		counts := make([]int32, n)
		for range 6 {
			counts[4*c+rng.IntN(4)]++
		}
		counts[rng.IntN(n)] += 2 // noise from any neuron
		return counts
	}
	var x []Sparse
	var labels []byte
	for e := range 300 {
		x, labels = append(x, SparseOf(respond(e%k))), append(labels, byte(e%k))
	}
	r, err := FitLogReg(x, labels, n, k, DefaultLambda)
	if err != nil {
		t.Fatal(err)
	}
	right := 0
	for e := range 300 {
		if r.Predict(respond(e%k)) == e%k {
			right++
		}
	}
	if right < 285 {
		t.Fatalf("%d of 300 right", right)
	}
	again, _ := FitLogReg(x, labels, n, k, DefaultLambda)
	if !slices.Equal(again.W, r.W) {
		t.Fatal("the same responses gave other weights")
	}
	if _, err := FitLogReg(x, labels[:5], n, k, DefaultLambda); err == nil {
		t.Fatal("responses and labels of different lengths were fitted")
	}
}
