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
	TauPre    float64 `json:"tau_pre_ms"` // presynaptic trace
	PreTrace  string  `json:"pre_trace"`  // "add" (the paper) or "set" (the code)
	Eta       float64 `json:"eta"`        // learning rate
	XTar      float64 `json:"x_tar"`      // target presynaptic trace at a postsynaptic spike
	Beta      float64 `json:"beta"`       // strength of the weight dependence
	WMax      float64 `json:"w_max"`
	Normalize bool    `json:"normalize"` // rescale before each presentation
}

// DefaultExponential returns η = 1e-2 and x_tar = 0.4 (the constants the
// original code defines but does not use), Beta = 1 and normalisation, which
// measured best (see the README).
func DefaultExponential() *Exponential {
	return &Exponential{TauPre: 20, PreTrace: TraceAdd, Eta: 1e-2, XTar: 0.4, Beta: 1, WMax: 1, Normalize: true}
}

func init() { Register(func() Params { return DefaultExponential() }) }

func (p *Exponential) Name() string     { return "exponential" }
func (p *Exponential) Normalizes() bool { return p.Normalize }

func (p *Exponential) Validate() error {
	if err := positive("tau_pre_ms", p.TauPre, "w_max", p.WMax); err != nil {
		return err
	}
	if err := nonNegative("eta", p.Eta, "x_tar", p.XTar, "beta", p.Beta); err != nil {
		return err
	}
	return checkPreTrace(p.PreTrace)
}

func (p *Exponential) Compile(dt float64, n int) Rule {
	return &exponentialRule{pre: NewTrace(p.TauPre, dt), add: p.PreTrace == TraceAdd, eta: p.Eta, xTar: p.XTar, beta: p.Beta, wMax: p.WMax,
		atZero: math.Exp(-p.Beta * p.WMax)}
}

type exponentialRule struct {
	pre             Trace
	add             bool
	eta, xTar, beta float64
	wMax            float64
	atZero          float64 // e^(−Beta·(WMax − w)) at w = 0, where most weights sit
}

func (r *exponentialRule) PreTrace() (Trace, bool)                          { return r.pre, r.add }
func (r *exponentialRule) ArrivalSpan(float64) int64                        { return -1 }
func (r *exponentialRule) Arrive([]float32, int, []Synapse, int64, []int64) {}

func (r *exponentialRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	wmax := float32(r.wMax)
	for i, x := range pre {
		k := i*n + int(j)
		v := float64(w[k])
		var d float64
		if v == 0 {
			d = r.eta * (float64(x) - r.xTar*r.atZero) // e^0 = 1
		} else {
			d = r.eta * (float64(x)*math.Exp(-r.beta*v) - r.xTar*math.Exp(-r.beta*(r.wMax-v)))
		}
		w[k] = clip(float32(v+d), 0, wmax)
	}
}

func (r *exponentialRule) WMax() float32              { return float32(r.wMax) }
func (r *exponentialRule) State() []float32           { return nil }
func (r *exponentialRule) SetState(s []float32) error { return noState(s) }
