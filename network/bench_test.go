package network

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"spikemnist/internal/mnisttest"
)

var benchSizes = []int{100, 400, 1600, 6400}

// BenchmarkTrain measures training on real digits with the full protocol
// (dt 0.5 ms, 350 + 150 ms, delays, STDP, normalisation, boost rule). The
// network first learns on 200 digits, so that the measured examples see a
// network past its first, atypical presentations.
func BenchmarkTrain(b *testing.B) {
	train := mnisttest.Load(b, "train")
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			cfg := Default(n)
			m := NewModel(&cfg)
			s := NewSim(&cfg, m, true)
			defer s.Close()
			counts := make([]int32, n)
			for k := 0; k < 200; k++ {
				s.Present(train.Image(k), PurposeTrain, uint64(k), counts)
			}
			pres := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := 200 + i%50000
				pres += s.Present(train.Image(k), PurposeTrain, uint64(k), counts).Presentations
			}
			report(b, pres)
		})
	}
}

// BenchmarkEval measures frozen evaluation of test digits on one worker
// and on all cores (b.N digits: run it with -benchtime Nx, N ≥ 100).
func BenchmarkEval(b *testing.B) {
	train, test := mnisttest.Load(b, "train"), mnisttest.Load(b, "test")
	for _, n := range benchSizes {
		cfg := Default(n)
		cfg.EvalBlock = 25
		m := NewModel(&cfg)
		s := NewSim(&cfg, m, true)
		counts := make([]int32, n)
		for k := 0; k < 200; k++ {
			s.Present(train.Image(k), PurposeTrain, uint64(k), counts)
		}
		s.Close()
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("N=%d/workers=%d", n, workers), func(b *testing.B) {
				set := test.Head(b.N)
				var pres atomic.Int64
				b.ResetTimer()
				err := Respond(context.Background(), &cfg, m, set, PurposeTest, workers, func(_ int, _ []int32, o Outcome) {
					pres.Add(int64(o.Presentations))
				})
				if err != nil {
					b.Fatal(err)
				}
				report(b, int(pres.Load()))
			})
		}
	}
}

func report(b *testing.B, presentations int) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(1000*sec/float64(b.N), "ms/example")
	b.ReportMetric(float64(b.N)/sec, "examples/s")
	b.ReportMetric(float64(presentations)/float64(b.N), "presentations/example")
}
