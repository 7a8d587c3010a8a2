package layers

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomExc draws a population state that visits every branch of the step:
// neurons near and above threshold, refractory ones, conductances strong
// enough for the stiff step, tiny ones near the flush floor, and a NaN.
func randomExc(r *rand.Rand, p ExcParams, n int) (ExcState, []float32) {
	s := NewExcState(p, n)
	in := make([]float32, n)
	for j := 0; j < n; j++ {
		s.V[j] = float32(-80 + 45*r.Float64())
		s.Theta[j] = 15 + 25*r.Float64()
		switch r.IntN(6) {
		case 0:
			s.Gi[j] = float32(300 * r.Float64()) // stiff
		case 1:
			s.Ge[j] = float32(1e-30 * (0.5 + r.Float64())) // at the floor
			s.Gi[j] = float32(3e-30 * r.Float64())
		default:
			s.Ge[j] = float32(3 * r.Float64())
			s.Gi[j] = float32(20 * r.Float64())
		}
		in[j] = float32(r.Float64())
		s.LastSpike[j] = NoSpike
		if r.IntN(4) == 0 {
			s.LastSpike[j] = int64(90 + r.IntN(12)) // refractory or just out of it at t = 100
		}
	}
	if n > 11 {
		s.V[11] = float32(math.NaN())
	}
	// Exactly at threshold after the step (frozen θ): v stays at rest, −65,
	// and θ − 72 = −65. The comparison is strict, so it must not fire.
	for _, j := range []int{2, 5} { // one in each half of a vector
		if j < n {
			s.V[j], s.Ge[j], s.Gi[j], in[j], s.Theta[j], s.LastSpike[j] = -65, 0, 0, 0, 7, NoSpike
		}
	}
	return s, in
}

func TestVectorStepMatchesScalar(t *testing.T) {
	t.Parallel() // the kernel choices are per value, not package state
	if !useAVX2 {
		t.Skip("no AVX2 on this machine: only the scalar step runs here")
	}
	p := DefaultExc()
	spikes, stiffGroups := 0, 0
	widths := []Vector{Vector8}
	if useAVX512 {
		widths = append(widths, VectorWidest)
	}
	for _, width := range widths {
		for _, learning := range []bool{true, false} {
			k := p.Kernel(0.5, learning)
			k.Vector = width
			scalar := k
			scalar.Vector = VectorNone
			for _, n := range []int{8, 9, 15, 16, 24, 37, 400, 1003} {
				r := rand.New(rand.NewPCG(uint64(n), 1))
				a, inA := randomExc(r, p, n)
				b, inB := cloneExc(p, a), slices.Clone(inA)
				var spA, spB []int32
				for step := int64(100); step < 110; step++ {
					spA = k.Integrate(&a, step, inA, spA[:0])
					spikes += len(spA)
					for _, x := range a.stiff {
						stiffGroups += int(x)
					}
					spB = scalar.Integrate(&b, step, inB, spB[:0])
					if !slices.Equal(spA, spB) {
						t.Fatalf("n %d step %d: spikes %v, scalar %v", n, step, spA, spB)
					}
					k.Reset(&a, step, spA)
					scalar.Reset(&b, step, spB)
					same32 := func(x, y []float32) bool {
						for i := range x {
							if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
								return false
							}
						}
						return true
					}
					if !same32(a.V, b.V) || !same32(a.Ge, b.Ge) || !same32(a.Gi, b.Gi) || !same32(inA, inB) || !slices.Equal(a.Theta, b.Theta) {
						t.Fatalf("n %d step %d: state differs from the scalar step", n, step)
					}
				}
			}
		}
	}
	if spikes == 0 || stiffGroups == 0 {
		t.Fatalf("the states did not exercise the step: %d spikes, %d stiff groups", spikes, stiffGroups)
	}
	t.Logf("%d spikes, %d stiff groups, all bit-identical", spikes, stiffGroups)
}

// TestRangesMatchWhole steps two halves concurrently, as a split network
// does, and compares with one whole step.
func TestRangesMatchWhole(t *testing.T) {
	t.Parallel() // the kernel choices are per value, not package state
	p := DefaultExc()
	k := p.Kernel(0.5, true)
	const n = 203
	r := rand.New(rand.NewPCG(9, 9))
	a, inA := randomExc(r, p, n)
	b, inB := cloneExc(p, a), slices.Clone(inA)
	whole := k.Integrate(&a, 100, inA, nil)
	var lower, upper []int32
	done := make(chan struct{})
	go func() { upper = k.IntegrateRange(&b, 100, inB, 96, n, nil); close(done) }()
	lower = k.IntegrateRange(&b, 100, inB, 0, 96, nil)
	<-done
	if got := append(lower, upper...); !slices.Equal(whole, got) || len(whole) == 0 {
		t.Fatalf("spikes %v, whole step %v", got, whole)
	}
	for j := range a.V {
		if math.Float32bits(a.V[j]) != math.Float32bits(b.V[j]) || a.Theta[j] != b.Theta[j] {
			t.Fatalf("neuron %d differs", j)
		}
	}
}

// cloneExc returns a copy of a with scratch space of its own.
func cloneExc(p ExcParams, a ExcState) ExcState {
	b := NewExcState(p, len(a.V))
	copy(b.V, a.V)
	copy(b.Ge, a.Ge)
	copy(b.Gi, a.Gi)
	copy(b.Theta, a.Theta)
	copy(b.LastSpike, a.LastSpike)
	return b
}

// BenchmarkIntegrate measures one learning Euler step of the excitatory
// population in the usual regime (below threshold, nothing stiff) with the
// widest vector step the CPU has, the 8-wide one, and the scalar loop.
func BenchmarkIntegrate(b *testing.B) {
	p := DefaultExc()
	k := p.Kernel(0.5, true)
	for _, n := range []int{100, 400, 1600, 6400} {
		for _, variant := range []string{"avx512", "avx2", "scalar"} {
			b.Run(fmt.Sprintf("N=%d/%s", n, variant), func(b *testing.B) {
				if (variant == "avx512" && !useAVX512) || (variant == "avx2" && !useAVX2) {
					b.Skip("not on this CPU")
				}
				k := k
				k.Vector = map[string]Vector{"avx512": VectorWidest, "avx2": Vector8, "scalar": VectorNone}[variant]
				s := NewExcState(p, n)
				in := make([]float32, n)
				r := rand.New(rand.NewPCG(1, 1))
				for j := range s.V {
					s.V[j], s.Theta[j] = float32(-70+5*r.Float64()), 20+10*r.Float64()
				}
				var spikes []int32
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					in[i%n] = 0.5 // some input, as delivery leaves
					spikes = k.Integrate(&s, int64(i), in, spikes[:0])
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/neuron")
			})
		}
	}
}

// TestDetachedMatchesView steps neurons 96 … 202 of a population through a
// detached view, resetting its spikes with ResetFrom, and through a plain
// view, and checks that the detached values reach the population only
// when stored, bit for bit those of the plain view.
func TestDetachedMatchesView(t *testing.T) {
	p := DefaultExc()
	k := p.Kernel(0.5, true)
	const n, lo = 203, 96
	r := rand.New(rand.NewPCG(4, 4))
	a, inA := randomExc(r, p, n)
	b, inB := cloneExc(p, a), slices.Clone(inA)
	view, det := a.View(lo, n), b.Detach(lo, n)
	before := slices.Clone(b.V)
	spikes := 0
	for step := int64(100); step < 110; step++ {
		var in []float32
		if step == 100 {
			in = inA[lo:]
		}
		sa := k.Integrate(&view, step, in, nil)
		if step == 100 {
			in = inB[lo:]
		}
		sb := k.Integrate(&det, step, in, nil)
		if !slices.Equal(sa, sb) {
			t.Fatalf("step %d: spikes %v detached, %v in a view", step, sb, sa)
		}
		global := make([]int32, len(sb))
		for i, j := range sb {
			global[i] = j + lo
		}
		k.Reset(&view, step, sa)
		k.ResetFrom(&det, step, global, lo)
		spikes += len(sa)
	}
	if spikes == 0 {
		t.Fatal("no neuron fired: the reset went untested")
	}
	for j := range before {
		if math.Float32bits(b.V[j]) != math.Float32bits(before[j]) {
			t.Fatalf("the detached view wrote neuron %d's v before Store", j)
		}
	}
	det.Store(&b, lo)
	for j := range a.V {
		if math.Float32bits(a.V[j]) != math.Float32bits(b.V[j]) || math.Float32bits(a.Ge[j]) != math.Float32bits(b.Ge[j]) ||
			math.Float32bits(a.Gi[j]) != math.Float32bits(b.Gi[j]) || a.Theta[j] != b.Theta[j] || a.LastSpike[j] != b.LastSpike[j] {
			t.Fatalf("neuron %d differs after Store", j)
		}
	}
	det.V[0] = 1
	det.Load(&b, lo)
	if det.V[0] != b.V[lo] {
		t.Fatal("Load did not restore the detached view from the population")
	}
}
