package network

import (
	"slices"

	"spikemnist/layers"
)

// A part is one worker's share of a Sim (see team): neurons lo … hi−1 with
// their inhibitory partners, their cells of every ring row, their columns
// of the weights and the plasticity bookkeeping of those columns. A Sim on
// one worker has one part, of every neuron.
type part struct {
	_       [64]byte // a part's fields, written every step, on cache lines of its own
	s       *Sim
	lo, hi  int
	exc     layers.ExcState // the Sim's excitatory neurons lo … hi−1, numbered from 0
	inh     layers.InhState // the Sim's inhibitory neurons lo … hi−1, numbered from 0
	slotOff []int32         // per step: start of the ring row d steps ahead (at least 32 entries, for the vector delivery)
	espk    []int32         // excitatory spikes of the step, ascending
	ispk    []int32         // inhibitory spikes of the step, numbered within the part
	sent    [2][]int32      // inhibitory spikes of the last two steps, numbered in the network, by step parity
	steps   uint64          // steps done since the part was made (the same in every part between jobs)
	ready   *counter        // steps whose inhibitory spikes are in sent (with a team)
	*book                   // the plasticity bookkeeping; nil in a frozen network
	_       [64]byte
}

func (s *Sim) newPart(lo, hi int) *part {
	p := &part{s: s, lo: lo, hi: hi, exc: s.exc.View(lo, hi), inh: s.inh.View(lo, hi), slotOff: make([]int32, max(s.slots, 32)), ready: newCounter()}
	if s.learn {
		p.book = s.newBook()
	}
	return p
}

// regroup splits the Sim into parts at bounds b, carrying the plasticity
// bookkeeping of the parts it had over to the new ones.
func (s *Sim) regroup(b []int) {
	parts := make([]*part, len(b)-1)
	for w := range parts {
		parts[w] = s.newPart(b[w], b[w+1])
	}
	if s.learn && s.parts != nil {
		s.carry(s.parts, parts)
	}
	s.parts = parts
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

// step is the part's share of step t with input spikes in, in the order of
// the package documentation.
func (p *part) step(t int64, in []int16) {
	s := p.s
	base := int(t % int64(s.slots))
	prev := (base + s.slots - 1) % s.slots
	if len(in) > 0 {
		for d := 0; d < s.slots; d++ {
			p.slotOff[d] = int32(((base + d) % s.slots) * s.stride)
		}
	}
	// 1–3: integrate the inhibitory neurons and tell the other parts of
	// their spikes; integrate the excitatory neurons (the ring row due at
	// the end of the previous step is added to g_e inside that loop, see
	// ExcKernel.Integrate), put each input spike's weights w_ij, as they
	// are now, into the ring row d_ij steps ahead; then add this step's
	// inhibition, every part's, to g_i. A row reaches g_e with the
	// integration of the step after its own, which is when it first has an
	// effect.
	p.ispk = s.ik.Integrate(&p.inh, t, p.ispk[:0])
	p.publish()
	p.sweep(t, in, prev)
	p.inhibit()

	// Bookkeeping of the input spikes for plasticity, and excitation of the
	// inhibitory partners.
	if s.learn {
		p.beginStep(t, base)
		for _, i := range in {
			p.emitted(i, t, base)
		}
	}
	for _, j := range p.espk {
		p.inh.Kick(j-int32(p.lo), s.wEI)
	}

	// 4. Plasticity.
	if s.learn {
		p.plasticity(t, base)
	}

	// 5. Resets.
	s.ek.Reset(&s.exc, t, p.espk)
	s.ik.Reset(&p.inh, t, p.ispk)
	for _, j := range p.espk {
		s.counts[j]++
	}
	p.steps++
}

// publish puts the step's inhibitory spikes, numbered in the network, where
// the other parts read them, and tells them.
func (p *part) publish() {
	sent := p.sent[p.steps&1][:0]
	for _, k := range p.ispk {
		sent = append(sent, k+int32(p.lo))
	}
	p.sent[p.steps&1] = sent
	if p.s.team != nil {
		p.ready.raise((p.steps+1)<<spikeBits | uint64(min(len(sent), spikeMask)))
	}
}

// A part's ready counter holds the steps it has published, shifted left by
// spikeBits, and the number of spikes of the last one (spikeMask: that many
// or more). Most steps have no inhibitory spike, and a part that sees none
// need not read the other's list.
const (
	spikeBits = 24
	spikeMask = 1<<spikeBits - 1
)

// inhibit adds this step's inhibition to g_i of the part's neurons: w_ie
// for every inhibitory spike of any part but the neuron's partner's. It
// waits for each part's spikes of the step, and reads them only if there
// are any. A part overwrites its spikes of step c only in step c+2, which
// it cannot reach before every part has published step c+1, after reading
// those of step c.
func (p *part) inhibit() {
	s := p.s
	gi, c := s.exc.Gi, p.steps
	for _, q := range s.parts {
		if q != p && s.team != nil {
			if v := q.ready.await((c + 1) << spikeBits); v>>spikeBits == c+1 && v&spikeMask == 0 {
				continue
			}
		}
		for _, k := range q.sent[c&1] {
			for j := p.lo; j < p.hi; j++ {
				if j != int(k) {
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
	s, n := p.s, p.s.n
	vector := s.slots <= 32
	due := s.ring[prev*s.stride+p.lo : prev*s.stride+p.hi]
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
			row := s.m.W[int(i)*n : int(i)*n+n]
			drow := s.m.Delay[int(i)*n : int(i)*n+n]
			deliver(s.ring[a:], p.slotOff, vector, row[a:b], drow[a:b])
		}
	}
}
