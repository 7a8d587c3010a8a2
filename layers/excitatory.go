package layers

import "spikemnist/internal/lines"

// ExcParams are the constants of the excitatory population. Potentials are
// in mV, times in ms; conductances are in units of the leak conductance.
//
//	τ dv/dt = (VRest − v) + g_e (EExc − v) + g_i (EInh − v)
//	dg_e/dt = −g_e/TauGe,  dg_i/dt = −g_i/TauGi,  dθ/dt = −θ/TauTheta
//
// A neuron fires when v > θ − Offset + VThresh and its refractory period has
// passed; then v ← VReset and, while learning, θ ← θ + ThetaPlus.
type ExcParams struct {
	Tau        float64 `json:"tau_ms"`        // membrane time constant, ms
	VRest      float64 `json:"v_rest_mv"`     // resting potential, mV
	VReset     float64 `json:"v_reset_mv"`    // potential after a spike, mV
	VThresh    float64 `json:"v_thresh_mv"`   // base threshold, mV
	Offset     float64 `json:"offset_mv"`     // subtracted from θ in the threshold, mV
	EExc       float64 `json:"e_exc_mv"`      // excitatory reversal potential, mV
	EInh       float64 `json:"e_inh_mv"`      // inhibitory reversal potential, mV
	TauGe      float64 `json:"tau_ge_ms"`     // excitatory conductance decay, ms
	TauGi      float64 `json:"tau_gi_ms"`     // inhibitory conductance decay, ms
	Refractory float64 `json:"refractory_ms"` // spikes blocked after a spike, ms
	VInit      float64 `json:"v_init_mv"`     // potential at the very start, mV
	ThetaInit  float64 `json:"theta_init_mv"` // initial adaptive threshold, mV
	ThetaPlus  float64 `json:"theta_plus_mv"` // θ increment per spike while learning, mV
	TauTheta   float64 `json:"tau_theta_ms"`  // θ decay while learning, ms
}

// DefaultExc returns the constants of the original code.
func DefaultExc() ExcParams {
	return ExcParams{
		Tau: 100, VRest: -65, VReset: -65, VThresh: -52, Offset: 20,
		EExc: 0, EInh: -100, TauGe: 1, TauGi: 2, Refractory: 5,
		VInit: -105, ThetaInit: 20, ThetaPlus: 0.05, TauTheta: 1e7,
	}
}

// ExcState is the state of n excitatory neurons.
type ExcState struct {
	V, Ge, Gi []float32 // membrane potential (mV) and conductances
	Theta     []float64 // adaptive threshold, mV; float64 because its decay per step (5e-8) is below float32 resolution
	LastSpike []int64   // step of the last spike, NoSpike if none

	fired, stiff []uint8   // scratch of the vector step: one byte per 8 neurons
	noInput      []float32 // all zero: the input row of callers that pass none
}

// NewExcState returns n neurons in the initial state of a run.
func NewExcState(p ExcParams, n int) ExcState {
	s := ExcState{
		V: make([]float32, n), Ge: make([]float32, n), Gi: make([]float32, n),
		Theta: make([]float64, n), LastSpike: make([]int64, n),
		fired: make([]uint8, n/8+1), stiff: make([]uint8, n/8+1), noInput: make([]float32, n),
	}
	for j := range s.V {
		s.V[j] = float32(p.VInit)
		s.Theta[j] = p.ThetaInit
		s.LastSpike[j] = NoSpike
	}
	return s
}

// View returns neurons lo … hi−1 of s as a state of their own, numbered
// from 0: its V, Ge, Gi, Theta and LastSpike share s's memory, and it has
// its own scratch for the vector step, on cache lines of its own. Views of
// disjoint ranges can be integrated on different goroutines without their
// scratch bouncing between the cores (the vector step writes a byte of it
// per 8 neurons).
func (s *ExcState) View(lo, hi int) ExcState {
	groups := ((hi-lo)/8 + 1 + 63) &^ 63 // whole cache lines (the allocator's classes of multiples of 64 bytes start on one)
	return ExcState{
		V: s.V[lo:hi:hi], Ge: s.Ge[lo:hi:hi], Gi: s.Gi[lo:hi:hi], Theta: s.Theta[lo:hi:hi], LastSpike: s.LastSpike[lo:hi:hi],
		fired: make([]uint8, groups), stiff: make([]uint8, groups), noInput: make([]float32, hi-lo),
	}
}

// Detach is View with V, Ge, Gi and Theta in memory of the view's own, on
// cache lines apart from any other, holding copies of s's (see Load and
// Store); LastSpike, written only when a neuron fires, stays s's. Views of
// one population integrated on different cores in step with each other
// should be detached: even when the ranges start on lines of their own,
// the cores' prefetchers pull each other's neighbouring lines, which then
// move between the cores in every step (two halves of a 1600-neuron
// network, frozen, stepped at once on the two cores of an AMD EPYC:
// 2.2 ms per example each on state of their own, 3.0 ms with these arrays
// shared).
func (s *ExcState) Detach(lo, hi int) ExcState {
	n := hi - lo
	d := s.View(lo, hi)
	d.V, d.Ge, d.Gi = lines.Make[float32](n), lines.Make[float32](n), lines.Make[float32](n)
	d.Theta = lines.Make[float64](n)
	d.Load(s, lo)
	return d
}

// Load copies neurons lo … of s into d, a view of s from Detach.
func (d *ExcState) Load(s *ExcState, lo int) { d.transfer(s, lo, true) }

// Store copies d, a view of s from Detach, back into s's neurons lo ….
func (d *ExcState) Store(s *ExcState, lo int) { d.transfer(s, lo, false) }

func (d *ExcState) transfer(s *ExcState, lo int, load bool) {
	transfer(d.V, s.V, lo, load)
	transfer(d.Ge, s.Ge, lo, load)
	transfer(d.Gi, s.Gi, lo, load)
	transfer(d.Theta, s.Theta, lo, load)
}

// transfer copies a population's values of neurons lo … into those of a
// detached view (load), or the view's back into the population's.
func transfer[T any](view, pop []T, lo int, load bool) {
	pop = pop[lo : lo+len(view)]
	if load {
		copy(view, pop)
	} else {
		copy(pop, view)
	}
}

// ExcKernel is ExcParams compiled for one time step.
type ExcKernel struct {
	kv, fge, fgi      float32 // dt/τ and the Euler decay factors of g_e, g_i
	vRest, eExc, eInh float32
	vReset            float32
	thrBase           float64 // VThresh − Offset
	fTheta, thetaPlus float64 // θ decay factor and increment; 1 and 0 when frozen
	refractory        int64   // steps from a spike to the next allowed one

	// Vector limits the vector step Integrate may take (the zero value: the
	// widest the CPU has). Every choice gives the same result.
	Vector Vector
}

// Kernel compiles p for time step dt (ms). When learning is false θ is
// frozen: no decay and no increment.
func (p ExcParams) Kernel(dt float64, learning bool) ExcKernel {
	k := ExcKernel{
		kv: float32(dt / p.Tau), fge: float32(1 - dt/p.TauGe), fgi: float32(1 - dt/p.TauGi),
		vRest: float32(p.VRest), eExc: float32(p.EExc), eInh: float32(p.EInh),
		vReset: float32(p.VReset), thrBase: p.VThresh - p.Offset,
		fTheta: 1, refractory: refractorySteps(p.Refractory, dt),
	}
	if learning {
		k.fTheta = 1 - dt/p.TauTheta
		k.thetaPlus = p.ThetaPlus
	}
	return k
}

// Integrate advances every neuron by one Euler step (step number t) and
// appends to spikes the neurons that cross threshold outside their
// refractory period. It does not reset them; see Reset.
//
// in, if not nil, is excitatory conductance that arrived at the end of the
// previous step: it is added to g_e before the step (exactly as if it had
// been added then) and cleared, which saves the caller a pass over N.
func (k *ExcKernel) Integrate(s *ExcState, t int64, in []float32, spikes []int32) []int32 {
	return k.IntegrateRange(s, t, in, 0, len(s.V), spikes)
}

// IntegrateRange is Integrate for neurons lo … hi−1 only. Calls on disjoint
// ranges may run concurrently when lo and hi are multiples of 8 (or hi is
// the population's size), but they share the vector step's scratch, a byte
// of which each writes per 8 neurons: give each goroutine a View of its
// own range, so that no cache line is written by two cores.
func (k *ExcKernel) IntegrateRange(s *ExcState, t int64, in []float32, lo, hi int, spikes []int32) []int32 {
	if in == nil {
		in = s.noInput // the step clears what it reads, so it stays zero
	}
	// Room for every neuron to fire, so that the loops make no call: a call
	// would make the compiler keep the loop's values in memory.
	base := len(spikes)
	if cap(spikes) < base+hi-lo {
		spikes = append(make([]int32, 0, base+hi-lo), spikes...)
	}
	out := spikes[base : base+hi-lo]
	ns, done := 0, lo
	if useAVX2 && k.Vector != VectorNone && hi-lo >= 8 && lo%8 == 0 {
		done, ns = k.integrateAVX2(s, t, in, lo, hi, out)
	}
	ns = k.integrateRange(s, t, in, done, hi, out, ns)
	return spikes[:base+ns]
}

// integrateRange is the plain step of neurons lo … hi−1: the reference for
// every faster version. It writes the neurons that fire to out from index
// ns on and returns the new count.
func (k *ExcKernel) integrateRange(s *ExcState, t int64, in []float32, lo, hi int, out []int32, ns int) int {
	v, ge, gi, th, last, in := s.V[lo:hi], s.Ge[lo:hi], s.Gi[lo:hi], s.Theta[lo:hi], s.LastSpike[lo:hi], in[lo:hi]
	kv, fge, fgi, fth := k.kv, k.fge, k.fgi, k.fTheta
	vRest, eExc, eInh, thrBase, refr := k.vRest, k.eExc, k.eInh, k.thrBase, k.refractory
	for j := range v {
		vj, gej, gij := v[j], ge[j]+in[j], gi[j]
		in[j] = 0
		if a := kv * (1 + gej + gij); a <= 1 {
			vj += kv * ((vRest - vj) + gej*(eExc-vj) + gij*(eInh-vj))
		} else {
			vj = stiffStep(vj, a, (vRest+gej*eExc+gij*eInh)/(1+gej+gij))
		}
		v[j] = vj
		ge[j] = flush(gej * fge)
		gi[j] = flush(gij * fgi)
		thj := th[j] * fth
		th[j] = thj
		if float64(vj) > thj+thrBase && t-last[j] >= refr {
			out[ns] = int32(lo + j)
			ns++
		}
	}
	return ns
}

// Reset applies the spike reset at step t to the neurons in spikes.
func (k *ExcKernel) Reset(s *ExcState, t int64, spikes []int32) {
	k.ResetFrom(s, t, spikes, 0)
}

// ResetFrom is Reset of s, the view of neurons lo … of a population, at
// the spikes of that population's neurons in spikes (neuron j is s's
// neuron j − lo).
func (k *ExcKernel) ResetFrom(s *ExcState, t int64, spikes []int32, lo int32) {
	for _, j := range spikes {
		j -= lo
		s.V[j] = k.vReset
		s.Theta[j] += k.thetaPlus
		s.LastSpike[j] = t
	}
}

// ThresholdBase returns VThresh − Offset: a neuron fires when v > θ + this.
func (k *ExcKernel) ThresholdBase() float64 { return k.thrBase }

// RestTheta is the adaptive threshold at or below which a neuron's
// threshold θ − Offset + VThresh lies at or below VRest: with θ frozen, as
// in evaluation, such a neuron fires with no input at all.
func (p ExcParams) RestTheta() float64 { return p.VRest - (p.VThresh - p.Offset) }
