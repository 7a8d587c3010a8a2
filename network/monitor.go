package network

import (
	"io"
	"sort"

	"spikemnist/dataset"
	"spikemnist/internal/npz"
)

// Event is one spike: the step (counted from the start of the recording)
// and the index of the neuron or input.
type Event struct {
	Step, Index int32
}

// Recording is what Record saw while a frozen network was shown one
// example, every presentation of it included (the boost rule may repeat it)
// with its rest.
type Recording struct {
	Example   int     // index of the example in its set
	Start     State   // the network's state just before the example
	Steps     int     // steps recorded
	Dt        float64 // ms per step
	Input     []Event // input spikes
	Exc, Inh  []Event // excitatory and inhibitory spikes
	Neurons   []int   // excitatory neurons whose potential was traced
	V         [][]float32
	Threshold [][]float32 // V[k][t], Threshold[k][t]: neuron Neurons[k] after step t, mV
	Outcome   Outcome
	Counts    []int32 // spike count of every excitatory neuron for the example
}

// Record shows example img (its index k in the set the purpose stream
// belongs to) to the frozen model, starting from a rested network as every
// evaluation block does, so the spikes are those evaluation produced for
// the first example of a block. It traces the potential of the traced
// neurons that fired most (ties: lower index), and of fewer where fewer
// fired (one if none did).
func Record(cfg *Config, m *Model, img []byte, purpose uint64, k, traced int) *Recording {
	return record(cfg, m, img, purpose, k, traced, func(*Sim) {})
}

// RecordInSet is Record for example k of set as evaluation presents it,
// whatever k: from a rested network at the start of k's evaluation block,
// through the block's earlier examples, so that the recording is the
// spikes evaluation produced for k.
func RecordInSet(cfg *Config, m *Model, set *dataset.Set, purpose uint64, k, traced int) *Recording {
	counts := make([]int32, m.N)
	return record(cfg, m, set.Image(k), purpose, k, traced, func(s *Sim) {
		for e := k - k%cfg.EvalBlock; e < k; e++ {
			s.Present(set.Image(e), purpose, uint64(e), counts)
		}
	})
}

// record runs before on a rested network, then records img.
func record(cfg *Config, m *Model, img []byte, purpose uint64, k, traced int, before func(*Sim)) *Recording {
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
	r := &Recording{Example: k, Start: start, Dt: cfg.Dt, Neurons: order[:traced], Counts: make([]int32, m.N)}
	r.V, r.Threshold = make([][]float32, traced), make([][]float32, traced)
	t0 := s.t
	s.Observe = func(t int64, in []int16, exc, inh []int32) {
		step := int32(t - t0)
		for _, i := range in {
			r.Input = append(r.Input, Event{step, int32(i)})
		}
		for _, j := range exc {
			r.Exc = append(r.Exc, Event{step, j})
		}
		for _, j := range inh {
			r.Inh = append(r.Inh, Event{step, j})
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

// WriteNPZ writes what a monitor recorded as .npz arrays:
// input_spikes, exc_spikes, inh_spikes ((k, 2) int32: step, index), traced
// (neurons), v and threshold ((traced, steps) float32, mV, after each step),
// counts, the starting state (start_exc_v, start_exc_ge, start_exc_gi,
// start_inh_v, start_inh_ge, start_exc_last, start_inh_last), and the
// scalars example, steps and dt_ms.
func (r *Recording) WriteNPZ(w io.Writer) error {
	events := func(e []Event) npz.Array {
		x := make([]int32, 0, 2*len(e))
		for _, v := range e {
			x = append(x, v.Step, v.Index)
		}
		return npz.I32(x, len(e), 2)
	}
	traced := make([]int64, len(r.Neurons))
	var v, thr []float32
	for q, j := range r.Neurons {
		traced[q] = int64(j)
		v = append(v, r.V[q]...)
		thr = append(thr, r.Threshold[q]...)
	}
	n := len(r.Counts)
	st := r.Start
	return npz.Write(w, []npz.Member{
		{Name: "example", Array: npz.I64Scalar(int64(r.Example))},
		{Name: "steps", Array: npz.I64Scalar(int64(r.Steps))},
		{Name: "dt_ms", Array: npz.F64([]float64{r.Dt})},
		{Name: "input_spikes", Array: events(r.Input)},
		{Name: "exc_spikes", Array: events(r.Exc)},
		{Name: "inh_spikes", Array: events(r.Inh)},
		{Name: "traced", Array: npz.I64(traced, len(traced))},
		{Name: "v", Array: npz.F32(v, len(traced), r.Steps)},
		{Name: "threshold", Array: npz.F32(thr, len(traced), r.Steps)},
		{Name: "counts", Array: npz.I32(r.Counts, n)},
		{Name: "start_exc_v", Array: npz.F32(st.ExcV, n)},
		{Name: "start_exc_ge", Array: npz.F32(st.ExcGe, n)},
		{Name: "start_exc_gi", Array: npz.F32(st.ExcGi, n)},
		{Name: "start_exc_last", Array: npz.I64(st.ExcLast, n)},
		{Name: "start_inh_v", Array: npz.F32(st.InhV, n)},
		{Name: "start_inh_ge", Array: npz.F32(st.InhGe, n)},
		{Name: "start_inh_last", Array: npz.I64(st.InhLast, n)},
	})
}
