package experiment

import (
	"math"
	"testing"

	"spikemnist/network"
)

// TestMeasureLearning checks the window's figures on a network of four
// neurons whose fields and spikes are known.
func TestMeasureLearning(t *testing.T) {
	m := &network.Model{N: 4, Inputs: 2, W: []float32{
		1, 2, 0, 3, // input 0 → neurons 0–3
		1, 2, 0, 1, // input 1
	}}
	start := []float32{1, 1, 0, 1, 1, 1, 0, 1}
	l := measureLearning(50, []float64{3, 0, 7, 1}, []int32{2, 0, 5, 1}, m, start)
	if l.Examples != 50 || l.Fired != 0.75 {
		t.Fatalf("examples %d, fired %v", l.Examples, l.Fired)
	}
	if l.Wins != (Range{Min: 0, Median: 1.5, Max: 5}) {
		t.Fatalf("wins %+v", l.Wins)
	}
	// Moved: neuron 0 not at all, 1 by 2/2, 2 started empty (0), 3 by 2/2.
	if l.Moved == nil || *l.Moved != (Range{Min: 0, Median: 0.5, Max: 1}) {
		t.Fatalf("moved %+v", l.Moved)
	}
	if l := measureLearning(50, []float64{1, 1, 1, 1}, make([]int32, 4), m, nil); l.Moved != nil || l.Fired != 1 {
		t.Fatalf("without a start: %+v", l)
	}
	if r := rangeOf([]float64{5, math.Inf(1), 1}); r.Median != 5 || r.Min != 1 {
		t.Fatalf("range %+v", r)
	}
}
