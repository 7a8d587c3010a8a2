package network

import (
	"sort"
	"testing"

	"spikemnist/internal/mnisttest"
)

func TestScratch2(t *testing.T) {
	train := mnisttest.Load(t, "train")
	cfg := Default(100)
	m := NewModel(&cfg)
	sim := NewSim(&cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	tot := make([]int, cfg.Neurons)
	for k := 0; k < 3000; k++ {
		sim.Present(train.Image(k), PurposeTrain, uint64(k), counts)
		for j, c := range counts {
			tot[j] += int(c)
		}
		if k == 0 || k == 10 || k == 100 || k%1000 == 999 {
			s := append([]int(nil), tot...)
			sort.Sort(sort.Reverse(sort.IntSlice(s)))
			th := append([]float64(nil), m.Theta...)
			sort.Float64s(th)
			var wmax float32
			for _, w := range m.W {
				wmax = max(wmax, w)
			}
			t.Logf("k=%d top counts %v ... theta min %.2f med %.2f max %.2f wmax %.3f", k, s[:10], th[0], th[50], th[99], wmax)
			clear(tot)
		}
	}
}
