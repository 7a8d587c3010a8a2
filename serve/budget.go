package serve

import (
	"context"
	"sync"
)

// budget is memory, in bytes, that requests take and give back: a request
// waits until what it asks for is free, so that however many arrive at
// once, together they never hold more than the total.
type budget struct {
	mu    sync.Mutex
	free  int64
	total int64
	freed chan struct{} // closed and replaced whenever memory is given back
}

func newBudget(total int64) *budget {
	return &budget{free: total, total: total, freed: make(chan struct{})}
}

// take waits until n bytes are free and takes them; false if ctx ends
// first. n must be at most the total.
func (b *budget) take(ctx context.Context, n int64) bool {
	for {
		b.mu.Lock()
		if n <= b.free {
			b.free -= n
			b.mu.Unlock()
			return true
		}
		freed := b.freed
		b.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return false
		}
	}
}

// give returns n bytes taken before.
func (b *budget) give(n int64) {
	b.mu.Lock()
	b.free += n
	close(b.freed)
	b.freed = make(chan struct{})
	b.mu.Unlock()
}
