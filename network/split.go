package network

import (
	"runtime"
	"sync/atomic"
)

// splitMin is the smallest training network whose neurons are split over
// two cores. Below it the handoff does not pay: measured on a 2-core
// machine, the split trained N = 4096 at the same speed as one core and
// N = 6400 8 % slower, but N = 8192 1.35× faster.
var splitMin = 8192

// helper steps the upper half of the excitatory neurons, the part of a step
// that is a sweep over neurons (integration, delivery of input weights,
// inhibition), while the Sim's own goroutine does the lower half. Each
// neuron and each ring cell belongs to one worker, and each worker adds in
// the same order as the one-core step, so results are bit-identical.
type helper struct {
	lo, hi int // the helper's neurons
	seq    atomic.Uint64
	done   atomic.Uint64
	parked atomic.Bool
	stop   atomic.Bool
	wake   chan struct{}

	// The step to do, set before seq is raised.
	t    int64
	in   []int16
	prev int
	espk []int32 // the helper's spikes, ascending
}

// startHelper splits the excitatory neurons at a multiple of 8 near N/2.
func (s *Sim) startHelper() {
	h := &helper{lo: (s.n / 2) &^ 7, hi: s.n, wake: make(chan struct{}, 1)}
	s.help = h
	go func() {
		var last uint64
		for {
			// Steps follow each other within microseconds: spin. A helper
			// idle for much longer (between examples of a slow caller, or
			// forgotten without Close) sleeps until woken.
			for spins := 0; h.seq.Load() == last; spins++ {
				if h.stop.Load() {
					return
				}
				if spins > 1<<22 {
					h.parked.Store(true)
					if h.seq.Load() == last && !h.stop.Load() {
						<-h.wake
					}
					h.parked.Store(false)
					spins = 0
				}
			}
			last++
			s.sweep(h.lo, h.hi, h.t, h.in, h.prev, &h.espk)
			h.done.Store(last)
		}
	}()
}

// Close stops the helper goroutine of a Sim that splits its neurons over
// two cores (see NewSim); it is a no-op otherwise. The Sim must not step
// afterwards.
func (s *Sim) Close() {
	if h := s.help; h != nil {
		h.stop.Store(true)
		select {
		case h.wake <- struct{}{}:
		default:
		}
		s.help = nil
	}
}

// sweepTile is the number of neurons sweep handles at a time: 20 ring rows
// of it fill 30 KB, within a 48 KB L1 data cache (measured best among 128 …
// 1024 at N = 1600 and 6400). A multiple of 16, so that only the last tile
// has a tail that the vector loops leave to scalar code.
var sweepTile = 384

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
	for a := lo; a < hi; a += sweepTile {
		b := min(hi, a+sweepTile)
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

// splitSweep runs sweep over all neurons on two goroutines.
func (s *Sim) splitSweep(t int64, in []int16, prev int) {
	h := s.help
	h.t, h.in, h.prev = t, in, prev
	seq := h.seq.Add(1)
	if h.parked.Load() {
		select {
		case h.wake <- struct{}{}:
		default:
		}
	}
	s.sweep(0, h.lo, t, in, prev, &s.espk)
	for spins := 0; h.done.Load() != seq; spins++ {
		if spins > 1<<22 { // the helper lost its core: let it run
			runtime.Gosched()
		}
	}
	s.espk = append(s.espk, h.espk...)
}
