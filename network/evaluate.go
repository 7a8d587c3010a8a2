package network

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"spikemnist/dataset"
)

// Fits reports a set whose images the model has no inputs for.
func Fits(m *Model, set *dataset.Set) error {
	if p := set.Shape.Pixels(); p != m.Inputs || len(set.Pixels) != p*set.Len() {
		return fmt.Errorf("the %s set's images are %d×%d = %d pixels, but the network has %d inputs", set.Name, set.Shape.Rows, set.Shape.Cols, p, m.Inputs)
	}
	return nil
}

// RespondOn is Respond on frozen engines that engine makes, one per worker.
func RespondOn(ctx context.Context, engine EngineMaker, cfg *Config, m *Model, set *dataset.Set, purpose uint64, workers int,
	visit func(k int, counts []int32, o Outcome)) error {
	if err := Fits(m, set); err != nil {
		return err
	}
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
			sim := engine(cfg, m, false)
			defer sim.Close()
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
