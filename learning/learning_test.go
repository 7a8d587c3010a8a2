package learning

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNormalizeColumnsSumToTotal(t *testing.T) {
	const rows, n = 784, 7
	r := rand.New(rand.NewPCG(1, 2))
	w := make([]float32, rows*n)
	for k := range w {
		w[k] = r.Float32() * 0.1 // columns sum to about 39: normalising doubles them
	}
	w[3] = 0.9
	over := Normalize(w, n, 78, make([]float64, n), 1, nil)
	if len(over) != 1 || over[0] != 3 {
		t.Errorf("weights above 1: %v, want [3]", over)
	}
	for j := 0; j < n; j++ {
		sum := 0.0
		for i := 0; i < rows; i++ {
			sum += float64(w[i*n+j])
		}
		if math.Abs(sum-78) > 1e-3 {
			t.Errorf("column %d sums to %v, want 78", j, sum)
		}
	}
	if w[3] <= 1 {
		t.Errorf("normalisation clipped: w = %v, want > 1", w[3])
	}
}

func TestNormalizeLeavesZeroColumn(t *testing.T) {
	w := []float32{0, 1, 0, 1}
	Normalize(w, 2, 78, make([]float64, 2), 1, nil)
	if w[0] != 0 || w[2] != 0 || w[1] != 39 || w[3] != 39 {
		t.Fatalf("got %v", w)
	}
}

func TestTraceIsExactExponential(t *testing.T) {
	tr := NewTrace(20, 0.5)
	for _, n := range []int64{0, 1, 40, 400} {
		want := math.Exp(-float64(n) * 0.5 / 20)
		if got := float64(tr.At(n)); math.Abs(got-want) > 1e-7*want {
			t.Errorf("At(%d) = %v, want %v", n, got, want)
		}
	}
	if tr.At(1<<40) != 0 || tr.At(-1<<60) != 0 {
		t.Error("a trace far in the past (or never set) is not 0")
	}
	// exp(−0.5/20) and exp(−0.5/40): the per-step factors of the reference.
	if f := float64(tr.At(1)); math.Abs(f-0.975310) > 1e-6 {
		t.Errorf("pre/post1 factor %v", f)
	}
	if f := float64(NewTrace(40, 0.5).At(1)); math.Abs(f-0.987578) > 1e-6 {
		t.Errorf("post2 factor %v", f)
	}
}

func TestRuleUpdatesAndClips(t *testing.T) {
	r := DefaultTriplet().Tabulate(0.5)
	w := float32(0.5)
	r.Depress(&w, 0.5) // −1e−4 · 0.5
	if math.Abs(float64(w)-(0.5-5e-5)) > 1e-7 {
		t.Fatalf("depress: %v", w)
	}
	r.Potentiate(&w, 0.8, 0.25) // +1e−2 · 0.8 · 0.25
	if math.Abs(float64(w)-(0.5-5e-5+2e-3)) > 1e-7 {
		t.Fatalf("potentiate: %v", w)
	}
	w = 1.2 // above w_max after normalisation: any update clips it
	r.Depress(&w, 0)
	if w != 1 {
		t.Fatalf("depress did not clip to w_max: %v", w)
	}
	w = 0.00001
	r.Depress(&w, 1)
	if w != 0 {
		t.Fatalf("depress did not clip to 0: %v", w)
	}
	w = 0.999
	r.Potentiate(&w, 1, 1)
	if w != 1 {
		t.Fatalf("potentiate did not clip to 1: %v", w)
	}
}
