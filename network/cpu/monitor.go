package cpu

import (
	"sort"

	"spikemnist/dataset"
	"spikemnist/network"
)

// Record shows example img (its index k in the set the purpose stream
// belongs to) to the frozen model, starting from a rested network as every
// evaluation block does, so the spikes are those evaluation produced for
// the first example of a block. It traces the potential of the traced
// neurons that fired most (ties: lower index), and of fewer where fewer
// fired (one if none did).
func Record(cfg *network.Config, m *network.Model, img []byte, purpose uint64, k, traced int) *network.Recording {
	return record(cfg, m, img, purpose, k, traced, func(*Sim) {})
}

// RecordInSet is Record for example k of set as evaluation presents it,
// whatever k: from a rested network at the start of k's evaluation block,
// through the block's earlier examples, so that the recording is the
// spikes evaluation produced for k.
func RecordInSet(cfg *network.Config, m *network.Model, set *dataset.Set, purpose uint64, k, traced int) *network.Recording {
	counts := make([]int32, m.N)
	return record(cfg, m, set.Image(k), purpose, k, traced, func(s *Sim) {
		for e := k - k%cfg.EvalBlock; e < k; e++ {
			s.Present(set.Image(e), purpose, uint64(e), counts)
		}
	})
}

// record runs before on a rested network, then records img.
func record(cfg *network.Config, m *network.Model, img []byte, purpose uint64, k, traced int, before func(*Sim)) *network.Recording {
	// A first run finds the most active neurons; the second, identical
	// run records them.
	s := NewSim(cfg, m, false)
	s.Rested()
	before(s)
	counts := make([]int32, m.N)
	s.Present(img, purpose, uint64(k), counts)
	order := make([]int, m.N)
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] > counts[order[b]] })
	fired := 0
	for _, c := range counts {
		if c > 0 {
			fired++
		}
	}
	traced = min(traced, m.N, max(fired, 1)) // a silent neuron only if none fired

	s = NewSim(cfg, m, false)
	s.Rested()
	before(s)
	start, _ := s.State()
	r := &network.Recording{Example: k, Start: start, Dt: cfg.Dt, Neurons: order[:traced], Counts: make([]int32, m.N)}
	r.V, r.Threshold = make([][]float32, traced), make([][]float32, traced)
	t0 := s.t
	s.Observe = func(t int64, in []int16, exc, inh []int32) {
		step := int32(t - t0)
		for _, i := range in {
			r.Input = append(r.Input, network.Event{Step: step, Index: int32(i)})
		}
		for _, j := range exc {
			r.Exc = append(r.Exc, network.Event{Step: step, Index: j})
		}
		for _, j := range inh {
			r.Inh = append(r.Inh, network.Event{Step: step, Index: j})
		}
		for q, j := range r.Neurons {
			r.V[q] = append(r.V[q], s.exc.V[j])
			r.Threshold[q] = append(r.Threshold[q], float32(s.exc.Theta[j]+s.ek.ThresholdBase()))
		}
	}
	r.Outcome = s.Present(img, purpose, uint64(k), r.Counts)
	r.Steps = int(s.t - t0)
	return r
}

// RecordInSet is the package's RecordInSet over the Sim's configuration
// and model (network.Recorder); the replay runs on Sims of its own, frozen,
// so s itself is not changed.
func (s *Sim) RecordInSet(set *dataset.Set, purpose uint64, k, traced int) *network.Recording {
	return RecordInSet(s.cfg, s.m, set, purpose, k, traced)
}
