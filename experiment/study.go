package experiment

import (
	"context"
	"slices"
	"sync"

	"spikemnist/dataset"
	"spikemnist/network"
	"spikemnist/results"
)

// Study is what a labelled network does with a set of labelled digits,
// measured once so that the explorer can say it of any neuron: each
// neuron's mean response to each class, the digits each answered most, and
// the digits the network gets wrong.
type Study struct {
	Set   *dataset.Set // the digits shown
	Rates [][]float64  // Rates[j][c]: neuron j's mean spikes for a digit of class c
	Top   [][]int      // Top[j]: the digits neuron j fired most for, most first (at most TopDigits, only those it fired for)
	Wrong []Miss       // the digits the all-activity vote gets wrong, in order
}

// Miss is one misclassified digit.
type Miss struct {
	Index, Label, Answer int
}

// TopDigits is how many digits Study keeps per neuron.
const TopDigits = 8

// StudyNetwork shows every digit of set to the frozen network (as
// evaluation does, purpose network.PurposeTest) and records a Study under
// the labels classes, on frozen engines that engine makes (nil: the CPU
// engine).
func StudyNetwork(ctx context.Context, cfg *network.Config, m *network.Model, classes []int8, set *dataset.Set, workers int, engine network.EngineMaker) (*Study, error) {
	k := set.Shape.Classes
	a := results.FromClasses(classes, k)
	acc := results.NewAccumulator(m.N, k)
	st := &Study{Set: set, Top: make([][]int, m.N)}
	spikes := make([][]int32, m.N) // the spike counts behind Top
	var mu sync.Mutex
	err := network.RespondOn(ctx, engineOr(engine), cfg, m, set, network.PurposeTest, workers, func(d int, counts []int32, _ network.Outcome) {
		answer := a.AllActivity(counts)
		mu.Lock()
		defer mu.Unlock()
		acc.Add(counts, set.Labels[d])
		if answer != int(set.Labels[d]) {
			st.Wrong = append(st.Wrong, Miss{d, int(set.Labels[d]), answer})
		}
		for j, c := range counts {
			if c > 0 {
				st.Top[j], spikes[j] = keepTop(st.Top[j], spikes[j], d, c)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(st.Wrong, func(x, y Miss) int { return x.Index - y.Index })
	st.Rates = acc.Assign().Rates
	return st, nil
}

// keepTop inserts digit d with c spikes into a neuron's list, most spikes
// first and, among equals, the lower index first, keeping TopDigits.
func keepTop(top []int, spikes []int32, d int, c int32) ([]int, []int32) {
	i := 0
	for i < len(top) && (spikes[i] > c || spikes[i] == c && top[i] < d) {
		i++
	}
	if i == TopDigits {
		return top, spikes
	}
	top, spikes = slices.Insert(top, i, d), slices.Insert(spikes, i, c)
	if len(top) > TopDigits {
		top, spikes = top[:TopDigits], spikes[:TopDigits]
	}
	return top, spikes
}
