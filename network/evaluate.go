package network

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"spikemnist/dataset"
)

// Respond runs the frozen model over every example of set on workers
// goroutines (all cores if workers ≤ 0) and calls visit with each example's
// index, spike counts and outcome. visit is called from several goroutines
// at once and must not keep counts after it returns.
//
// Examples are simulated in blocks of cfg.EvalBlock, in sequence within a
// block, each block starting from a rested network; example k always draws
// its input from stream (purpose, k). The counts of every example are
// therefore the same for any number of workers. A cancelled ctx stops the
// work and returns ctx's error.
func Respond(ctx context.Context, cfg *Config, m *Model, set *dataset.Set, purpose uint64, workers int,
	visit func(k int, counts []int32, o Outcome)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := set.Len()
	blocks := (total + cfg.EvalBlock - 1) / cfg.EvalBlock
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, blocks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim := NewSim(cfg, m, false)
			counts := make([]int32, m.N)
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks || ctx.Err() != nil {
					return
				}
				sim.Rested()
				for k := b * cfg.EvalBlock; k < min(total, (b+1)*cfg.EvalBlock); k++ {
					o := sim.Present(set.Image(k), purpose, uint64(k), counts)
					visit(k, counts, o)
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
