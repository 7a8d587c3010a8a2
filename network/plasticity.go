package network

import (
	"math"
	"slices"

	"spikemnist/layers"
	"spikemnist/learning"
)

// beginStep forgets what fell out of the delay window and the neurons whose
// post trace can no longer reach the depression floor.
func (s *Sim) beginStep(t int64, base int) {
	s.recent[base] = s.recent[base][:0]
	if s.span < 0 {
		return
	}
	keep := s.active[:0]
	for _, j := range s.active {
		if t-s.exc.LastSpike[j] <= s.span {
			keep = append(keep, j)
		} else {
			s.isActive[j] = false
		}
	}
	s.active = keep
}

// emitted records that input i fired at step t (with the trace it then
// has, when arrivals add to it) and, for a rule that acts on arrivals,
// schedules the arrivals whose update (or clip) is not negligible.
func (s *Sim) emitted(i int16, t int64, base int) {
	ii := int(i)
	c := s.nhist[ii]
	h := ii*s.hlen + int(c)&(s.hlen-1)
	if s.preAdd {
		x := float32(1)
		if c > 0 {
			p := ii*s.hlen + int(c-1)&(s.hlen-1)
			x = learning.Accumulate(s.histX[p], s.preDecay.At(t-s.hist[p]))
		}
		s.histX[h] = x
	}
	s.hist[h] = t
	s.nhist[ii] = c + 1
	s.recent[base] = append(s.recent[base], i)
	if s.span < 0 {
		return
	}

	drow := s.m.Delay[ii*s.n : ii*s.n+s.n]
	for _, j := range s.active {
		if t-s.exc.LastSpike[j] <= s.span {
			slot := (base + int(drow[j])) % s.slots
			s.dep[slot] = append(s.dep[slot], learning.Synapse{I: int32(i), J: j})
		}
	}
	if !s.overDone[ii] {
		s.overDone[ii] = true
		for _, k := range s.over[s.overRow[ii]:s.overRow[ii+1]] {
			if s.m.W[k] > s.wmax {
				j := int(k) - ii*s.n
				slot := (base + int(drow[j])) % s.slots
				s.clipOnly[slot] = append(s.clipOnly[slot], learning.Synapse{I: int32(i), J: int32(j)})
			}
		}
	}
}

// plasticity runs step 4: the rule's updates for the arrivals of this step,
// then for each excitatory neuron that fired.
func (s *Sim) plasticity(t int64, base int) {
	w, n := s.m.W, s.n
	last := s.exc.LastSpike
	if dep := s.dep[base]; len(dep) > 0 {
		s.rule.Arrive(w, n, dep, t, last)
		for _, e := range dep {
			s.dirty[e.J] = true
		}
		s.dep[base] = dep[:0]
	}
	// A clip-only arrival stands for an update below the floor; after any
	// real update of the same synapse it is a no-op.
	for _, e := range s.clipOnly[base] {
		k := int(e.I)*n + int(e.J)
		w[k] = min(w[k], s.wmax)
		s.dirty[e.J] = true
	}
	s.clipOnly[base] = s.clipOnly[base][:0]

	for _, j := range s.espk {
		s.dirty[j] = true
		prev := last[j]
		s.preTraces(j, t)
		s.rule.Fire(w, n, j, t, prev, s.pre)
		if s.span < 0 {
			continue
		}
		if t-prev > s.span {
			s.catchUp(j, t, prev)
		}
		if !s.isActive[j] {
			s.isActive[j] = true
			s.active = append(s.active, j)
		}
	}
}

// preTraces fills s.pre with the presynaptic trace of every synapse into
// neuron j at step t: each synapse's input spikes reach it d_ij steps after
// they were emitted, so its trace is its input's, d_ij steps late.
func (s *Sim) preTraces(j int32, t int64) {
	n, d := s.n, s.m.Delay
	for i := range s.pre {
		a, h := s.lastArrival(i, int64(d[i*n+int(j)]), t)
		x := s.preDecay.At(t - a)
		if s.preAdd && h >= 0 {
			x = s.histX[h] * x
		}
		s.pre[i] = x
	}
}

// lastArrival returns the step at which the latest spike of input i reached
// a synapse of delay d by step t and that spike's index in hist, or
// layers.NoSpike and −1.
func (s *Sim) lastArrival(i int, d, t int64) (int64, int) {
	c := s.nhist[i]
	h := s.hist[i*s.hlen : (i+1)*s.hlen]
	for k := uint32(0); k < c && k < uint32(s.hlen); k++ {
		p := int(c-1-k) & (s.hlen - 1)
		if a := h[p] + d; a <= t {
			return a, i*s.hlen + p
		}
	}
	return layers.NoSpike, -1
}

// catchUp schedules the arrival updates of spikes already in flight towards
// neuron j, which fires at step t after being inactive (last spike prev)
// when they were emitted.
func (s *Sim) catchUp(j int32, t, prev int64) {
	n := s.n
	for e := t - int64(s.slots) + 2; e <= t; e++ {
		if e < 0 || e-prev <= s.span {
			continue // before the run, or scheduled at emission
		}
		for _, i := range s.recent[int(e%int64(s.slots))] {
			d := int64(s.m.Delay[int(i)*n+int(j)])
			if a := e + d; a > t {
				slot := int(a % int64(s.slots))
				s.dep[slot] = append(s.dep[slot], learning.Synapse{I: int32(i), J: j})
			}
		}
	}
}

// normalize rescales every neuron's input weights to NormTotal, exactly as
// learning.Normalize would, and notes the synapses above WMax, which their
// next arrival will clip. It touches only what can change:
//
//   - a column's sum is recomputed (in row order, as learning.Normalize
//     accumulates it) only if plasticity touched the column since its last
//     scaling; otherwise the sum taken while scaling it still holds;
//   - a column is scaled only if its factor differs from 1 by 2^-26 or more:
//     a smaller factor rounds every float32 weight back to itself.
func (s *Sim) normalize() {
	n, w := s.n, s.m.W
	total := s.cfg.NormTotal
	wmax := s.wmax
	// Weights left above WMax matter only to a rule whose arrivals clip.
	track := s.span >= 0
	for j, d := range s.dirty {
		if d {
			sum := 0.0
			for k := j; k < len(w); k += n {
				sum += float64(w[k])
			}
			s.colSum[j] = sum
			s.dirty[j] = false
		}
	}
	// Over-threshold synapses of columns that are not rescaled stay listed
	// until their arrival clips them; rescaled columns are listed anew.
	keep := s.over[:0]
	for _, k := range s.over {
		if w[k] > wmax && !s.scaleThis(int(k)%n, total) {
			keep = append(keep, k)
		}
	}
	s.over = keep
	for j := 0; j < n; j++ {
		if !s.scaleThis(j, total) {
			continue
		}
		f := total / s.colSum[j]
		sum := 0.0
		for k := j; k < len(w); k += n {
			x := float32(float64(w[k]) * f)
			w[k] = x
			sum += float64(x)
			if x > wmax && track {
				s.over = append(s.over, int32(k))
			}
		}
		s.colSum[j] = sum
	}
	slices.Sort(s.over)
	// Row offsets into over.
	k := 0
	for i := 0; i <= s.m.Inputs; i++ {
		for k < len(s.over) && int(s.over[k]) < i*n {
			k++
		}
		s.overRow[i] = int32(k)
	}
	clear(s.overDone)
}

// scaleThis tells whether column j's factor can change a float32 weight.
func (s *Sim) scaleThis(j int, total float64) bool {
	sum := s.colSum[j]
	return sum > 0 && math.Abs(total/sum-1) >= 0x1p-26
}
