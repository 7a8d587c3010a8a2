package learning

import "math"

// Params are the constants of the STDP rule; times in ms, weights unitless.
type Params struct {
	TauPre   float64 `json:"tau_pre_ms"`   // presynaptic trace
	TauPost1 float64 `json:"tau_post1_ms"` // postsynaptic trace read by depression
	TauPost2 float64 `json:"tau_post2_ms"` // postsynaptic trace read by potentiation
	NuPre    float64 `json:"nu_pre"`       // depression rate
	NuPost   float64 `json:"nu_post"`      // potentiation rate
	WMin     float64 `json:"w_min"`
	WMax     float64 `json:"w_max"`
}

// Default returns the constants of the original code.
func Default() Params {
	return Params{TauPre: 20, TauPost1: 20, TauPost2: 40, NuPre: 1e-4, NuPost: 1e-2, WMin: 0, WMax: 1}
}

// Rule is Params compiled for one time step.
type Rule struct {
	Pre, Post1, Post2 Trace
	nuPre, nuPost     float32
	wMin, wMax        float32
}

// Compile tabulates the traces for time step dt (ms).
func (p Params) Compile(dt float64) *Rule {
	return &Rule{
		Pre: NewTrace(p.TauPre, dt), Post1: NewTrace(p.TauPost1, dt), Post2: NewTrace(p.TauPost2, dt),
		nuPre: float32(p.NuPre), nuPost: float32(p.NuPost),
		wMin: float32(p.WMin), wMax: float32(p.WMax),
	}
}

// Depress is the update of a synapse when a presynaptic spike arrives, with
// post1 the postsynaptic trace at that moment.
func (r *Rule) Depress(w *float32, post1 float32) {
	*w = r.clip(*w - r.nuPre*post1)
}

// Potentiate is the update of a synapse when its postsynaptic neuron fires,
// with pre the synapse's presynaptic trace and post2 the postsynaptic slow
// trace just before the spike.
func (r *Rule) Potentiate(w *float32, pre, post2 float32) {
	*w = r.clip(*w + r.nuPost*pre*post2)
}

func (r *Rule) clip(w float32) float32 {
	return min(max(w, r.wMin), r.wMax)
}

// Trace is exp(−n·dt/τ) tabulated over n steps since the trace was set to 1.
type Trace []float32

// traceFloor ends a trace table: below it a trace counts as 0. Its effect
// on a weight (< 1e-32) is far below float32 resolution, and it keeps the
// arithmetic out of the slow subnormal range.
const traceFloor = 1e-30

// NewTrace tabulates the decay until it falls below traceFloor.
func NewTrace(tau, dt float64) Trace {
	var t Trace
	for n := 0; ; n++ {
		v := math.Exp(-float64(n) * dt / tau)
		if v < traceFloor {
			return t
		}
		t = append(t, float32(v))
	}
}

// At returns the trace n steps after it was set; 0 for n beyond the table,
// and so for a trace that was never set (n measured from layers.NoSpike).
func (t Trace) At(n int64) float32 {
	if uint64(n) < uint64(len(t)) {
		return t[n]
	}
	return 0
}

// StepsBelow returns the first n at which the trace is below eps.
func (t Trace) StepsBelow(eps float32) int64 {
	for n, v := range t {
		if v < eps {
			return int64(n)
		}
	}
	return int64(len(t))
}
