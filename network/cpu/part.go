package cpu

import (
	"slices"

	"spikemnist/internal/lines"
	"spikemnist/layers"
	"spikemnist/learning"
	"spikemnist/network/cpu/internal/exchange"
)

// A part is one worker's share of a Sim (see team): neurons lo … hi−1 with
// their inhibitory partners, their delay ring, their columns of the
// weights and the plasticity bookkeeping of those columns. A Sim on one
// worker has one part, of every neuron.
//
// What a part writes in every step is in memory of its own when there are
// several: its ring, and (detached) the values of its excitatory and
// inhibitory neurons, which it loads from the Sim's at the start of each
// run of steps and stores back at the end. Parts that wrote neighbouring
// ranges of shared arrays, each starting on a cache line of its own, still
// slowed each other down, the cores' prefetchers pulling lines across the
// boundaries (see layers.ExcState.Detach; with the ring shared, two halves
// of 1600 neurons took 3.4 ms per example instead of 2.2).
//
// For the same reason a part of several delivers from copies of its
// columns of the weights and delays (w, d), rows of its own neurons only:
// streamed through the Model's rows, each core's prefetchers filled its
// cache with the other's columns, which plasticity then wrote, and each
// such write waited for the line to be taken back (see mirror).
type part struct {
	_        [64]byte // a part's fields, written every step, on cache lines of its own
	s        *Sim
	lo, hi   int
	exc      layers.ExcState // the Sim's excitatory neurons lo … hi−1, numbered from 0
	detached bool            // several parts: exc and inh are detached from the Sim's, w and d are copies
	inh      layers.InhState // the Sim's inhibitory neurons lo … hi−1, numbered from 0
	ring     []float32       // R rows of stride cells: the input conductance due for the part's neurons in the step of each slot
	stride   int             // see ringStride
	slotOff  []int32         // per step: start of the ring row d steps ahead (at least 32 entries, for the vector delivery)
	espk     []int32         // excitatory spikes of the step, ascending
	ispk     []int32         // inhibitory spikes of the step, numbered within the part
	steps    uint64          // steps done since the part was made (the same in every part between jobs)
	port     *exchange.Port  // the part's end of the exchange of inhibitory spikes, numbered in the network
	w        []float32       // the part's columns of the weights, input i's at i·wStride (see rowOf)
	d        []uint8         // the same of the delays
	wStride  int             // the rows' stride in w and d
	wBase    int             // the neuron whose column comes first in w's rows: lo for copies, 0 for the Model's own
	*book                    // the plasticity bookkeeping; nil in a frozen network
	_        [64]byte
}

// newPart returns the part of neurons lo … hi−1 among k parts.
func (s *Sim) newPart(lo, hi, k int) *part {
	stride := ringStride(hi - lo)
	p := &part{
		s: s, lo: lo, hi: hi, exc: s.exc.View(lo, hi), inh: s.inh.View(lo, hi),
		ring: lines.Make[float32](s.slots * stride), stride: stride,
		slotOff: lines.Make[int32](max(s.slots, 32)), port: exchange.NewPort(hi - lo),
		// spike lists, refilled in every step: on lines of their own, as
		// everything a part writes in every step (see book)
		espk: lines.Make[int32](hi - lo)[:0], ispk: lines.Make[int32](hi - lo)[:0],
	}
	p.w, p.d, p.wStride = s.m.W, s.m.Delay, s.n
	if k > 1 {
		p.exc, p.inh, p.detached = s.exc.Detach(lo, hi), s.inh.Detach(lo, hi), true
		p.w, p.d, p.wStride, p.wBase = lines.Make[float32](s.m.Inputs*(hi-lo)), lines.Make[uint8](s.m.Inputs*(hi-lo)), hi-lo, lo
		p.loadWeights()
	}
	if s.learn {
		p.book = s.newBook(hi - lo)
	}
	return p
}

// regroup splits the Sim into parts at bounds b, carrying the contents of
// the rings and the plasticity bookkeeping of the parts it had over to the
// new ones.
func (s *Sim) regroup(b []int) {
	parts := make([]*part, len(b)-1)
	for w := range parts {
		parts[w] = s.newPart(b[w], b[w+1], len(parts))
	}
	if s.parts != nil {
		carryRings(s.parts, parts, s.slots)
	}
	if s.learn && s.parts != nil {
		s.carry(s.parts, parts)
	}
	s.setParts(parts)
}

// setParts makes parts the Sim's and connects their ports.
func (s *Sim) setParts(parts []*part) {
	ports := make([]*exchange.Port, len(parts))
	for w, p := range parts {
		ports[w] = p.port
	}
	exchange.Connect(ports, exchange.SpinFor(len(parts)))
	s.parts = parts
}

// carryRings copies the ring cells of the parts old into those of parts,
// over the same neurons in R slots.
func carryRings(old, parts []*part, slots int) {
	for _, q := range old {
		for j := q.lo; j < q.hi; j++ {
			p := partOf(parts, j)
			for r := 0; r < slots; r++ {
				p.ring[r*p.stride+j-p.lo] = q.ring[r*q.stride+j-q.lo]
			}
		}
	}
}

// partOf returns the part that owns neuron j.
func partOf(parts []*part, j int) *part {
	w, _ := slices.BinarySearchFunc(parts, j, func(p *part, j int) int {
		switch {
		case p.hi <= j:
			return -1
		case p.lo > j:
			return 1
		}
		return 0
	})
	return parts[w]
}

// run does the part's share of the run of steps j.
func (p *part) run(j *job) {
	p.integrateInh(j.t, p.steps)
	for i := 0; i < j.k; i++ {
		p.step(j.t+int64(i), j.input(i), i+1 < j.k)
	}
}

// integrateInh integrates the part's inhibitory neurons in step t (step 1)
// and publishes their spikes as those of the part's step c.
func (p *part) integrateInh(t int64, c uint64) {
	p.ispk = p.s.ik.Integrate(&p.inh, t, p.ispk[:0])
	p.port.Publish(c, p.ispk, int32(p.lo))
}

// step is the part's share of step t with input spikes in, in the order of
// the package documentation, its inhibitory neurons already integrated.
// With ahead set, it integrates them in step t+1 as soon as it can: that
// depends only on their partners' spikes in step t, so the other parts
// learn of their spikes a whole step before they need them, and a part
// waits for another only when it has fallen more than a step behind.
func (p *part) step(t int64, in []int16, ahead bool) {
	s := p.s
	base := int(t % int64(s.slots))
	prev := (base + s.slots - 1) % s.slots
	if len(in) > 0 {
		for d := 0; d < s.slots; d++ {
			p.slotOff[d] = int32(((base + d) % s.slots) * p.stride)
		}
	}
	// 1–2: integrate the excitatory neurons (the ring row due at the end
	// of the previous step is added to g_e inside that loop, see
	// ExcKernel.Integrate), put each input spike's weights w_ij, as they
	// are now, into the ring row d_ij steps ahead. A row reaches g_e with
	// the integration of the step after its own, which is when it first
	// has an effect.
	p.sweep(t, in, prev)

	// 3: excite the inhibitory partners, which ends their step (their reset
	// is the record of their spikes), then add this step's inhibition,
	// every part's, to g_i.
	for _, j := range p.espk {
		p.inh.Kick(j-int32(p.lo), s.wEI)
	}
	s.ik.Reset(&p.inh, t, p.ispk)
	if ahead {
		p.integrateInh(t+1, p.steps+1)
	}
	p.inhibit()

	// 4. Plasticity, after the bookkeeping of the input spikes.
	if s.learn {
		p.beginStep(t, base)
		for _, i := range in {
			p.emitted(i, t, base)
		}
		p.plasticity(t, base)
	}

	// 5. Resets.
	s.ek.ResetFrom(&p.exc, t, p.espk, int32(p.lo))
	for _, j := range p.espk {
		s.counts[j]++
	}
	p.steps++
}

// inhibit adds this step's inhibition to g_i of the part's neurons: w_ie
// for every inhibitory spike of any part but the neuron's partner's. It
// reads a part's spikes of the step only if there are any.
func (p *part) inhibit() {
	s := p.s
	gi, c := p.exc.Gi, p.steps
	for w := range s.parts {
		for _, k := range p.port.Spikes(w, c) {
			partner := int(k) - p.lo // may lie outside the part
			for j := range gi {
				if j != partner {
					gi[j] += s.wIE
				}
			}
		}
	}
}

// defaultTile is the number of neurons sweep handles at a time: 20 ring rows
// of it fill 30 KB, within a 48 KB L1 data cache (measured best among 128 …
// 1024 at N = 1600 and 6400). A multiple of 16, so that only the last tile
// has a tail that the vector loops leave to scalar code.
const defaultTile = 384

// sweep integrates the part's excitatory neurons in step t (consuming ring
// row prev) and delivers each input spike's weights into their ring cells.
func (p *part) sweep(t int64, in []int16, prev int) {
	s := p.s
	vector := s.slots <= 32
	due := p.ring[prev*p.stride : prev*p.stride+p.hi-p.lo]
	p.espk = p.espk[:0]
	// In tiles of neurons, so that a tile's ring cells stay in the L1 cache
	// for all the input spikes of the step. Every cell still sees the same
	// operations in the same order.
	for a := p.lo; a < p.hi; a += s.tile {
		b := min(p.hi, a+s.tile)
		from := len(p.espk)
		p.espk = s.ek.IntegrateRange(&p.exc, t, due, a-p.lo, b-p.lo, p.espk)
		for k := from; k < len(p.espk); k++ {
			p.espk[k] += int32(p.lo) // numbered in the network
		}
		for _, i := range in {
			row, drow := p.rowOf(int(i))
			deliver(p.ring[a-p.lo:], p.slotOff, vector, row[a-p.lo:b-p.lo], drow[a-p.lo:b-p.lo])
		}
	}
}

// rowOf returns input i's weights and delays into the part's neurons, the
// first lo's.
func (p *part) rowOf(i int) ([]float32, []uint8) {
	a := i*p.wStride + p.lo - p.wBase
	b := a + p.hi - p.lo
	return p.w[a:b:b], p.d[a:b:b]
}

// loadWeights copies the part's columns of the Model's weights and delays
// into w and d, if they are copies.
func (p *part) loadWeights() {
	if !p.detached {
		return
	}
	m := p.s.m
	for i := 0; i < m.Inputs; i++ {
		w, d := p.rowOf(i)
		copy(w, m.W[i*m.N+p.lo:i*m.N+p.hi])
		copy(d, m.Delay[i*m.N+p.lo:i*m.N+p.hi])
	}
}

// mirror copies the Model's weight of synapse e, which plasticity has just
// changed, into the part's copy (a detached part's; see changed). The
// Model's weights stay the ones that plasticity reads and writes, and the
// copy is read only by the delivery, which so sees every change before its
// next read.
func (p *part) mirror(e learning.Synapse) {
	i, j := int(e.I), int(e.J)
	p.w[i*p.wStride+j-p.wBase] = p.s.m.W[i*p.s.n+j]
}

// mirrorColumn copies neuron j's input weights, all changed, into the
// part's copy.
func (p *part) mirrorColumn(j int) {
	if !p.detached {
		return
	}
	w, n := p.s.m.W, p.s.n
	for i, k := 0, j-p.wBase; i < p.s.m.Inputs; i, k = i+1, k+p.wStride {
		p.w[k] = w[i*n+j]
	}
}
