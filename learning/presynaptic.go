package learning

import (
	"fmt"
	"math"
)

// Presynaptic holds the constants the paper's three rules share: the
// presynaptic trace, the weight bound, and whether a run normalises. Rules
// embed it, so its fields sit beside theirs in a configuration.
type Presynaptic struct {
	TauPre    float64 `json:"tau_pre_ms"` // presynaptic trace, ms
	PreTrace  string  `json:"pre_trace"`  // "add": +1 per arrival (the paper); "set": set to 1 (the code)
	WMax      float64 `json:"w_max"`
	Normalize bool    `json:"normalize"` // rescale before each presentation
}

// paperPresynaptic is the paper's trace (τ = 20 ms, incremented) with
// w_max = 1 and normalisation, the defaults of its three rules.
func paperPresynaptic() Presynaptic {
	return Presynaptic{TauPre: 20, PreTrace: TraceAdd, WMax: 1, Normalize: true}
}

func (p *Presynaptic) Normalizes() bool { return p.Normalize }

// MaxWeight is w_max (Params).
func (p *Presynaptic) MaxWeight() float64 { return float64(float32(p.WMax)) }

func (p *Presynaptic) validate() error {
	if err := positive("tau_pre_ms", p.TauPre, "w_max", p.WMax); err != nil {
		return err
	}
	if err := checkWMax(p.WMax); err != nil {
		return err
	}
	return checkPreTrace(p.PreTrace)
}

// compile tabulates the trace and notes what a rule's updates need: the
// bound, and the dependence (WMax − w)^mu at w = 0 and at w ≥ WMax.
func (p *Presynaptic) compile(dt, mu float64) presynaptic {
	return presynaptic{
		pre: NewTrace(p.TauPre, dt), add: p.PreTrace == TraceAdd, wMax: p.WMax,
		atZero: math.Pow(p.WMax, mu), atMax: math.Pow(0, mu),
	}
}

// presynaptic is the compiled part that the rules share.
type presynaptic struct {
	pre           Trace
	add           bool
	wMax          float64
	atZero, atMax float64 // (WMax − w)^mu at w = 0 and w ≥ WMax; atMax is also 0^mu
}

func (r *presynaptic) PreTrace() (Trace, bool) { return r.pre, r.add }
func (r *presynaptic) WMax() float32           { return float32(r.wMax) }

// dependence is (WMax − w)^mu, the distance to WMax read as 0 above it
// (normalisation may leave w above WMax, where a fractional power has no
// value). Most weights of the weight-dependent rules sit at 0 or WMax, where
// it returns the powers computed once, the same values math.Pow gives.
func (r *presynaptic) dependence(w, mu float64) float64 {
	switch {
	case w == 0:
		return r.atZero
	case w >= r.wMax:
		return r.atMax
	}
	return fracPow(r.wMax-w, mu)
}

// fracPow is math.Pow(x, mu) for x > 0. For 0 < mu < 0.5, math.Pow computes
// exactly math.Exp(mu·math.Log(x)) (its fractional-exponent path, with no
// integer part to multiply in); fracPow does the same without the special
// cases and the bookkeeping around them, which cost a quarter of its time.
// TestFracPowIsPow checks that the two agree bit for bit.
func fracPow(x, mu float64) float64 {
	if mu > 0 && mu < 0.5 && x > 0 && x < math.Inf(1) && x != 1 {
		return math.Exp(mu * math.Log(x))
	}
	return math.Pow(x, mu)
}

// spikeOnly is embedded by rules that act only on postsynaptic spikes.
type spikeOnly struct{}

func (spikeOnly) ArrivalSpan(float64) int64                        { return -1 }
func (spikeOnly) Arrive([]float32, int, []Synapse, int64, []int64) {}

// stateless is embedded by rules that keep no state of their own.
type stateless struct{}

func (stateless) State() []float32           { return nil }
func (stateless) SetState(s []float32) error { return noState(s) }

func noState(s []float32) error {
	if len(s) != 0 {
		return fmt.Errorf("rule keeps no state, got %d values", len(s))
	}
	return nil
}
