package experiment

import (
	"gonum.org/v1/gonum/floats"

	"fmt"
	"slices"

	"spikemnist/network"
)

// Learning shows how far learning reaches in a window of training examples,
// at any size: whether the neurons fire at all, how the wins are shared,
// and how far the receptive fields have moved from where they started. A
// large network's running accuracy is a rough guide (each neuron is
// labelled from a few spikes); these are not.
type Learning struct {
	Examples int64   `json:"examples"`    // examples seen at the end of the window
	Fired    float64 `json:"fired_share"` // share of the neurons that fired in the window
	// Wins: examples of the window at which each neuron fired most (the
	// lowest index among equals; an example with no spike has no winner).
	Wins Range `json:"wins_per_neuron"`
	// Moved: each neuron's Σ|w − w_start| / Σ w_start, its field's distance
	// from its start; nil when the start cannot be rebuilt (a grown run
	// whose source is gone).
	Moved *Range `json:"field_moved,omitempty"`
}

// Range is the least, median and greatest of some values over the neurons.
type Range struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

func rangeOf(xs []float64) Range {
	if len(xs) == 0 {
		return Range{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2 // the mean of the middle two, as network.ThetaStats
	}
	return Range{Min: floats.Min(s), Median: med, Max: floats.Max(s)}
}

// String gives the window's learning in one line, for logs.
func (l Learning) String() string {
	s := fmt.Sprintf("%.1f%% of neurons fired; wins per neuron min %g, median %g, max %g", 100*l.Fired, l.Wins.Min, l.Wins.Median, l.Wins.Max)
	if l.Moved != nil {
		s += fmt.Sprintf("; fields moved from their start min %.3f, median %.3f, max %.3f", l.Moved.Min, l.Moved.Median, l.Moved.Max)
	}
	return s
}

// measureLearning summarises a window: spikes holds each neuron's spikes in
// it, wins its wins; start, if not nil, the weights the run began with.
func measureLearning(seen int64, spikes []float64, wins []int32, m *network.Model, start []float32) Learning {
	l := Learning{Examples: seen}
	w := make([]float64, len(wins))
	for j, c := range spikes {
		if c > 0 {
			l.Fired++
		}
		w[j] = float64(wins[j])
	}
	l.Fired /= float64(len(spikes))
	l.Wins = rangeOf(w)
	if start != nil {
		mv := m.Moved(start)
		r := rangeOf(mv)
		l.Moved = &r
	}
	return l
}
