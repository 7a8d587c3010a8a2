package cpu

import (
	"math"
	"slices"

	"spikemnist/internal/lines"
	"spikemnist/layers"
	"spikemnist/learning"
)

// book is one part's plasticity bookkeeping, which lets the rule act on
// events only. Every part keeps its own record of the input spikes (hist,
// recent: each reads it while the others write theirs, so each writes its
// own); the rest is about the part's own columns. All of it is written in
// every step, so all of it lies on cache lines of its own (package lines),
// the lists that grow included: allocated side by side with another part's,
// they would move between the cores at each write (two workers at 400
// neurons: 1.64 against 2.00 ms per example with the cores' lines far
// apart).
type book struct {
	_        [64]byte             // the slice headers, rewritten in every step, on lines of their own
	pre      []float32            // Inputs: scratch, the traces a firing neuron's synapses read
	hlen     int                  // the Sim's hlen, here for the loops that read hist
	hist     []int64              // Inputs × hlen: recent spike steps of each input
	histX    []float32            // beside hist, with preAdd: the input's trace just after that spike
	nhist    []uint32             // spikes of each input so far
	recent   [][]int16            // recent[t%R]: inputs that fired at step t
	dep      [][]learning.Synapse // dep[t%R]: arrivals at step t that update weights
	clipOnly [][]learning.Synapse // dep's twin for arrivals that only clip
	active   []int32              // the part's neurons that fired within span steps (maybe stale)
	isActive []bool               // per neuron of the part, numbered from 0: listed in active
	dirty    []bool               // per neuron of the part: column changed by plasticity since its last scaling
	over     []int32              // flat indices of the part's synapses above WMax after normalisation, ascending
	overRow  []int32              // Inputs+1 offsets into over
	overDone []bool               // row's over-synapses already scheduled since normalisation
	_        [64]byte
}

func (s *Sim) newBook(n int) *book {
	in := s.m.Inputs
	b := &book{
		isActive: lines.Make[bool](n), dirty: lines.Make[bool](n), active: lines.Make[int32](n)[:0],
		pre: lines.Make[float32](in), hlen: s.hlen, hist: lines.Make[int64](in * s.hlen), nhist: lines.Make[uint32](in),
		recent: lines.Make[[]int16](s.slots), dep: lines.Make[[]learning.Synapse](s.slots),
		clipOnly: lines.Make[[]learning.Synapse](s.slots), overRow: lines.Make[int32](in + 1), overDone: lines.Make[bool](in),
	}
	for k := range b.recent {
		b.recent[k] = lines.Make[int16](in)[:0] // an input fires at most once a step
		b.dep[k] = lines.Make[learning.Synapse](64)[:0]
		b.clipOnly[k] = lines.Make[learning.Synapse](16)[:0]
	}
	if s.preAdd {
		b.histX = lines.Make[float32](in * s.hlen)
	}
	b.markDirty()
	return b
}

// markDirty has the next normalisation recompute every column sum of the
// part, which gives the sums it keeps, bit for bit.
func (b *book) markDirty() {
	for j := range b.dirty {
		b.dirty[j] = true
	}
}

// carry gives parts the bookkeeping of old, parts over the same neurons:
// each the record of the input spikes, and the events and synapses of its
// own neurons.
func (s *Sim) carry(old, parts []*part) {
	from := old[0].book
	var over []int32
	for _, q := range old {
		over = append(over, q.over...)
	}
	slices.Sort(over)
	for _, p := range parts {
		copy(p.hist, from.hist)
		copy(p.histX, from.histX)
		copy(p.nhist, from.nhist)
		copy(p.overDone, from.overDone)
		for k, r := range from.recent {
			p.recent[k] = append(p.recent[k], r...)
		}
	}
	for _, q := range old {
		for j := q.lo; j < q.hi; j++ {
			if q.isActive[j-q.lo] {
				p := partOf(parts, j)
				p.isActive[j-p.lo] = true
				p.active = append(p.active, int32(j))
			}
		}
	}
	for _, q := range old {
		for k := range q.dep {
			for _, e := range q.dep[k] {
				p := partOf(parts, int(e.J))
				schedule(&p.dep[k], e)
			}
			for _, e := range q.clipOnly[k] {
				p := partOf(parts, int(e.J))
				schedule(&p.clipOnly[k], e)
			}
		}
	}
	for _, k := range over {
		p := partOf(parts, int(k)%s.n)
		p.over = append(p.over, k)
	}
	for _, p := range parts {
		p.indexOver()
	}
}

// schedule appends e to a list of arrivals, keeping it on lines of its own
// (see book).
// It appends in place (only the length is written back), which this runs
// for every arrival.
func schedule(l *[]learning.Synapse, e learning.Synapse) {
	if len(*l) == cap(*l) {
		growSynapses(l)
	}
	*l = append(*l, e)
}

// growSynapses is schedule's rare case, kept out of line so that schedule
// is inlined.
//
//go:noinline
func growSynapses(l *[]learning.Synapse) { *l = lines.Grow(*l) }

// beginStep forgets what fell out of the delay window and the neurons whose
// post trace can no longer reach the depression floor.
func (p *part) beginStep(t int64, base int) {
	s := p.s
	p.recent[base] = p.recent[base][:0]
	if s.span < 0 {
		return
	}
	keep := p.active[:0]
	for _, j := range p.active {
		if t-s.exc.LastSpike[j] <= s.span {
			keep = append(keep, j)
		} else {
			p.isActive[j-int32(p.lo)] = false
		}
	}
	p.active = keep
}

// emitted records that input i fired at step t (with the trace it then
// has, when arrivals add to it) and, for a rule that acts on arrivals,
// schedules the arrivals into the part's neurons whose update (or clip) is
// not negligible.
func (p *part) emitted(i int16, t int64, base int) {
	s, ii := p.s, int(i)
	c := p.nhist[ii]
	h := ii*p.hlen + int(c)&(p.hlen-1)
	if s.preAdd {
		x := float32(1)
		if c > 0 {
			q := ii*p.hlen + int(c-1)&(p.hlen-1)
			x = learning.Accumulate(p.histX[q], s.preDecay.At(t-p.hist[q]))
		}
		p.histX[h] = x
	}
	p.hist[h] = t
	p.nhist[ii] = c + 1
	p.recent[base] = append(p.recent[base], i)
	if s.span < 0 {
		return
	}

	drow := s.m.Delay[ii*s.n : ii*s.n+s.n]
	for _, j := range p.active {
		if t-s.exc.LastSpike[j] <= s.span {
			slot := (base + int(drow[j])) % s.slots
			schedule(&p.dep[slot], learning.Synapse{I: int32(i), J: j})
		}
	}
	if !p.overDone[ii] {
		p.overDone[ii] = true
		for _, k := range p.over[p.overRow[ii]:p.overRow[ii+1]] {
			if s.m.W[k] > s.wmax {
				j := int(k) - ii*s.n
				slot := (base + int(drow[j])) % s.slots
				schedule(&p.clipOnly[slot], learning.Synapse{I: int32(i), J: int32(j)})
			}
		}
	}
}

// plasticity runs step 4 for the part's neurons: the rule's updates for
// the arrivals of this step, then for each of its neurons that fired.
func (p *part) plasticity(t int64, base int) {
	s := p.s
	w, n := s.m.W, s.n
	last := s.exc.LastSpike
	if dep := p.dep[base]; len(dep) > 0 {
		s.rule.Arrive(w, n, dep, t, last)
		p.changed(dep)
		p.dep[base] = dep[:0]
	}
	// A clip-only arrival stands for an update below the floor; after any
	// real update of the same synapse it is a no-op.
	if clip := p.clipOnly[base]; len(clip) > 0 {
		for _, e := range clip {
			k := int(e.I)*n + int(e.J)
			w[k] = min(w[k], s.wmax)
		}
		p.changed(clip)
		p.clipOnly[base] = clip[:0]
	}

	for _, j := range p.espk {
		p.dirty[j-int32(p.lo)] = true
		prev := last[j]
		p.preTraces(j, t)
		s.rule.Fire(w, n, j, t, prev, p.pre)
		p.mirrorColumn(int(j))
		if s.span < 0 {
			continue
		}
		if t-prev > s.span {
			p.catchUp(j, t, prev)
		}
		if !p.isActive[j-int32(p.lo)] {
			p.isActive[j-int32(p.lo)] = true
			p.active = append(p.active, j)
		}
	}
}

// changed marks the columns of the synapses l, whose weights plasticity
// has changed, for the next normalisation, and gives the part's copy their
// new weights (see mirror). In loops of their own, with the part's fields
// read once: this runs for every arrival.
func (p *part) changed(l []learning.Synapse) {
	dirty, lo := p.dirty, int32(p.lo)
	for _, e := range l {
		dirty[e.J-lo] = true
	}
	if p.detached {
		for _, e := range l {
			p.mirror(e)
		}
	}
}

// preTraces fills p.pre with the presynaptic trace of every synapse into
// neuron j at step t: each synapse's input spikes reach it d_ij steps after
// they were emitted, so its trace is its input's, d_ij steps late.
func (p *part) preTraces(j int32, t int64) {
	s := p.s
	n, d := s.n, s.m.Delay
	for i := range p.pre {
		a, h := p.lastArrival(i, int64(d[i*n+int(j)]), t)
		x := s.preDecay.At(t - a)
		if s.preAdd && h >= 0 {
			x = p.histX[h] * x
		}
		p.pre[i] = x
	}
}

// lastArrival returns the step at which the latest spike of input i reached
// a synapse of delay d by step t and that spike's index in hist, or
// layers.NoSpike and −1.
func (p *part) lastArrival(i int, d, t int64) (int64, int) {
	hlen := p.hlen
	c := p.nhist[i]
	h := p.hist[i*hlen : (i+1)*hlen]
	for k := uint32(0); k < c && k < uint32(hlen); k++ {
		q := int(c-1-k) & (hlen - 1)
		if a := h[q] + d; a <= t {
			return a, i*hlen + q
		}
	}
	return layers.NoSpike, -1
}

// catchUp schedules the arrival updates of spikes already in flight towards
// neuron j, which fires at step t after being inactive (last spike prev)
// when they were emitted.
func (p *part) catchUp(j int32, t, prev int64) {
	s := p.s
	n := s.n
	for e := t - int64(s.slots) + 2; e <= t; e++ {
		if e < 0 || e-prev <= s.span {
			continue // before the run, or scheduled at emission
		}
		for _, i := range p.recent[int(e%int64(s.slots))] {
			d := int64(s.m.Delay[int(i)*n+int(j)])
			if a := e + d; a > t {
				slot := int(a % int64(s.slots))
				schedule(&p.dep[slot], learning.Synapse{I: int32(i), J: j})
			}
		}
	}
}

// normalize has every part rescale its neurons' input weights (see
// part.normalize).
func (s *Sim) normalize() { s.together(job{normalize: true}) }

// normalize rescales the input weights of each of the part's neurons to
// NormTotal, exactly as learning.Normalize would, and notes the synapses
// above WMax, which their next arrival will clip. It touches only what can
// change:
//
//   - a column's sum is recomputed (in row order, as learning.Normalize
//     accumulates it) only if plasticity touched the column since its last
//     scaling; otherwise the sum taken while scaling it still holds;
//   - a column is scaled only if its factor differs from 1 by 2^-26 or more:
//     a smaller factor rounds every float32 weight back to itself.
func (p *part) normalize() {
	s := p.s
	n, w := s.n, s.m.W
	total := s.cfg.NormTotal
	wmax := s.wmax
	// Weights left above WMax matter only to a rule whose arrivals clip.
	track := s.span >= 0
	for j := p.lo; j < p.hi; j++ {
		if p.dirty[j-p.lo] {
			sum := 0.0
			for k := j; k < len(w); k += n {
				sum += float64(w[k])
			}
			s.colSum[j] = sum
			p.dirty[j-p.lo] = false
		}
	}
	// Over-threshold synapses of columns that are not rescaled stay listed
	// until their arrival clips them; rescaled columns are listed anew.
	keep := p.over[:0]
	for _, k := range p.over {
		if w[k] > wmax && !s.scaleThis(int(k)%n, total) {
			keep = append(keep, k)
		}
	}
	p.over = keep
	for j := p.lo; j < p.hi; j++ {
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
				p.over = append(p.over, int32(k))
			}
		}
		s.colSum[j] = sum
		p.mirrorColumn(j)
	}
	slices.Sort(p.over)
	p.indexOver()
	clear(p.overDone)
}

// indexOver sets the row offsets into over.
func (p *part) indexOver() {
	n, k := p.s.n, 0
	for i := range p.overRow {
		for k < len(p.over) && int(p.over[k]) < i*n {
			k++
		}
		p.overRow[i] = int32(k)
	}
}

// scaleThis tells whether column j's factor can change a float32 weight.
func (s *Sim) scaleThis(j int, total float64) bool {
	sum := s.colSum[j]
	return sum > 0 && math.Abs(total/sum-1) >= 0x1p-26
}
