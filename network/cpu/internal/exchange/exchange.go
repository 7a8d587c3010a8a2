// Package exchange is how the workers of one network meet: a Signal that
// one goroutine raises and others await (the start and end of a job), a
// Clock that one goroutine publishes every step and others poll, and a
// Port per worker through which the workers hand each other each step's
// inhibitory spikes.
//
// # Waiting
//
// A waiter spins first, since steps follow each other within microseconds,
// and then, as Spin says, yields, naps or sleeps, so that a worker that has
// lost its core (more workers than cores, or a busy machine) costs a
// wake-up rather than a spinning core. Await sleeps only on a Signal, whose
// Raise wakes it; Poll only naps, since Publish wakes nobody.
//
// # The spike window
//
// A Port keeps its worker's spikes of the last Window steps. A worker
// publishes step c+1 while it still reads its peers' step c, and a peer may
// run ahead: while a worker reads a peer's step c, that peer may have
// published up to step c+3 (it publishes step c'+1 in step c' before it
// reads this worker's step c', and this worker has published up to c+1), so
// steps c … c+3 may be in use, and Window is 4. A writer more than three
// steps ahead of a reader would overwrite what the reader has yet to read;
// the workers of a team never are, since each reads every other's step c
// before it publishes its own step c+2.
package exchange

import (
	"runtime"
	"time"
)

// A wait spins purely for spinPure looks. From then on it yields its P at
// every look if the team's workers share Ps, and reads the clock every
// spinPure looks: Await sleeps after awaitFor, Poll naps after pollFor.
// A nap lasts from about 60 µs to over a millisecond on a busy machine,
// however short the request (time.Sleep), so Poll naps only when the other
// worker has evidently lost its core. A wait longer than yieldAfter yields
// at each clock read in any case, for a worker that lost its P to another
// goroutine (the garbage collector's, a server's).
const (
	spinPure   = 1 << 10
	awaitFor   = 500 * time.Microsecond
	yieldAfter = time.Millisecond
	pollFor    = 10 * time.Millisecond
	nap        = 20 * time.Microsecond
)

// Spin is how a team's workers wait for each other. Yielding (Gosched)
// helps only when workers share Ps (more workers than GOMAXPROCS): the one
// awaited may be queued behind the waiter. Otherwise it costs. Gosched
// puts the waiter on the global run queue and wakes an idle P, which may
// take it to another core, away from its weights in cache; with every P
// busy, the queue's lock is fought over in every step. On 16 cores, a team
// of 16 took 32 µs a step to meet with yields after 1024 looks.
type Spin struct{ Yield bool }

// SpinFor is how a team of k workers waits on this machine now.
func SpinFor(k int) Spin {
	return Spin{Yield: k > runtime.GOMAXPROCS(0)}
}

// waited counts the i-th look of a wait that began at *t0 (set here at the
// first clock read) and reports whether it has lasted longer than d.
func (s Spin) waited(i int, t0 *time.Time, d time.Duration) bool {
	if i < spinPure {
		return false
	}
	if s.Yield {
		runtime.Gosched()
	}
	if i%spinPure != 0 {
		return false
	}
	if t0.IsZero() {
		*t0 = time.Now()
		return false
	}
	el := time.Since(*t0)
	if el > yieldAfter && !s.Yield {
		runtime.Gosched()
	}
	return el > d
}
