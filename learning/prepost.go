package learning

import (
	"fmt"
	"math"
)

// PrePost is the paper's symmetric rule (its Eqs. 5–6): a postsynaptic
// trace x_post, raised by 1 at each spike of the neuron, depresses at every
// arrival, and the power-law term potentiates at every postsynaptic spike:
//
//	arrival at (i, j):  Δw_ij = −EtaPre·x_post,j·w_ij^Mu
//	neuron j fires:     Δw_ij = EtaPost·(x_pre,ij − XTar)·(WMax − w_ij)^Mu
//
// x_post is read before a spike of the same step. Times in ms, weights
// unitless; weights stay in [0, WMax].
type PrePost struct {
	Presynaptic
	TauPost float64 `json:"tau_post_ms"` // postsynaptic trace
	EtaPre  float64 `json:"eta_pre"`     // depression rate
	EtaPost float64 `json:"eta_post"`    // potentiation rate
	XTar    float64 `json:"x_tar"`       // target presynaptic trace at a postsynaptic spike
	Mu      float64 `json:"mu"`          // weight-dependence exponent
}

// DefaultPrePost returns the original code's rates (η_pre = 1e-4,
// η_post = 1e-2) and its unused x_tar = 0.4 and μ = 0.2, normalised: 3
// points better at 400 neurons, though 1.8 worse at 100 (see the README).
func DefaultPrePost() *PrePost {
	return &PrePost{Presynaptic: paperPresynaptic(), TauPost: 20, EtaPre: 1e-4, EtaPost: 1e-2, XTar: 0.4, Mu: 0.2}
}

func init() { Register(func() Params { return DefaultPrePost() }) }

func (p *PrePost) Name() string { return "pre-post" }

func (p *PrePost) Validate() error {
	if err := p.validate(); err != nil {
		return err
	}
	if err := positive("tau_post_ms", p.TauPost); err != nil {
		return err
	}
	return nonNegative("eta_pre", p.EtaPre, "eta_post", p.EtaPost, "x_tar", p.XTar, "mu", p.Mu)
}

func (p *PrePost) Compile(dt float64, n int) Rule {
	return &prePostRule{
		presynaptic: p.compile(dt, p.Mu), post: NewTrace(p.TauPost, dt),
		etaPre: p.EtaPre, etaPost: p.EtaPost, xTar: p.XTar, mu: p.Mu,
		xPost: make([]float32, n),
	}
}

type prePostRule struct {
	presynaptic
	post            Trace
	etaPre, etaPost float64
	xTar, mu        float64
	xPost           []float32 // each neuron's post trace just after its last spike
}

// ArrivalSpan bounds x_post by its value under a spike every step,
// 1/(1 − e^(−dt/τ)), since an incremented trace can exceed 1.
func (r *prePostRule) ArrivalSpan(floor float64) int64 {
	bound := 1 / (1 - float64(r.post.At(1)))
	return r.post.StepsBelow(float32(floor/bound)) - 1
}

func (r *prePostRule) Arrive(w []float32, n int, at []Synapse, t int64, last []int64) {
	for _, e := range at {
		k := int(e.I)*n + int(e.J)
		v := float64(w[k])
		if v == 0 && r.atMax == 0 {
			continue // w^Mu = 0: no change
		}
		x := r.xPost[e.J] * r.post.At(t-last[e.J])
		d := r.etaPre * float64(x) * fracPow(v, r.mu)
		w[k] = clip(float32(v-d), 0, float32(r.wMax))
	}
}

func (r *prePostRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	wmax := float32(r.wMax)
	for i, x := range pre {
		k := i*n + int(j)
		d := r.etaPost * (float64(x) - r.xTar) * r.dependence(float64(w[k]), r.mu)
		w[k] = clip(float32(float64(w[k])+d), 0, wmax)
	}
	r.xPost[j] = Accumulate(r.xPost[j], r.post.At(t-last))
}

func (r *prePostRule) State() []float32 { return append([]float32(nil), r.xPost...) }

func (r *prePostRule) SetState(s []float32) error {
	if len(s) != len(r.xPost) {
		return fmt.Errorf("pre-post rule state has %d values, want %d", len(s), len(r.xPost))
	}
	for j, x := range s {
		if !(x >= 0) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("pre-post rule state: post trace of neuron %d is %v", j, x)
		}
	}
	copy(r.xPost, s)
	return nil
}

func (p *PrePost) WithRates(f float64) Params {
	q := *p
	q.EtaPre, q.EtaPost = p.EtaPre*f, p.EtaPost*f
	return &q
}
