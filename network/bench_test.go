package network

import (
	"context"
	"fmt"
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

// BenchmarkEval measures frozen evaluation on all cores.
func BenchmarkEval(b *testing.B) {
	train, test := mnisttest.Load(b, "train"), mnisttest.Load(b, "test")
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			cfg := Default(n)
			cfg.EvalBlock = 50
			m := NewModel(&cfg)
			s := NewSim(&cfg, m, true)
			counts := make([]int32, n)
			for k := 0; k < 200; k++ {
				s.Present(train.Image(k), PurposeTrain, uint64(k), counts)
			}
			set := test.Head(b.N)
			pres := 0
			b.ResetTimer()
			err := Respond(context.Background(), &cfg, m, set, PurposeTest, 0, func(_ int, _ []int32, o Outcome) {})
			if err != nil {
				b.Fatal(err)
			}
			_ = pres
			report(b, set.Len())
		})
	}
}

func report(b *testing.B, presentations int) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(1000*sec/float64(b.N), "ms/example")
	b.ReportMetric(float64(b.N)/sec, "examples/s")
	b.ReportMetric(float64(presentations)/float64(b.N), "presentations/example")
}
