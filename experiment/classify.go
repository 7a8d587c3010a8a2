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
}

// Classify presents every digit of set repeats times to the frozen network,
// each time with fresh input spikes (network.TestRepeat), and answers by the
// all-activity vote of the labels a: the one classification classify and
// explore give. engine makes the frozen engines (nil: the CPU engine).
func Classify(ctx context.Context, cfg *network.Config, m *network.Model, set *dataset.Set, a *results.Assignment, repeats, workers int, engine network.EngineMaker) ([]Answer, error) {
	answers := make([]Answer, set.Len())
	for k := range answers {
		answers[k].Votes = make([]float64, a.K)
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
			mu.Unlock()
		})
		if err != nil {
			return nil, err
		}
	}
	for i := range answers {
		answers[i].Class = results.Winner(answers[i].Votes)
	}
	return answers, nil
}
