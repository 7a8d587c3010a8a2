package learning

import "math"

// Exponential is the paper's exponential weight dependence (its Eq. 4):
// weights change only when their neuron fires,
//
//	Δw_ij = Eta·(x_pre,ij·e^(−Beta·w_ij) − XTar·e^(−Beta·(WMax − w_ij)))
//
// Beta sets how strongly the weight damps its own change; with a steady
// trace x a weight settles at WMax/2 + ln(x/XTar)/(2·Beta). Times in ms,
// weights unitless; weights stay in [0, WMax].
type Exponential struct {
	Presynaptic
	Eta  float64 `json:"eta"`   // learning rate
	XTar float64 `json:"x_tar"` // target presynaptic trace at a postsynaptic spike
	Beta float64 `json:"beta"`  // strength of the weight dependence
}

// DefaultExponential returns η = 1e-2 and x_tar = 0.4 (the constants the
// original code defines but does not use), Beta = 1 and normalisation, which
// measured best (see the README).
func DefaultExponential() *Exponential {
	return &Exponential{Presynaptic: paperPresynaptic(), Eta: 1e-2, XTar: 0.4, Beta: 1}
}

func init() { Register(func() Params { return DefaultExponential() }) }

func (p *Exponential) Name() string { return "exponential" }

func (p *Exponential) Validate() error {
	if err := p.validate(); err != nil {
		return err
	}
	return nonNegative("eta", p.Eta, "x_tar", p.XTar, "beta", p.Beta)
}

func (p *Exponential) Compile(dt float64, n int) Rule {
	return &exponentialRule{presynaptic: p.compile(dt, 0), eta: p.Eta, xTar: p.XTar, beta: p.Beta,
		decayAtZero: math.Exp(-p.Beta * p.WMax)}
}

type exponentialRule struct {
	presynaptic
	spikeOnly
	stateless
	eta, xTar, beta float64
	decayAtZero     float64 // e^(−Beta·(WMax − w)) at w = 0, where most weights sit
}

func (r *exponentialRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	wmax := float32(r.wMax)
	for i, x := range pre {
		k := i*n + int(j)
		v := float64(w[k])
		var d float64
		if v == 0 {
			d = r.eta * (float64(x) - r.xTar*r.decayAtZero) // e^0 = 1
		} else {
			d = r.eta * (float64(x)*math.Exp(-r.beta*v) - r.xTar*math.Exp(-r.beta*(r.wMax-v)))
		}
		w[k] = clip(float32(v+d), 0, wmax)
	}
}

func (p *Exponential) WithRates(f float64) Params {
	q := *p
	q.Eta = p.Eta * f
	return &q
}
