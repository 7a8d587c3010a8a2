package experiment

import (
	"fmt"
	"testing"
	"time"

	"spikemnist/dataset"
	"spikemnist/network"
)

// BenchmarkSnapshot measures one live-view snapshot (a copy of the weights,
// θ and the last example) and reports it as a share of training time when
// taken every DefaultSnapshotEvery: what a live view costs the run.
func BenchmarkSnapshot(b *testing.B) {
	for _, n := range []int{100, 400, 1600, 6400} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			cfg := network.Default(n)
			m := network.NewModel(&cfg, dataset.Pixels)
			t := &Trainer{cfg: &cfg, model: m, opt: TrainOptions{Snapshot: func(*Snapshot) {}}}
			img, counts := make([]byte, 784), make([]int32, n)
			start := time.Now()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t.snapshot(int64(i), int64(b.N), int64(i), start, img, 3, counts, false)
			}
			per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(per/1e6, "ms/snapshot")
			b.ReportMetric(100*per/float64(DefaultSnapshotEvery.Nanoseconds()), "%_of_training")
		})
	}
}
