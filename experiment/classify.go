package experiment

import (
	"context"
	"sync"

	"gonum.org/v1/gonum/floats"

	"spikemnist/dataset"
	"spikemnist/network"
	"spikemnist/results"
)

// Answer is a labelled network's answer to one digit.
type Answer struct {
	Class  int       // −1: no spike from a labelled neuron
	Votes  []float64 // each class's all-activity vote, summed over the presentations
	Spikes int64     // excitatory spikes, over the presentations
	// Readout is the linear readout's class for the spike counts summed
	// over the presentations; −1 without a readout.
	Readout int
}

// Classify presents every digit of set repeats times to the frozen network,
// each time with fresh input spikes (network.TestRepeat), and answers by the
// all-activity vote of the labels a: the one classification classify and
// explore give, and by the readout where one is given (nil: none). engine
// makes the frozen engines (nil: the CPU engine).
func Classify(ctx context.Context, cfg *network.Config, m *network.Model, set *dataset.Set, a *results.Assignment, readout *results.LogReg, repeats, workers int, engine network.EngineMaker) ([]Answer, error) {
	answers := make([]Answer, set.Len())
	var sums [][]int32 // each digit's counts over the presentations, for the readout
	for k := range answers {
		answers[k].Votes = make([]float64, a.K)
		answers[k].Readout = -1
	}
	if readout != nil {
		sums = make([][]int32, set.Len())
		for k := range sums {
			sums[k] = make([]int32, m.N)
		}
	}
	var mu sync.Mutex
	for r := 0; r < repeats; r++ {
		err := network.RespondOn(ctx, engineOr(engine), cfg, m, set, network.TestRepeat(r), workers, func(k int, counts []int32, _ network.Outcome) {
			v := a.AllActivityScores(counts)
			var n int64
			for _, c := range counts {
				n += int64(c)
			}
			mu.Lock()
			floats.Add(answers[k].Votes, v)
			answers[k].Spikes += n
			if sums != nil {
				for j, c := range counts {
					sums[k][j] += c
				}
			}
			mu.Unlock()
		})
		if err != nil {
			return nil, err
		}
	}
	for i := range answers {
		answers[i].Class = results.Winner(answers[i].Votes)
		if sums != nil {
			answers[i].Readout = readout.Predict(sums[i])
		}
	}
	return answers, nil
}

// ReadoutOf is the linear readout eval saved with the labels of a
// checkpoint of n neurons and k classes (checkpoint.Checkpoint.Readout);
// nil where none was saved.
func ReadoutOf(w []float64, n, k int) *results.LogReg {
	if w == nil || len(w) != k*(n+1) {
		return nil
	}
	return &results.LogReg{N: n, K: k, W: w}
}
