package learning

import (
	"math"
	"math/rand/v2"
	"testing"
)

// fire applies one postsynaptic spike of a one-neuron rule to weights w
// with presynaptic traces pre, the neuron's previous spike long ago.
func fire(r Rule, w []float32, pre ...float32) {
	r.Fire(w, 1, 0, 1000, -1<<60, pre)
}

func near(t *testing.T, what string, got float32, want float64) {
	t.Helper()
	if math.Abs(float64(got)-want) > 1e-7 {
		t.Errorf("%s: w = %.9f, want %.9f", what, got, want)
	}
}

func TestPowerLawByHand(t *testing.T) {
	r := DefaultPowerLaw().Compile(0.5, 1)
	w := []float32{0.5, 0.5, 0, 1, 1.2, 0.999}
	fire(r, w, 1.5, 0, 0, 1, 0, 50)
	near(t, "pre trace above x_tar", w[0], 0.5+1e-2*(1.5-0.4)*math.Pow(0.5, 0.2))
	near(t, "silent input", w[1], 0.5-1e-2*0.4*math.Pow(0.5, 0.2))
	near(t, "clipped at 0", w[2], 0)
	near(t, "no growth at w_max", w[3], 1)
	near(t, "above w_max after normalisation", w[4], 1)
	near(t, "clipped at w_max", w[5], 1)
	if _, add := r.PreTrace(); !add || r.ArrivalSpan(1e-8) >= 0 {
		t.Error("the power-law rule must add to its trace and ignore arrivals")
	}
}

func TestExponentialByHand(t *testing.T) {
	p := DefaultExponential()
	r := p.Compile(0.5, 1)
	b := p.Beta
	w := []float32{0, 1, 0.5, 1e-5, 0.9999}
	fire(r, w, 1, 0.4, 0.4, 0, 20)
	near(t, "at w = 0", w[0], 1e-2*(1-0.4*math.Exp(-b)))
	near(t, "at w = w_max", w[1], 1+1e-2*(0.4*math.Exp(-b)-0.4))
	near(t, "x = x_tar at w_max/2: no change", w[2], 0.5)
	near(t, "clipped at 0", w[3], 0)
	near(t, "clipped at w_max", w[4], 1)
}

func TestPrePostByHand(t *testing.T) {
	r := DefaultPrePost().Compile(0.5, 1)
	if err := r.SetState([]float32{2}); err != nil { // x_post = 2 just after a spike at step 0
		t.Fatal(err)
	}
	w := []float32{1, 0, 0.5, 0.0001}
	at := []Synapse{{0, 0}, {1, 0}, {2, 0}, {3, 0}}
	r.Arrive(w, 1, at, 10, []int64{0})
	x := 2 * math.Exp(-10*0.5/20)
	near(t, "depression at w_max", w[0], 1-1e-4*x)
	near(t, "no depression at w = 0", w[1], 0)
	near(t, "depression at w = 0.5", w[2], 0.5-1e-4*x*math.Pow(0.5, 0.2))
	w[3] = 1e-7
	r.Arrive(w[3:], 1, at[:1], 10, []int64{0})
	near(t, "clipped at 0", w[3], 0)
	// A spike at step 20: potentiation as the power-law rule; x_post then
	// is 2·e^(−20·dt/τ) + 1.
	w = []float32{0.5}
	r.Fire(w, 1, 0, 20, 0, []float32{1})
	near(t, "potentiation", w[0], 0.5+1e-2*0.6*math.Pow(0.5, 0.2))
	if got, want := r.State()[0], 2*math.Exp(-20*0.5/20)+1; math.Abs(float64(got)-want) > 1e-6 {
		t.Errorf("x_post after the spike %v, want %v", got, want)
	}
	if r.ArrivalSpan(1e-8) <= DefaultTriplet().Tabulate(0.5).ArrivalSpan(1e-8) {
		t.Error("the span must allow for a post trace above 1")
	}
	if err := r.SetState([]float32{1, 2}); err == nil {
		t.Error("state for two neurons accepted by a one-neuron rule")
	}
	if err := r.SetState([]float32{float32(math.NaN())}); err == nil {
		t.Error("NaN post trace accepted")
	}
}

func TestPlasticityJSON(t *testing.T) {
	p := DefaultPlasticity()
	if err := p.UnmarshalJSON([]byte(`{"rule": "power-law", "power-law": {"eta": 0.5}}`)); err != nil {
		t.Fatal(err)
	}
	pl, ok := p.Params.(*PowerLaw)
	if !ok || pl.Eta != 0.5 || pl.XTar != 0.4 {
		t.Fatalf("got %+v", p.Params)
	}
	b, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var q Plasticity
	if err := q.UnmarshalJSON(b); err != nil || *q.Params.(*PowerLaw) != *pl {
		t.Fatalf("round trip: %s → %+v (%v)", b, q.Params, err)
	}
	for _, bad := range []string{
		`{"rule": "hebb"}`,
		`{"rule": "power-law", "triplet": {}}`,
		`{"rule": "power-law", "power-law": {"beta": 1}}`,
		`{"rule": 3}`,
	} {
		q := DefaultPlasticity()
		if err := q.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		} else if q.Rule() != "triplet" {
			t.Errorf("%s: a failed decode changed the rule to %s", bad, q.Rule())
		}
	}
	for name, p := range map[string]Params{
		"power-law eta":    &PowerLaw{Presynaptic: Presynaptic{TauPre: 20, PreTrace: TraceAdd, WMax: 1}, Eta: -1},
		"exponential beta": &Exponential{Presynaptic: Presynaptic{TauPre: 20, PreTrace: TraceAdd, WMax: 1}, Beta: math.NaN()},
		"pre-post tau":     &PrePost{Presynaptic: Presynaptic{TauPre: 20, PreTrace: TraceAdd, WMax: 1}},
		"triplet trace":    &Triplet{TauPre: 20, TauPost1: 20, TauPost2: 40, PreTrace: "sum", WMax: 1},
	} {
		if err := (Plasticity{p}).Validate(); err == nil {
			t.Errorf("%s: invalid constants accepted", name)
		}
	}
	for _, name := range Rules() {
		p, _ := ForRule(name)
		if err := p.Validate(); err != nil {
			t.Errorf("defaults of %s: %v", name, err)
		}
	}
}

// TestFracPowIsPow: the shortcut gives math.Pow's own bits, for the
// weights' range and beyond, and falls back to it elsewhere.
func TestFracPowIsPow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := []float64{1, 0.5, 2, math.SmallestNonzeroFloat64, 1e-45, float64(math.SmallestNonzeroFloat32), 1 - 0x1p-24, 0x1p-24, 1e300}
	for k := 0; k < 200000; k++ {
		xs = append(xs, r.Float64()*1.5, float64(float32(r.Float64())), math.Exp(-40*r.Float64()))
	}
	for _, mu := range []float64{0.2, 0.1, 0.3, 0.4999, 1e-3, 0.5, 0.7, 1, 0, 2.5} {
		for _, x := range xs {
			if got, want := fracPow(x, mu), math.Pow(x, mu); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("fracPow(%v, %v) = %v, math.Pow %v", x, mu, got, want)
			}
		}
	}
}

// TestMaxWeightIsTheCompiledRules: every rule says its maximum weight
// without being compiled, and says the one its compiled form keeps to.
func TestMaxWeightIsTheCompiledRules(t *testing.T) {
	for _, name := range Rules() {
		p, err := ForRule(name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := p.Params.MaxWeight(), float64(p.Params.Compile(0.5, 4).WMax()); got != want || got <= 0 {
			t.Errorf("%s: MaxWeight %v, compiled WMax %v", name, got, want)
		}
	}
}
