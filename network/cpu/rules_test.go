package cpu

import (
	"fmt"
	"math"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/learning"
	"spikemnist/network"
)

// TestRulesMatchReference runs every learning rule in the fast engine and
// in refSim, with its literal reference, on real digits: spikes, counts,
// weights and θ must be identical.
func TestRulesMatchReference(t *testing.T) {
	train := datasettest.Load(t, "train")
	rule := func(name string, edit func(learning.Params)) func(*network.Config) {
		return func(c *network.Config) {
			p, err := learning.ForRule(name)
			if err != nil {
				t.Fatal(err)
			}
			if edit != nil {
				edit(p.Params)
			}
			c.Plasticity = p
		}
	}
	cases := []struct {
		name    string
		edit    func(*network.Config)
		floor   bool // keep the default depression floor (else 0: exact)
		maxDiff float64
		workers int
	}{
		{name: "power-law", edit: rule("power-law", nil)},
		{name: "power-law normalised", edit: rule("power-law", func(p learning.Params) { p.(*learning.PowerLaw).Normalize = true })},
		{name: "power-law, trace set to 1", edit: rule("power-law", func(p learning.Params) { p.(*learning.PowerLaw).PreTrace = learning.TraceSet })},
		{name: "power-law on three workers", edit: rule("power-law", nil), workers: 3},
		{name: "exponential", edit: rule("exponential", nil)},
		{name: "exponential normalised", edit: rule("exponential", func(p learning.Params) { p.(*learning.Exponential).Normalize = true })},
		{name: "pre-post", edit: rule("pre-post", nil)},
		{name: "pre-post, not normalised", edit: rule("pre-post", func(p learning.Params) { p.(*learning.PrePost).Normalize = false })},
		{name: "pre-post normalised over w_max", edit: func(c *network.Config) {
			rule("pre-post", func(p learning.Params) { p.(*learning.PrePost).Normalize = true })(c)
			c.NormTotal = 400
		}},
		{name: "pre-post default floor", edit: rule("pre-post", nil), floor: true, maxDiff: 1e-5},
		{name: "pre-post on three workers", edit: rule("pre-post", nil), workers: 3},
		{name: "pre-post on schedules (its state carried through the rates' changes)", edit: func(c *network.Config) {
			rule("pre-post", nil)(c)
			c.Schedule = testSchedule
		}},
		{name: "power-law on schedules", edit: func(c *network.Config) {
			rule("power-law", nil)(c)
			c.Schedule = testSchedule
		}},
		{name: "a fifth rule, defined in the tests, acting at the start of presentations", edit: rule("fading (test)", nil)},
		{name: "the fifth rule on three workers", edit: rule("fading (test)", nil), workers: 3},
		{name: "triplet, trace incremented", edit: rule("triplet", func(p learning.Params) { p.(*learning.Triplet).PreTrace = learning.TraceAdd })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := network.Default(30)
			if tc.workers > 0 {
				cfg.Neurons = 67
			}
			cfg.Seed = 7
			tc.edit(&cfg)
			if !tc.floor {
				cfg.DepressionFloor = 0
			}
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			mFast, mRef := network.NewModel(&cfg, dataset.Pixels), network.NewModel(&cfg, dataset.Pixels)
			fast, ref := NewSim(&cfg, mFast, true), newRefSim(&cfg, mRef, true)
			if tc.workers > 0 {
				fast.SetWorkers(tc.workers)
				defer fast.Close()
			}
			var logF, logR []spikeEvent
			fast.Observe, ref.observe = recorder(&logF), recorder(&logR)
			cF, cR := make([]int32, cfg.Neurons), make([]int32, cfg.Neurons)
			for k := 0; k < 12; k++ {
				oF := fast.Present(train.Image(k), network.PurposeTrain, uint64(k), cF)
				oR := ref.present(train.Image(k), network.PurposeTrain, uint64(k), cR)
				if oF != oR {
					t.Fatalf("example %d: outcome %+v, reference %+v", k, oF, oR)
				}
				if fmt.Sprint(cF) != fmt.Sprint(cR) {
					t.Fatalf("example %d: counts %v, reference %v", k, cF, cR)
				}
			}
			if len(logF) != len(logR) {
				t.Fatalf("%d spikes, reference %d", len(logF), len(logR))
			}
			for n := range logF {
				if logF[n] != logR[n] {
					t.Fatalf("spike %d: %+v, reference %+v", n, logF[n], logR[n])
				}
			}
			var worst float64
			changed, zeros := 0, 0
			init := network.NewModel(&cfg, dataset.Pixels)
			for k := range mFast.W {
				worst = max(worst, math.Abs(float64(mFast.W[k]-mRef.W[k])))
				if mFast.W[k] != init.W[k] {
					changed++
				}
				if mFast.W[k] == 0 {
					zeros++ // the rules' shortcut for w = 0 is exercised
				}
			}
			if worst > tc.maxDiff {
				t.Fatalf("weights differ by up to %g, allowed %g", worst, tc.maxDiff)
			}
			if changed < len(mFast.W)/10 {
				t.Fatalf("only %d of %d weights changed: the rule did not learn", changed, len(mFast.W))
			}
			for j := range mFast.Theta {
				if fast.exc.Theta[j] != ref.exc.Theta[j] {
					t.Fatalf("θ of neuron %d: %v, reference %v", j, fast.exc.Theta[j], ref.exc.Theta[j])
				}
			}
			weightDependent := map[string]bool{"power-law": true, "exponential": true, "pre-post": true}
			if zeros == 0 && weightDependent[cfg.Plasticity.Rule()] {
				t.Fatal("no weight reached 0: the case does not exercise the rules at w = 0")
			}
			t.Logf("%d spike events identical, %d weights changed (%d to 0), max difference %g", len(logF), changed, zeros, worst)
		})
	}
}

// TestRulesByHand drives one synapse of a one-neuron network through two
// arrivals (steps 13 and 23), postsynaptic spikes at 23 (a tie with the
// second arrival) and 40, and a last arrival at 53, and compares the weight
// with each rule computed by hand: an incremented trace is 1 + e^(−Δt/τ)
// after the second arrival, the tie's spike sees that arrival, and an
// arrival in the step of a spike reads the post trace before it.
func TestRulesByHand(t *testing.T) {
	const dt = 0.5
	e := func(steps, tau float64) float64 { return math.Exp(-steps * dt / tau) }
	powerLaw := func(w, eta, x float64) float64 { return w + eta*(x-0.4)*math.Pow(1-w, 0.2) }
	xAt23 := 1 + e(10, 20)     // two arrivals, 10 steps apart
	xAt40 := xAt23 * e(17, 20) // decayed to the second spike
	beta := learning.DefaultExponential().Beta
	cases := []struct {
		rule       string
		want       func() float64 // weight of the driven synapse
		wantSilent func() float64 // weight of an input that never fires (0.01)
	}{
		{"power-law", func() float64 {
			return powerLaw(powerLaw(0.5, 1e-2, xAt23), 1e-2, xAt40)
		}, func() float64 { return powerLaw(powerLaw(0.01, 1e-2, 0), 1e-2, 0) }},
		{"exponential", func() float64 {
			f := func(w, x float64) float64 { return w + 1e-2*(x*math.Exp(-beta*w)-0.4*math.Exp(-beta*(1-w))) }
			return f(f(0.5, xAt23), xAt40)
		}, func() float64 {
			f := func(w float64) float64 { return w - 1e-2*0.4*math.Exp(-beta*(1-w)) }
			return f(f(0.01))
		}},
		{"pre-post", func() float64 {
			// Arrivals at 13 and 23 find x_post = 0 (the spike at 23
			// comes after them); at 53, x_post = (e^(−17·dt/τ) + 1)·e^(−13·dt/τ).
			w := powerLaw(powerLaw(0.5, 1e-2, xAt23), 1e-2, xAt40)
			return w - 1e-4*(e(17, 20)+1)*e(13, 20)*math.Pow(w, 0.2)
		}, func() float64 { return powerLaw(powerLaw(0.01, 1e-2, 0), 1e-2, 0) }},
		{"triplet", func() float64 {
			// The trace is set to 1: the tie's spike sees 1 but post2 = 0;
			// at 40, pre = e^(−17·dt/τ), post2 = e^(−17·dt/40).
			w := 0.5 + 1e-2*e(17, 20)*e(17, 40)
			return w - 1e-4*e(13, 20)
		}, func() float64 { return 0.01 }},
	}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			cfg := network.Default(1)
			p, err := learning.ForRule(tc.rule)
			if err != nil {
				t.Fatal(err)
			}
			cfg.Plasticity = p
			m, s, fired := oneSynapse(&cfg)
			drive(s, 60, map[int64]bool{10: true, 20: true, 50: true}, map[int64]bool{23: true, 40: true})
			if fmt.Sprint(*fired) != "[23 40]" {
				t.Fatalf("neuron fired at %v, want [23 40]", *fired)
			}
			if got, want := float64(m.W[0]), tc.want(); math.Abs(got-want) > 1e-6 {
				t.Errorf("driven synapse: w = %.9f, want %.9f", got, want)
			}
			if got, want := float64(m.W[1]), tc.wantSilent(); math.Abs(got-want) > 1e-7 {
				t.Errorf("silent input: w = %.9f, want %.9f", got, want)
			}
		})
	}
}
