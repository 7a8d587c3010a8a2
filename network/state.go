package network

import (
	"fmt"
	"math"

	"spikemnist/layers"
)

// State is what a Sim carries from one example to the next besides its
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

// State returns a copy of the Sim's state. It must be taken between two
// examples, and only when nothing is in flight then: the rest must last at
// least as long as the longest input delay.
func (s *Sim) State() (State, error) {
	if _, rest := s.cfg.Steps(); rest < s.slots {
		return State{}, fmt.Errorf("the rest (%d steps) is shorter than the longest delay (%d steps): spikes are in flight between examples", rest, s.slots-1)
	}
	for _, p := range s.parts {
		for _, x := range p.ring {
			if x != 0 {
				return State{}, fmt.Errorf("input conductance is in flight: not between two examples")
			}
		}
	}
	st := State{
		Step: s.t,
		ExcV: clone(s.exc.V), ExcGe: clone(s.exc.Ge), ExcGi: clone(s.exc.Gi), ExcLast: clone(s.exc.LastSpike),
		InhV: clone(s.inh.V), InhGe: clone(s.inh.Ge), InhLast: clone(s.inh.LastSpike),
		Counts: clone(s.counts),
	}
	if s.learn {
		b := s.parts[0].book // every part's record of the inputs is the same
		st.InputLast = make([]int64, s.m.Inputs)
		for i := range st.InputLast {
			st.InputLast[i] = layers.NoSpike
			if c := b.nhist[i]; c > 0 {
				st.InputLast[i] = b.hist[i*s.hlen+int(c-1)&(s.hlen-1)]
			}
		}
		if s.preAdd {
			st.InputTrace = make([]float32, s.m.Inputs)
			for i := range st.InputTrace {
				if c := b.nhist[i]; c > 0 {
					st.InputTrace[i] = b.histX[i*s.hlen+int(c-1)&(s.hlen-1)]
				}
			}
		}
		st.RuleState = s.rule.State()
	}
	return st, nil
}

// SetState restores a state taken by State, on a Sim over the same model.
// Since every earlier spike of an input has arrived by then, its last spike
// is all the plasticity bookkeeping needs.
func (s *Sim) SetState(st State) error {
	n := s.n
	for _, l := range []int{len(st.ExcV), len(st.ExcGe), len(st.ExcGi), len(st.ExcLast), len(st.InhV), len(st.InhGe), len(st.InhLast), len(st.Counts)} {
		if l != n {
			return fmt.Errorf("state for %d neurons, network has %d", l, n)
		}
	}
	if s.learn && len(st.InputLast) != s.m.Inputs {
		return fmt.Errorf("state has %d input spike times, want %d", len(st.InputLast), s.m.Inputs)
	}
	if err := st.check(); err != nil {
		return err
	}
	if s.learn && s.preAdd && len(st.InputTrace) != s.m.Inputs {
		return fmt.Errorf("state has %d input traces, the rule needs %d", len(st.InputTrace), s.m.Inputs)
	}
	if s.learn && !s.preAdd && st.InputTrace != nil {
		return fmt.Errorf("state has input traces, which the rule does not keep")
	}
	for i, e := range st.InputLast {
		if e <= layers.NoSpike {
			continue
		}
		if e >= st.Step {
			return fmt.Errorf("input %d spiked at step %d, not before step %d", i, e, st.Step)
		}
		if x := st.InputTrace; s.preAdd && (!(x[i] >= 1) || math.IsInf(float64(x[i]), 0)) {
			return fmt.Errorf("input %d: trace %v just after a spike", i, x[i])
		}
	}
	if s.learn {
		if err := s.rule.SetState(st.RuleState); err != nil {
			return err
		}
	}
	s.t = st.Step
	copy(s.exc.V, st.ExcV)
	copy(s.exc.Ge, st.ExcGe)
	copy(s.exc.Gi, st.ExcGi)
	copy(s.exc.LastSpike, st.ExcLast)
	copy(s.inh.V, st.InhV)
	copy(s.inh.Ge, st.InhGe)
	copy(s.inh.LastSpike, st.InhLast)
	copy(s.counts, st.Counts)
	for _, p := range s.parts {
		clear(p.ring)
	}
	if !s.learn {
		for _, p := range s.parts {
			p.inh.WakeAll()
		}
		return nil
	}
	for _, p := range s.parts {
		p.markDirty() // column sums are not part of the state
		for j := p.lo; j < p.hi; j++ {
			p.isActive[j-p.lo] = s.t-s.exc.LastSpike[j] <= s.span
		}
		p.inh.WakeAll()
		p.setInputs(st)
	}
	return nil
}

// setInputs restores the part's bookkeeping from a state: the inputs' last
// spikes, no event in flight, and its neurons still active.
func (p *part) setInputs(st State) {
	hlen := p.s.hlen
	for i, e := range st.InputLast {
		p.nhist[i] = 0
		if e > layers.NoSpike {
			p.hist[i*hlen] = e
			p.nhist[i] = 1
			if p.s.preAdd {
				p.histX[i*hlen] = st.InputTrace[i]
			}
		}
	}
	for k := range p.recent {
		p.recent[k], p.dep[k], p.clipOnly[k] = p.recent[k][:0], p.dep[k][:0], p.clipOnly[k][:0]
	}
	p.active = p.active[:0]
	for j := p.lo; j < p.hi; j++ {
		if p.isActive[j-p.lo] {
			p.active = append(p.active, int32(j))
		}
	}
}

func clone[T any](x []T) []T { return append([]T(nil), x...) }

// check reports the first value of st that no run can have produced: a
// potential or conductance that is not finite (or a negative conductance),
// a spike after the state's step, a negative count.
func (st *State) check() error {
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
