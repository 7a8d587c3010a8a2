package cpu

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"spikemnist/network"
	"spikemnist/network/cpu/internal/exchange"
	"sync"
	"sync/atomic"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/learning"
)

var benchSizes = []int{100, 400, 1600, 6400}

// benchWorkers is 1, 2, 4, … and every core: the curve of a team's
// scaling, as train's automatic choice tries it.
func benchWorkers() []int {
	all := runtime.GOMAXPROCS(0)
	var w []int
	for k := 1; k < all; k *= 2 {
		w = append(w, k)
	}
	return append(w, all)
}

// warmed returns a training network of n neurons that has learned on 200
// digits, so that benchmarks see a network past its first, atypical
// presentations, and its state then.
func warmed(b testing.TB, train *dataset.Set, n int) (*network.Config, *network.Model, network.State) {
	return warmedRule(b, train, n, "triplet")
}

// warmedRule is warmed with the named learning rule.
func warmedRule(b testing.TB, train *dataset.Set, n int, rule string) (*network.Config, *network.Model, network.State) {
	cfg := network.Default(n)
	p, err := learning.ForRule(rule)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Plasticity = p
	m := network.NewModel(&cfg, dataset.Pixels)
	s := NewSim(&cfg, m, true)
	counts := make([]int32, n)
	for k := 0; k < 200; k++ {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	st, err := s.State()
	if err != nil {
		b.Fatal(err)
	}
	return &cfg, m, st
}

// BenchmarkTrain measures training on real digits with the full protocol
// (dt 0.5 ms, 350 + 150 ms, delays, STDP, normalisation, boost rule), on 1,
// 2 and all cores, each from the same warmed network.
func BenchmarkTrain(b *testing.B) {
	train := datasettest.Load(b, "train")
	for _, n := range benchSizes {
		var cfg *network.Config
		var warm *network.Model
		var st network.State
		for _, workers := range benchWorkers() {
			b.Run(fmt.Sprintf("N=%d/workers=%d", n, workers), func(b *testing.B) {
				if warm == nil {
					cfg, warm, st = warmed(b, train, n)
				}
				m := warm.Clone()
				s := NewSim(cfg, m, true)
				if err := s.SetState(st); err != nil {
					b.Fatal(err)
				}
				s.SetWorkers(workers)
				defer s.Close()
				counts := make([]int32, n)
				pres := 0
				b.ReportAllocs()
				t0 := s.t
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := 200 + i%(train.Len()-200)
					pres += s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts).Presentations
				}
				report(b, pres)
				// beside BenchmarkMeeting's cost of a step's exchange
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(s.t-t0), "ns/step")
			})
		}
		for _, k := range benchWorkers()[1:] {
			b.Run(fmt.Sprintf("N=%d/apart=%d", n, k), func(b *testing.B) { trainApart(b, train, n, k) })
		}
	}
}

// trainApart is the yardstick for N neurons on k workers: k networks of
// N/k neurons, each on one worker, trained at once on k goroutines. They
// share nothing and never meet, so the time per example of the slowest is
// the least that N neurons split k ways could take on this machine at this
// moment: the cores' own scaling, which varies on a shared host, apart
// from what the team costs. BenchmarkTrain's workers=k beside apart=k is the
// team's overhead; workers=1 beside apart=k is all the machine offers.
func trainApart(b *testing.B, train *dataset.Set, n, k int) {
	size := n / k
	cfg, warm, st := warmed(b, train, size)
	sims := make([]*Sim, k)
	for w := range sims {
		sims[w] = NewSim(cfg, warm.Clone(), true)
		if err := sims[w].SetState(st); err != nil {
			b.Fatal(err)
		}
	}
	pres := make([]int, k)
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	for w, s := range sims {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts := make([]int32, size)
			for i := 0; i < b.N; i++ {
				e := 200 + i%(train.Len()-200)
				pres[w] += s.Present(train.Image(e), network.PurposeTrain, uint64(e), counts).Presentations
			}
		}()
	}
	wg.Wait()
	report(b, slices.Max(pres))
}

// BenchmarkTrainRule measures training with each learning rule on one
// worker, each from a network warmed with that rule.
func BenchmarkTrainRule(b *testing.B) {
	train := datasettest.Load(b, "train")
	for _, rule := range learning.Rules() {
		for _, n := range benchSizes {
			var cfg *network.Config
			var warm *network.Model
			var st network.State
			b.Run(fmt.Sprintf("rule=%s/N=%d", rule, n), func(b *testing.B) {
				if warm == nil { // once, not again for each b.N
					cfg, warm, st = warmedRule(b, train, n, rule)
				}
				s := NewSim(cfg, warm.Clone(), true)
				if err := s.SetState(st); err != nil {
					b.Fatal(err)
				}
				counts := make([]int32, n)
				pres := 0
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := 200 + i%(train.Len()-200)
					pres += s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts).Presentations
				}
				report(b, pres)
			})
		}
	}
}

// BenchmarkEval measures frozen evaluation of test digits, one example per
// worker, on 1, 2 and all cores. b.N digits are taken from the test set in
// turn, again from its start after 10,000.
func BenchmarkEval(b *testing.B) {
	train, test := datasettest.Load(b, "train"), datasettest.Load(b, "test")
	for _, n := range benchSizes {
		var cfg *network.Config
		var m *network.Model
		for _, workers := range benchWorkers() {
			b.Run(fmt.Sprintf("N=%d/workers=%d", n, workers), func(b *testing.B) {
				if m == nil {
					cfg, m, _ = warmed(b, train, n)
					c := *cfg
					c.EvalBlock = 25
					cfg = &c
				}
				set := cycled(test, b.N)
				var pres atomic.Int64
				b.ResetTimer()
				err := Respond(context.Background(), cfg, m, set, network.PurposeTest, workers, func(_ int, _ []int32, o network.Outcome) {
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

// cycled returns n examples of set, from its start again after its end.
func cycled(set *dataset.Set, n int) *dataset.Set {
	if n <= set.Len() {
		return set.Head(n)
	}
	out := &dataset.Set{Name: set.Name, Shape: set.Shape, Pixels: make([]byte, 0, n*dataset.Pixels), Labels: make([]byte, 0, n)}
	for k := 0; k < n; k++ {
		out.Pixels = append(out.Pixels, set.Image(k%set.Len())...)
		out.Labels = append(out.Labels, set.Labels[k%set.Len()])
	}
	return out
}

func report(b *testing.B, presentations int) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(1000*sec/float64(b.N), "ms/example")
	b.ReportMetric(float64(b.N)/sec, "examples/s")
	b.ReportMetric(float64(presentations)/float64(b.N), "presentations/example")
}

// BenchmarkDeliver measures the delivery of one input's weight row into the
// delay ring, as a sweep does it (a tile of the row at a time), with the
// vector loop where the CPU has one and with the scalar loop.
func BenchmarkDeliver(b *testing.B) {
	for _, n := range benchSizes {
		for _, scalar := range []bool{false, true} {
			name := "vector"
			if scalar {
				name = "scalar"
			}
			b.Run(fmt.Sprintf("N=%d/%s", n, name), func(b *testing.B) {
				if !scalar && !useAVX512 {
					b.Skip("no vector delivery on this CPU")
				}
				r := rand.New(rand.NewPCG(1, 2))
				row, drow := make([]float32, n), make([]uint8, n)
				for j := range row {
					row[j], drow[j] = r.Float32()*0.3, uint8(r.IntN(20))
				}
				stride := ringStride(n)
				ring := make([]float32, 20*stride)
				slotOff := make([]int32, 32)
				for d := range 20 {
					slotOff[d] = int32(d * stride)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for a := 0; a < n; a += defaultTile {
						e := min(n, a+defaultTile)
						deliver(ring[a:], slotOff, !scalar, row[a:e], drow[a:e])
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/synapse")
			})
		}
	}
}

// BenchmarkMeeting measures what the workers of a team cost each other
// beside their work, each worker owning no neuron: "step" is one step's
// exchange of inhibitory spikes (every part publishes, then waits for all
// the others'), which every step pays; "job" is the start and end of a run
// of steps (a presentation or a rest) or of a normalisation, three per
// presentation. ns/op is one of them; BenchmarkTrain's
// ns/step is the step it serves, which the exchange must stay well below
// for more workers to pay.
func BenchmarkMeeting(b *testing.B) {
	cfg := network.Default(16)
	for _, k := range []int{2, 3, 4, 8, 16} {
		b.Run(fmt.Sprintf("step/K=%d", k), func(b *testing.B) {
			s := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), false)
			s.team = &team{spin: exchange.SpinFor(k)}
			parts := make([]*part, k)
			for w := range parts {
				parts[w] = s.newPart(0, 0, k)
			}
			s.setParts(parts)
			meet := func(p *part) { // as part.run: each step publishes the next
				p.port.Publish(p.steps, nil, 0)
				for range b.N {
					p.port.Publish(p.steps+1, nil, 0)
					p.inhibit()
					p.steps++
				}
			}
			done := make(chan struct{})
			for _, p := range s.parts[1:] {
				go func() { meet(p); done <- struct{}{} }()
			}
			b.ResetTimer()
			meet(s.parts[0])
			for range k - 1 {
				<-done
			}
		})
		b.Run(fmt.Sprintf("job/K=%d", k), func(b *testing.B) {
			s := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), false)
			tm := &team{start: exchange.NewSignal(), spin: exchange.SpinFor(k)}
			parts := []*part{s.newPart(0, 0, 1)}
			for range k - 1 {
				h := &helper{p: s.newPart(0, 0, 1), done: exchange.NewSignal()}
				tm.help = append(tm.help, h)
				parts = append(parts, h.p)
			}
			s.setParts(parts)
			for _, h := range tm.help {
				go s.work(tm, h)
			}
			s.team = tm
			defer s.stopTeam()
			b.ResetTimer()
			for range b.N {
				s.together(job{})
			}
		})
	}
}
