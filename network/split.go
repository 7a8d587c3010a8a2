package network

import (
	"runtime"
	"sync/atomic"
)

// A team splits the part of a step that is a sweep over excitatory neurons
// (integration, delivery of input weights into the ring, inhibition) over
// K workers, each owning a contiguous range of neurons: its state, its ring
// cells and its part of every weight row, starting on a cache line of its
// own. Worker 0 is the Sim's own goroutine. Each neuron and ring cell sees
// the same operations in the same order as on one worker, and the spikes
// are gathered in neuron order, so results are bit-identical for any K.
//
// A step costs the team one signal to each helper and one back; nothing
// else is shared while the workers sweep.
type team struct {
	bounds []int // K+1 neuron boundaries, multiples of 16 but the last
	help   []*helper
	stop   atomic.Bool

	// The step to do, written before the helpers are signalled.
	seq  uint64
	t    int64
	in   []int16
	prev int
}

// helper is one worker besides the Sim's goroutine.
type helper struct {
	start, done signal
	espk        []int32 // its spikes of the step, ascending
}

// signal is a step counter that one goroutine raises and one other awaits.
// The waiter spins first, since steps follow each other within
// microseconds, then yields and finally sleeps, so that a worker that has
// lost its core (more workers than cores, or a busy machine) costs a wake-up
// rather than a spinning core.
type signal struct {
	v        atomic.Uint64
	sleeping atomic.Bool
	wake     chan struct{}
	_        [40]byte // the next signal on another cache line
}

func newSignal() signal { return signal{wake: make(chan struct{}, 1)} }

// Spins of await before it yields, and before it sleeps.
const spinPure, spinYield = 1 << 10, 1 << 12

func (s *signal) raise(v uint64) {
	s.v.Store(v)
	if s.sleeping.Load() {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// await returns once the counter is at least v.
func (s *signal) await(v uint64) {
	for i := 0; i < spinYield; i++ {
		if s.v.Load() >= v {
			return
		}
		if i >= spinPure {
			runtime.Gosched()
		}
	}
	for {
		// raise stores v, then reads sleeping; this stores sleeping, then
		// reads v: one of the two sees the other's write.
		s.sleeping.Store(true)
		if s.v.Load() >= v {
			s.sleeping.Store(false)
			return
		}
		<-s.wake
		s.sleeping.Store(false)
	}
}

// teamBounds splits n neurons into at most k ranges whose starts are
// multiples of 16 (whole cache lines of float32 state), as even as that
// allows.
func teamBounds(n, k int) []int {
	k = max(1, min(k, (n+15)/16))
	b := []int{0}
	for w := 1; w < k; w++ {
		if x := (w * n / k) &^ 15; x > b[len(b)-1] {
			b = append(b, x)
		}
	}
	return append(b, n)
}

// SetWorkers makes the Sim sweep its neurons on k goroutines (at most one
// per 16 neurons); results do not depend on k. It must be called between
// examples. SetWorkers(1) and Close stop the helpers.
func (s *Sim) SetWorkers(k int) {
	s.Close()
	b := teamBounds(s.n, k)
	if len(b) <= 2 {
		return
	}
	tm := &team{bounds: b}
	for w := 1; w < len(b)-1; w++ {
		h := &helper{start: newSignal(), done: newSignal(), espk: make([]int32, 0, b[w+1]-b[w])}
		tm.help = append(tm.help, h)
		go s.work(tm, h, b[w], b[w+1])
	}
	s.team = tm
}

// Workers returns the number of goroutines that sweep the neurons.
func (s *Sim) Workers() int {
	if s.team == nil {
		return 1
	}
	return len(s.team.bounds) - 1
}

// work is a helper's loop: sweep neurons lo … hi−1 for each step signalled.
func (s *Sim) work(tm *team, h *helper, lo, hi int) {
	for seq := uint64(1); ; seq++ {
		h.start.await(seq)
		if tm.stop.Load() {
			return
		}
		s.sweep(lo, hi, tm.t, tm.in, tm.prev, &h.espk)
		h.done.raise(seq)
	}
}

// Close stops the helpers of a Sim that sweeps on several goroutines (see
// SetWorkers); it is a no-op otherwise. Stepping afterwards uses one.
func (s *Sim) Close() {
	tm := s.team
	if tm == nil {
		return
	}
	tm.stop.Store(true)
	for _, h := range tm.help {
		h.start.raise(tm.seq + 1)
	}
	s.team = nil
}

// teamSweep runs sweep over all neurons on the team and gathers the spikes
// in neuron order.
func (s *Sim) teamSweep(t int64, in []int16, prev int) {
	tm := s.team
	tm.seq++
	tm.t, tm.in, tm.prev = t, in, prev
	for _, h := range tm.help {
		h.start.raise(tm.seq)
	}
	s.sweep(0, tm.bounds[1], t, in, prev, &s.espk)
	for _, h := range tm.help {
		h.done.await(tm.seq)
		s.espk = append(s.espk, h.espk...)
	}
}

// defaultTile is the number of neurons sweep handles at a time: 20 ring rows
// of it fill 30 KB, within a 48 KB L1 data cache (measured best among 128 …
// 1024 at N = 1600 and 6400). A multiple of 16, so that only the last tile
// has a tail that the vector loops leave to scalar code.
const defaultTile = 384

// sweep is the per-neuron part of step t for neurons lo … hi−1: integrate
// them (consuming ring row prev), deliver each input spike's weights into
// their ring cells, and add this step's inhibition to their g_i.
func (s *Sim) sweep(lo, hi int, t int64, in []int16, prev int, espk *[]int32) {
	n := s.n
	vector := s.slots <= 32
	due := s.ring[prev*s.stride : prev*s.stride+n]
	*espk = (*espk)[:0]
	// In tiles of neurons, so that a tile's ring cells stay in the L1 cache
	// for all the input spikes of the step. Every cell still sees the same
	// operations in the same order.
	for a := lo; a < hi; a += s.tile {
		b := min(hi, a+s.tile)
		*espk = s.ek.IntegrateRange(&s.exc, t, due, a, b, *espk)
		for _, i := range in {
			row := s.m.W[int(i)*n : int(i)*n+n]
			drow := s.m.Delay[int(i)*n : int(i)*n+n]
			deliver(s.ring[a:], s.slotOff, vector, row[a:b], drow[a:b])
		}
	}
	gi := s.exc.Gi
	for _, k := range s.ispk {
		for j := lo; j < hi; j++ {
			if j != int(k) {
				gi[j] += s.wIE
			}
		}
	}
}
