package cpu

import (
	"fmt"

	"spikemnist/learning"
	"spikemnist/network"
)

// fading is a fifth rule, defined here only to show that a rule is one
// definition plus one reference, with no change to the engine: a Hebbian
// step at every postsynaptic spike, w += Eta·x_pre, and a decay of every
// weight by the factor Keep at the start of each presentation.
type fading struct {
	Eta  float64 `json:"eta"`
	Keep float64 `json:"keep"`
}

type fadingRule struct {
	pre       learning.Trace
	eta, keep float32
}

func init() {
	learning.Register(func() learning.Params { return &fading{Eta: 1e-3, Keep: 0.999} })
	refRules["fading (test)"] = func(cfg *network.Config, n int) refRule {
		p := cfg.Plasticity.Params.(*fading)
		return refFading{learning.NewTrace(20, cfg.Dt), float32(p.Eta), float32(p.Keep)}
	}
}

func (p *fading) Name() string       { return "fading (test)" }
func (p *fading) Normalizes() bool   { return false }
func (p *fading) MaxWeight() float64 { return 1 }
func (p *fading) Validate() error {
	if !(p.Keep > 0 && p.Keep <= 1) {
		return fmt.Errorf("keep must be in (0, 1], not %v", p.Keep)
	}
	return nil
}
func (p *fading) Compile(dt float64, n int) learning.Rule {
	return &fadingRule{learning.NewTrace(20, dt), float32(p.Eta), float32(p.Keep)}
}

func (r *fadingRule) PreTrace() (learning.Trace, bool)                          { return r.pre, true }
func (r *fadingRule) ArrivalSpan(float64) int64                                 { return -1 }
func (r *fadingRule) Arrive([]float32, int, []learning.Synapse, int64, []int64) {}
func (r *fadingRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	for i, x := range pre {
		k := i*n + int(j)
		w[k] = min(w[k]+r.eta*x, 1)
	}
}
func (r *fadingRule) StartPresentation(w []float32, n int) {
	for k := range w {
		w[k] *= r.keep
	}
}
func (r *fadingRule) WMax() float32              { return 1 }
func (r *fadingRule) State() []float32           { return nil }
func (r *fadingRule) SetState(s []float32) error { return nil }

// refFading is its literal reference.
type refFading struct {
	pre       learning.Trace
	eta, keep float32
}

func (r refFading) preTrace() (learning.Trace, bool)         { return r.pre, true }
func (r refFading) actsOnArrival() bool                      { return false }
func (r refFading) arrive(*float32, int, int64, int64)       {}
func (r refFading) fire(w *float32, pre float32, _, _ int64) { *w = min(*w+r.eta*pre, 1) }
func (r refFading) fired(int, int64, int64)                  {}
func (r refFading) startPresentation(w []float32) {
	for k := range w {
		w[k] *= r.keep
	}
}
