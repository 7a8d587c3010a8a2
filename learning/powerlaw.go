package learning

import "math"

// PowerLaw is the paper's headline rule (its Eq. 3): weights change only
// when their neuron fires,
//
//	Δw_ij = Eta·(x_pre,ij − XTar)·(WMax − w_ij)^Mu
//
// so inputs whose trace is below XTar at a postsynaptic spike lose weight,
// and the factor (WMax − w)^Mu slows growth near WMax. Times in ms, weights
// unitless; weights stay in [0, WMax].
type PowerLaw struct {
	TauPre    float64 `json:"tau_pre_ms"` // presynaptic trace
	PreTrace  string  `json:"pre_trace"`  // "add": +1 per arrival (the paper); "set": set to 1 (the code)
	Eta       float64 `json:"eta"`        // learning rate
	XTar      float64 `json:"x_tar"`      // target presynaptic trace at a postsynaptic spike
	Mu        float64 `json:"mu"`         // weight-dependence exponent
	WMax      float64 `json:"w_max"`
	Normalize bool    `json:"normalize"` // rescale before each presentation
}

// DefaultPowerLaw returns the constants the original code defines but does
// not use: η = ν_post = 1e-2, x_tar = 0.4, μ = 0.2; normalised, which
// measured better (see the README).
func DefaultPowerLaw() *PowerLaw {
	return &PowerLaw{TauPre: 20, PreTrace: TraceAdd, Eta: 1e-2, XTar: 0.4, Mu: 0.2, WMax: 1, Normalize: true}
}

func init() { Register(func() Params { return DefaultPowerLaw() }) }

func (p *PowerLaw) Name() string     { return "power-law" }
func (p *PowerLaw) Normalizes() bool { return p.Normalize }

func (p *PowerLaw) Validate() error {
	if err := positive("tau_pre_ms", p.TauPre, "w_max", p.WMax); err != nil {
		return err
	}
	if err := nonNegative("eta", p.Eta, "x_tar", p.XTar, "mu", p.Mu); err != nil {
		return err
	}
	return checkPreTrace(p.PreTrace)
}

func (p *PowerLaw) Compile(dt float64, n int) Rule {
	return &powerLawRule{pre: NewTrace(p.TauPre, dt), add: p.PreTrace == TraceAdd, eta: p.Eta, xTar: p.XTar, mu: p.Mu, wMax: p.WMax,
		atZero: math.Pow(p.WMax, p.Mu), atMax: math.Pow(0, p.Mu)}
}

type powerLawRule struct {
	pre           Trace
	add           bool
	eta, xTar, mu float64
	wMax          float64
	atZero, atMax float64 // (WMax − w)^Mu at w = 0 and w ≥ WMax
}

func (r *powerLawRule) PreTrace() (Trace, bool)                          { return r.pre, r.add }
func (r *powerLawRule) ArrivalSpan(float64) int64                        { return -1 }
func (r *powerLawRule) Arrive([]float32, int, []Synapse, int64, []int64) {}

func (r *powerLawRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	wmax := float32(r.wMax)
	for i, x := range pre {
		k := i*n + int(j)
		d := r.eta * (float64(x) - r.xTar) * dependence(float64(w[k]), r.wMax, r.mu, r.atZero, r.atMax)
		w[k] = clip(float32(float64(w[k])+d), 0, wmax)
	}
}

func (r *powerLawRule) WMax() float32              { return float32(r.wMax) }
func (r *powerLawRule) State() []float32           { return nil }
func (r *powerLawRule) SetState(s []float32) error { return noState(s) }

// dependence is (wmax − w)^mu, the distance to wmax read as 0 above it
// (normalisation may leave w above wmax, where a fractional power has no
// value). Most weights of the weight-dependent rules sit at 0 or wmax, where
// it returns the powers computed once, the same values math.Pow gives.
func dependence(w, wmax, mu, atZero, atMax float64) float64 {
	switch {
	case w == 0:
		return atZero
	case w >= wmax:
		return atMax
	}
	return fracPow(wmax-w, mu)
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
