package encoding

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSpikeRatesMatchBernoulli(t *testing.T) {
	p := Poisson{Steps: 700, Dt: 0.5, RateScale: 1.0 / 8}
	img := []byte{0, 255, 64, 1, 128}
	rng := rand.New(rand.NewPCG(1, 2))
	var tr Train
	const reps = 2000
	counts := make([]float64, len(img))
	for r := 0; r < reps; r++ {
		p.Encode(img, 2, rng, &tr)
		for step := 0; step < tr.Steps(); step++ {
			in := tr.At(step)
			for k, i := range in {
				counts[i]++
				if k > 0 && in[k-1] >= i {
					t.Fatalf("step %d: inputs not ascending: %v", step, in)
				}
			}
		}
	}
	for i, px := range img {
		q := p.Prob(px, 2) // pixel/8·2 Hz × 0.5 ms
		mean, sd := q*700*reps, math.Sqrt(q*(1-q)*700*reps)
		if math.Abs(counts[i]-mean) > 5*sd+1e-9 {
			t.Errorf("pixel %d (%d): %v spikes, expected %.0f ± %.0f", i, px, counts[i], mean, sd)
		}
	}
	if counts[0] != 0 {
		t.Error("a black pixel fired")
	}
	if q := p.Prob(255, 2); math.Abs(q-255.0/4*0.0005) > 1e-15 {
		t.Errorf("max probability %v, want 63.75 Hz × 0.5 ms", q)
	}
}

func TestSpikeTimesAreGeometric(t *testing.T) {
	// Gaps between spikes of a Bernoulli process: P(gap = k) = q(1−q)^(k−1).
	p := Poisson{Steps: 700, Dt: 0.5, RateScale: 1.0 / 8}
	rng := rand.New(rand.NewPCG(3, 4))
	var tr Train
	q := p.Prob(255, 8)
	gaps := map[int]float64{}
	total := 0.0
	for r := 0; r < 3000; r++ {
		p.Encode([]byte{255}, 8, rng, &tr)
		last := -1
		for step := 0; step < 700; step++ {
			if len(tr.At(step)) > 0 {
				if last >= 0 {
					gaps[step-last]++
					total++
				}
				last = step
			}
		}
	}
	for k := 1; k <= 3; k++ {
		want := q * math.Pow(1-q, float64(k-1))
		if got := gaps[k] / total; math.Abs(got-want) > 0.1*want {
			t.Errorf("P(gap=%d) = %.4f, want %.4f", k, got, want)
		}
	}
}

func TestCertainSpikesEveryStep(t *testing.T) {
	p := Poisson{Steps: 50, Dt: 0.5, RateScale: 1.0 / 8}
	var tr Train
	p.Encode([]byte{255, 0, 255}, 100, rand.New(rand.NewPCG(1, 1)), &tr) // q capped at 1
	for step := 0; step < 50; step++ {
		if in := tr.At(step); len(in) != 2 || in[0] != 0 || in[1] != 2 {
			t.Fatalf("step %d: %v", step, in)
		}
	}
}

func TestSameStreamSameTrain(t *testing.T) {
	p := Poisson{Steps: 700, Dt: 0.5, RateScale: 1.0 / 8}
	img := make([]byte, 784)
	for i := range img {
		img[i] = byte(i * 7)
	}
	var a, b Train
	p.Encode(img, 2, rand.New(rand.NewPCG(5, 6)), &a)
	p.Encode(img, 2, rand.New(rand.NewPCG(5, 6)), &b)
	if a.Len() == 0 || a.Len() != b.Len() {
		t.Fatalf("lengths %d %d", a.Len(), b.Len())
	}
	for k := range a.Inputs {
		if a.Inputs[k] != b.Inputs[k] {
			t.Fatal("same stream, different spikes")
		}
	}
}

// TestVanishingRatesGiveNoSpikes: a rate so small that its probability per
// step is subnormal or 0 gives no spike, never a spike outside the
// presentation.
func TestVanishingRatesGiveNoSpikes(t *testing.T) {
	img := make([]byte, 784)
	for i := range img {
		img[i] = byte(i)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var tr Train
	for _, scale := range []float64{5e-324, 1e-310, 1e-300, 1e-200} {
		p := Poisson{Steps: 700, Dt: 0.5, RateScale: scale}
		p.Encode(img, 2, rng, &tr)
		if tr.Len() != 0 || tr.Steps() != 700 {
			t.Fatalf("rate scale %g: %d spikes over %d steps", scale, tr.Len(), tr.Steps())
		}
	}
}
