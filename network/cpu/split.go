package cpu

import (
	"sync/atomic"

	"spikemnist/encoding"
	"spikemnist/network/cpu/internal/exchange"
)

// A team splits a Sim over K workers, each owning a part: a contiguous
// range of neurons, starting on a cache line of its own. Worker 0 is the
// Sim's own goroutine. A part does the whole step for its neurons (see
// part.step), so the workers share only two things within a step:
//
//   - the inhibitory spikes: each part publishes its own as soon as it has
//     integrated its inhibitory neurons, and reads the others' just before
//     it adds this step's inhibition to g_i, after its sweep. A part can
//     therefore run up to one step ahead of another, and waits only if
//     another has not yet started the step it is finishing;
//   - the Sim's arrays, of which each part writes only its own neurons'
//     entries and its own columns of the weights.
//
// The workers meet as a whole only to start and finish a run of steps (one
// presentation, or one rest) and to normalise the weights, a few times per
// example. Each neuron, synapse and ring cell sees the same operations in
// the same order as on one worker, so results are bit-identical for any K.
type team struct {
	help  []*helper
	start *exchange.Signal // the job number to do
	stop  atomic.Bool
	seq   uint64
	job   job           // written before start is raised
	spin  exchange.Spin // how its workers wait for each other
}

// helper is one worker besides the Sim's goroutine, with the part it runs.
type helper struct {
	p    *part
	done *exchange.Signal // the last job it finished
}

// job is what the team does between two meetings: a run of steps (k steps
// from step t; the input of the i-th is train.At(i), or in if train is
// nil) or, with normalize set, a normalisation of the weights.
type job struct {
	normalize bool
	t         int64
	k         int
	train     *encoding.Train
	in        []int16
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

// SetWorkers makes the Sim step its neurons on k goroutines (at most one
// per 16 neurons); results do not depend on k. It must be called between
// examples. SetWorkers(1) and Close stop the helpers.
//
// With several workers each delivers from a copy of its columns of the
// Model's weights, taken here and kept equal to the Model's through every
// change the Sim makes: between examples the Model's weights may be read,
// and whoever writes them says so with Model.Wrote, after which the Sim
// takes them again before its next example (sync).
func (s *Sim) SetWorkers(k int) {
	s.stopTeam()
	b := teamBounds(s.n, k)
	s.regroup(b)
	if len(b) <= 2 {
		return
	}
	tm := &team{start: exchange.NewSignal(), spin: exchange.SpinFor(len(s.parts))}
	for _, p := range s.parts[1:] {
		h := &helper{p: p, done: exchange.NewSignal()}
		tm.help = append(tm.help, h)
		go s.work(tm, h)
	}
	s.team = tm
}

// Workers returns the number of goroutines that step the neurons.
func (s *Sim) Workers() int {
	return len(s.parts)
}

// work is a helper's loop: do its part of each job.
func (s *Sim) work(tm *team, h *helper) {
	for seq := uint64(1); ; seq++ {
		tm.start.Await(seq, tm.spin)
		if tm.stop.Load() {
			return
		}
		h.p.do(&tm.job)
		h.done.Raise(seq)
	}
}

// Close stops the helpers of a Sim that steps on several goroutines (see
// SetWorkers); it is a no-op otherwise. Stepping afterwards uses one.
func (s *Sim) Close() {
	if s.team != nil {
		s.stopTeam()
		s.regroup(teamBounds(s.n, 1))
	}
}

func (s *Sim) stopTeam() {
	tm := s.team
	if tm == nil {
		return
	}
	tm.stop.Store(true)
	tm.start.Raise(tm.seq + 1)
	s.team = nil
}

// together has every part do j, the Sim's goroutine part 0's, and returns
// when all are done.
func (s *Sim) together(j job) {
	tm := s.team
	if tm == nil {
		s.parts[0].do(&j)
		return
	}
	tm.job = j
	tm.seq++
	tm.start.Raise(tm.seq)
	s.parts[0].do(&tm.job)
	for _, h := range tm.help {
		h.done.Await(tm.seq, tm.spin)
	}
}

// do is a part's share of a job.
func (p *part) do(j *job) {
	if j.normalize {
		p.normalize()
		return
	}
	if p.detached {
		p.exc.Load(&p.s.exc, p.lo)
		p.inh.Load(&p.s.inh, p.lo)
		defer p.exc.Store(&p.s.exc, p.lo)
		defer p.inh.Store(&p.s.inh, p.lo)
	}
	p.run(j)
}

// input is the input spikes of the job's i-th step: train.At(i), or in if
// train is nil.
func (j *job) input(i int) []int16 {
	if j.train != nil {
		return j.train.At(i)
	}
	return j.in
}

// run advances the Sim by k steps, the i-th with input train.At(i) (none
// if train is nil). Every part runs them on its own, unless Observe is set:
// it sees each step's spikes of all the parts.
func (s *Sim) run(k int, train *encoding.Train) {
	if s.Observe != nil {
		j := job{train: train}
		for i := 0; i < k; i++ {
			s.step(j.input(i))
		}
		return
	}
	s.together(job{t: s.t, k: k, train: train})
	s.t += int64(k)
}

// step advances the Sim by one step with the given input spikes and shows
// the step to Observe.
func (s *Sim) step(in []int16) {
	s.together(job{t: s.t, k: 1, in: in})
	if s.Observe != nil {
		s.espk, s.ispk = s.espk[:0], s.ispk[:0]
		for _, p := range s.parts {
			s.espk = append(s.espk, p.espk...)
			s.ispk = append(s.ispk, p.port.Sent(p.steps-1)...)
		}
		s.Observe(s.t, in, s.espk, s.ispk)
	}
	s.t++
}
