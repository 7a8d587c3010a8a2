package network

import (
	"fmt"
	"math"

	"spikemnist/layers"
)

// State is what an engine carries from one example to the next besides its
// Model: enough to continue a run exactly where it stopped.
type State struct {
	Step               int64     // steps simulated so far
	ExcV, ExcGe, ExcGi []float32 // N each
	ExcLast            []int64   // N: last spike step, layers.NoSpike if none
	InhV, InhGe        []float32 // N each
	InhLast            []int64   // N
	Counts             []int32   // N: spikes since the last example was read (the rest's)
	InputLast          []int64   // 784: last spike step of each input (learning only)
	InputTrace         []float32 // 784: with a rule whose arrivals add to the trace, each input's trace just after its last spike; else nil
	RuleState          []float32 // the learning rule's own state (Rule.State); nil if it keeps none
}

// Check reports the first value of st that no run can have produced: a
// potential or conductance that is not finite (or a negative conductance),
// a spike after the state's step, a negative count.
func (st *State) Check() error {
	if st.Step < 0 || st.Step > 1<<60 {
		return fmt.Errorf("state at step %d", st.Step)
	}
	for _, a := range []struct {
		name     string
		x        []float32
		positive bool
	}{{"exc v", st.ExcV, false}, {"exc g_e", st.ExcGe, true}, {"exc g_i", st.ExcGi, true}, {"inh v", st.InhV, false}, {"inh g_e", st.InhGe, true}} {
		for j, v := range a.x {
			if !(math.Abs(float64(v)) <= 1e6) || a.positive && v < 0 {
				return fmt.Errorf("state: %s of neuron %d is %v", a.name, j, v)
			}
		}
	}
	for _, a := range []struct {
		name string
		x    []int64
	}{{"exc last spike", st.ExcLast}, {"inh last spike", st.InhLast}} {
		for j, e := range a.x {
			if e != layers.NoSpike && (e < 0 || e >= st.Step) {
				return fmt.Errorf("state: %s of neuron %d is step %d, not before step %d", a.name, j, e, st.Step)
			}
		}
	}
	for j, c := range st.Counts {
		if c < 0 {
			return fmt.Errorf("state: count of neuron %d is %d", j, c)
		}
	}
	return nil
}
