package exchange

import (
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Signal is a number that one goroutine raises and any number of others
// await, sleeping once they have spun long enough.
type Signal struct {
	_        [64]byte // v on a cache line of its own
	v        atomic.Uint64
	sleepers atomic.Int32
	mu       sync.Mutex
	cond     sync.Cond
	_        [64]byte
}

// NewSignal returns a Signal at 0.
func NewSignal() *Signal {
	c := new(Signal)
	c.cond.L = &c.mu
	return c
}

// Raise sets the signal to v and wakes its sleepers.
func (c *Signal) Raise(v uint64) {
	c.v.Store(v)
	if c.sleepers.Load() > 0 {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// Await returns the signal once it is at least v.
func (c *Signal) Await(v uint64, s Spin) uint64 {
	var t0 time.Time
	for i := 0; !s.waited(i, &t0, awaitFor); i++ {
		if x := c.v.Load(); x >= v {
			return x
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Raise stores v, then reads sleepers; this adds to sleepers, then
	// reads v: one of the two sees the other's write, and Raise broadcasts
	// under the lock that this holds until it waits.
	c.sleepers.Add(1)
	defer c.sleepers.Add(-1)
	for {
		if x := c.v.Load(); x >= v {
			return x
		}
		c.cond.Wait()
	}
}

// Clock is a number that one goroutine publishes, typically every step,
// and others poll: a release store, which does not wait for the readers'
// copies of the line to be invalidated, and no wake-up. It has no Await,
// since nothing would wake a sleeper.
type Clock struct {
	_ [64]byte // v on a cache line of its own
	v atomic.Uint64
	_ [64]byte
}

// Publish sets the clock to v.
func (c *Clock) Publish(v uint64) {
	storeRelease((*uint64)(unsafe.Pointer(&c.v)), v)
}

// Poll returns the clock once it is at least v.
func (c *Clock) Poll(v uint64, s Spin) uint64 {
	var t0 time.Time
	napping := false
	for i := 0; ; i++ {
		if x := c.v.Load(); x >= v {
			return x
		}
		if napping {
			time.Sleep(nap)
		} else {
			napping = s.waited(i, &t0, pollFor)
		}
	}
}
