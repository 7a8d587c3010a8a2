package learning

import (
	"fmt"
	"math"
)

// Triplet is the rule the original code runs (reference §1.8): a
// presynaptic trace set to 1 at each arrival, two postsynaptic traces set to
// 1 at each spike, and divisive normalisation, which the rule needs because
// it has no weight dependence of its own. Times in ms, weights unitless.
//
//	arrival at (i, j):  w_ij ← clip(w_ij − NuPre·post1_j)
//	neuron j fires:     w_ij ← clip(w_ij + NuPost·x_pre,ij·post2_j) for every i,
//	                    post2_j as it was just before this spike
type Triplet struct {
	TauPre    float64 `json:"tau_pre_ms"`   // presynaptic trace
	PreTrace  string  `json:"pre_trace"`    // "set": set to 1 per arrival (the code); "add": +1 (the paper)
	TauPost1  float64 `json:"tau_post1_ms"` // postsynaptic trace read by depression
	TauPost2  float64 `json:"tau_post2_ms"` // postsynaptic trace read by potentiation
	NuPre     float64 `json:"nu_pre"`       // depression rate
	NuPost    float64 `json:"nu_post"`      // potentiation rate
	WMin      float64 `json:"w_min"`
	WMax      float64 `json:"w_max"`
	Normalize bool    `json:"normalize"` // rescale before each presentation (the original does)
}

// DefaultTriplet returns the constants of the original code.
func DefaultTriplet() *Triplet {
	return &Triplet{TauPre: 20, PreTrace: TraceSet, TauPost1: 20, TauPost2: 40, NuPre: 1e-4, NuPost: 1e-2, WMin: 0, WMax: 1, Normalize: true}
}

func init() { Register(func() Params { return DefaultTriplet() }) }

func (p *Triplet) Name() string     { return "triplet" }
func (p *Triplet) Normalizes() bool { return p.Normalize }

// MaxWeight is w_max (Params).
func (p *Triplet) MaxWeight() float64 { return float64(float32(p.WMax)) }

func (p *Triplet) Validate() error {
	if err := positive("tau_pre_ms", p.TauPre, "tau_post1_ms", p.TauPost1, "tau_post2_ms", p.TauPost2); err != nil {
		return err
	}
	if err := nonNegative("nu_pre", p.NuPre, "nu_post", p.NuPost); err != nil {
		return err
	}
	if math.IsNaN(p.WMin) || math.IsInf(p.WMin, 0) || math.IsNaN(p.WMax) || math.IsInf(p.WMax, 0) || p.WMin > p.WMax {
		return fmt.Errorf("w_min %v and w_max %v must be finite, w_min ≤ w_max", p.WMin, p.WMax)
	}
	if err := checkWMax(p.WMax); err != nil {
		return err
	}
	return checkPreTrace(p.PreTrace)
}

func (p *Triplet) Compile(dt float64, n int) Rule { return p.Tabulate(dt) }

// Tabulate compiles the rule for time step dt (ms).
func (p *Triplet) Tabulate(dt float64) *TripletRule {
	return &TripletRule{
		Pre: NewTrace(p.TauPre, dt), Post1: NewTrace(p.TauPost1, dt), Post2: NewTrace(p.TauPost2, dt),
		nuPre: float32(p.NuPre), nuPost: float32(p.NuPost),
		wMin: float32(p.WMin), wMax: float32(p.WMax), add: p.PreTrace == TraceAdd,
	}
}

// TripletRule is Triplet compiled for one time step. Its traces are
// functions of the time since their last jump, so it keeps no state.
type TripletRule struct {
	Pre, Post1, Post2 Trace
	nuPre, nuPost     float32
	wMin, wMax        float32
	add               bool
}

// Depress is the update of a synapse when a presynaptic spike arrives, with
// post1 the postsynaptic trace at that moment.
func (r *TripletRule) Depress(w *float32, post1 float32) {
	*w = clip(*w-r.nuPre*post1, r.wMin, r.wMax)
}

// Potentiate is the update of a synapse when its postsynaptic neuron fires,
// with pre the synapse's presynaptic trace and post2 the postsynaptic slow
// trace just before the spike.
func (r *TripletRule) Potentiate(w *float32, pre, post2 float32) {
	*w = clip(*w+r.nuPost*pre*post2, r.wMin, r.wMax)
}

func (r *TripletRule) PreTrace() (Trace, bool) { return r.Pre, r.add }

func (r *TripletRule) ArrivalSpan(floor float64) int64 {
	return r.Post1.StepsBelow(float32(floor)) - 1
}

func (r *TripletRule) Arrive(w []float32, n int, at []Synapse, t int64, last []int64) {
	for _, e := range at {
		r.Depress(&w[int(e.I)*n+int(e.J)], r.Post1.At(t-last[e.J]))
	}
}

func (r *TripletRule) Fire(w []float32, n int, j int32, t, last int64, pre []float32) {
	post2 := r.Post2.At(t - last)
	for i, x := range pre {
		r.Potentiate(&w[i*n+int(j)], x, post2)
	}
}

func (r *TripletRule) WMax() float32              { return r.wMax }
func (r *TripletRule) State() []float32           { return nil }
func (r *TripletRule) SetState(s []float32) error { return noState(s) }

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

func (p *Triplet) WithRates(f float64) Params {
	q := *p
	q.NuPre, q.NuPost = p.NuPre*f, p.NuPost*f
	return &q
}
