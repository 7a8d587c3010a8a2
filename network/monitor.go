package network

import (
	"io"

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
