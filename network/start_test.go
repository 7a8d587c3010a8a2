package network

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// images makes count images of the given size, each with its own pattern.
func images(count, inputs int) []byte {
	px := make([]byte, count*inputs)
	for k := range count {
		for i := range inputs {
			if (i*7+k*13)%5 < 2 {
				px[k*inputs+i] = byte(40 + (i*k)%216)
			}
		}
	}
	return px
}

// TestDataStartIsTheDefinition checks StartFromImages against its
// definition written out literally: neuron j is image perm[j] of the seed's
// permutation, w_i = (floor + (1 − floor)·x_i/255)·S / Σ, S = NormTotal.
func TestDataStartIsTheDefinition(t *testing.T) {
	const inputs, count = 30, 7
	for _, floor := range []float64{0, 0.2} {
		cfg := Default(16) // more neurons than images: a second permutation follows
		cfg.WeightStart = WeightStart{Kind: StartData, Floor: floor}
		px := images(count, inputs)
		m := NewModel(&cfg, inputs)
		if err := m.StartFromImages(&cfg, px); err != nil {
			t.Fatal(err)
		}
		r := stream(cfg.Seed, purposeStart, 0)
		var perm []int
		used := map[int]int{}
		for j := range cfg.Neurons {
			if j%count == 0 {
				perm = r.Perm(count)
			}
			k := perm[j%count]
			used[k]++
			sum := 0.0
			for i := range inputs {
				sum += floor + (1-floor)*float64(px[k*inputs+i])/255
			}
			got := 0.0
			for i := range inputs {
				want := float32((floor + (1-floor)*float64(px[k*inputs+i])/255) * cfg.NormTotal / sum)
				if w := m.W[i*cfg.Neurons+j]; w != want {
					t.Fatalf("floor %v: neuron %d input %d: %v, want %v", floor, j, i, w, want)
				}
				got += float64(m.W[i*cfg.Neurons+j])
			}
			if math.Abs(got-cfg.NormTotal) > 1e-3 {
				t.Fatalf("neuron %d sums to %v, want %v", j, got, cfg.NormTotal)
			}
		}
		// 16 neurons over 7 images: each image twice, two of them three times.
		for k := range count {
			if used[k] < 2 || used[k] > 3 {
				t.Fatalf("image %d used %d times: %v", k, used[k], used)
			}
		}
	}
}

// TestDataStartFollowsTheSeed: the same seed gives the same weights, another
// seed other images; delays and θ are those of the random start.
func TestDataStartFollowsTheSeed(t *testing.T) {
	const inputs = 30
	px := images(50, inputs)
	start := func(seed uint64) *Model {
		cfg := Default(10)
		cfg.Seed = seed
		cfg.WeightStart = WeightStart{Kind: StartData}
		m := NewModel(&cfg, inputs)
		if err := m.StartFromImages(&cfg, px); err != nil {
			t.Fatal(err)
		}
		return m
	}
	a, b, c := start(1), start(1), start(2)
	if !slices.Equal(a.W, b.W) {
		t.Fatal("the same seed gave other weights")
	}
	if slices.Equal(a.W, c.W) {
		t.Fatal("another seed gave the same weights")
	}
	cfg := Default(10)
	r := NewModel(&cfg, inputs)
	if !slices.Equal(a.Delay, r.Delay) || !slices.Equal(a.Theta, r.Theta) {
		t.Fatal("a data start changed the delays or θ")
	}
}

func TestDataStartRefusesBadImages(t *testing.T) {
	cfg := Default(4)
	m := NewModel(&cfg, 30)
	for _, px := range [][]byte{nil, make([]byte, 29), make([]byte, 31)} {
		if err := m.StartFromImages(&cfg, px); err == nil {
			t.Fatalf("%d bytes of 30-pixel images accepted", len(px))
		}
	}
	// A blank image leaves the neuron's random weights.
	before := slices.Clone(m.W)
	if err := m.StartFromImages(&cfg, make([]byte, 60)); err != nil || !slices.Equal(before, m.W) {
		t.Fatalf("blank images changed the weights (%v)", err)
	}
}

// TestGrowCopiesWithNoise: neuron j is neuron j mod N of the source, each
// weight within ±noise of its source, θ copied; no noise copies exactly.
func TestGrowCopiesWithNoise(t *testing.T) {
	const inputs = 12
	src := NewModel(&Config{Circuit: Circuit{Neurons: 3, Seed: 9, WInit: 0.3, WInitShift: 0.01, MaxDelay: 10}, Protocol: Protocol{Dt: 0.5}}, inputs)
	src.Theta = []float64{1, 2, 3}
	for _, noise := range []float64{0, 0.05} {
		cfg := Default(7)
		cfg.WeightStart = WeightStart{Kind: StartGrow, From: "x", Noise: noise}
		m := NewModel(&cfg, inputs)
		if err := m.GrowFrom(&cfg, src); err != nil {
			t.Fatal(err)
		}
		differ := 0
		for i := range inputs {
			for j := range 7 {
				w, s := float64(m.W[i*7+j]), float64(src.W[i*3+j%3])
				if math.Abs(w-s) > noise*s*(1+1e-6)+1e-7 {
					t.Fatalf("noise %v: w[%d,%d] = %v from %v", noise, i, j, w, s)
				}
				if w != s {
					differ++
				}
			}
		}
		if (noise == 0) != (differ == 0) {
			t.Fatalf("noise %v: %d weights differ from their source", noise, differ)
		}
		if !slices.Equal(m.Theta, []float64{1, 2, 3, 1, 2, 3, 1}) {
			t.Fatalf("θ %v", m.Theta)
		}
	}
	cfg := Default(7)
	if err := NewModel(&cfg, inputs+1).GrowFrom(&cfg, src); err == nil {
		t.Fatal("grown from a network of other inputs")
	}
}

// TestStartBySize: the original's random start up to DataStartFrom, data
// from it on; a start a configuration file names is kept when the size
// changes.
func TestStartBySize(t *testing.T) {
	for n, want := range map[int]string{100: StartRandom, 400: StartRandom, 1600: StartRandom, 3199: StartRandom, DataStartFrom: StartData, 6400: StartData, 12800: StartData} {
		if c := Default(n); c.WeightStart.Kind != want {
			t.Errorf("N = %d starts %q, want %q", n, c.WeightStart.Kind, want)
		}
	}
	c := Default(400)
	if err := DecodeConfig([]byte(`{"weight_start": {"kind": "data", "floor": 0.1}}`), &c); err != nil {
		t.Fatal(err)
	}
	c.Neurons = 100
	c.Settle()
	if c.WeightStart != (WeightStart{Kind: StartData, Floor: 0.1}) {
		t.Fatalf("the file's start became %+v", c.WeightStart)
	}
	c = Default(400)
	c.Neurons = 6400
	c.Settle()
	if c.WeightStart.Kind != StartData {
		t.Fatalf("resized to 6400 neurons, the start is %+v", c.WeightStart)
	}
}

func TestStartValidates(t *testing.T) {
	for _, tc := range []struct {
		s    WeightStart
		want string
	}{
		{WeightStart{Kind: "photo"}, `weight_start.kind must be "random", "data" or "grow", not "photo"`},
		{WeightStart{Kind: strings.Repeat("x", 1000)}, "(1000 bytes)"},
		{WeightStart{Kind: StartData, Floor: -0.1}, "weight_start.floor must be in [0, 1]"},
		{WeightStart{Kind: StartData, Floor: math.NaN()}, "weight_start.floor must be in [0, 1]"},
		{WeightStart{Kind: StartGrow, From: "r", Noise: 2}, "weight_start.noise must be in [0, 1]"},
		{WeightStart{Kind: StartGrow}, "needs weight_start.from"},
	} {
		c := Default(10)
		c.WeightStart = tc.s
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) || len(err.Error()) > 200 {
			t.Errorf("%+.60v: %v, want %q", tc.s, err, tc.want)
		}
	}
	c := Default(10)
	c.WeightStart = WeightStart{}
	if err := c.Validate(); err != nil {
		t.Fatalf("the zero start (configurations saved before it existed): %v", err)
	}
}
