package cpu

import (
	"fmt"
	"math"

	"spikemnist/layers"
	"spikemnist/network"
)

// State returns a copy of the Sim's state. It must be taken between two
// examples, and only when nothing is in flight then: the rest must last at
// least as long as the longest input delay.
func (s *Sim) State() (network.State, error) {
	if _, rest := s.cfg.Steps(); rest < s.slots {
		return network.State{}, fmt.Errorf("the rest (%d steps) is shorter than the longest delay (%d steps): spikes are in flight between examples", rest, s.slots-1)
	}
	for _, p := range s.parts {
		for _, x := range p.ring {
			if x != 0 {
				return network.State{}, fmt.Errorf("input conductance is in flight: not between two examples")
			}
		}
	}
	st := network.State{
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
func (s *Sim) SetState(st network.State) error {
	n := s.n
	for _, l := range []int{len(st.ExcV), len(st.ExcGe), len(st.ExcGi), len(st.ExcLast), len(st.InhV), len(st.InhGe), len(st.InhLast), len(st.Counts)} {
		if l != n {
			return fmt.Errorf("state for %d neurons, network has %d", l, n)
		}
	}
	if s.learn && len(st.InputLast) != s.m.Inputs {
		return fmt.Errorf("state has %d input spike times, want %d", len(st.InputLast), s.m.Inputs)
	}
	if err := st.Check(); err != nil {
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
func (p *part) setInputs(st network.State) {
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
