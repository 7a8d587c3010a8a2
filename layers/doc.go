// Package layers holds the two neuron populations of the Diehl & Cook (2015)
// network: conductance-based leaky integrate-and-fire excitatory neurons with
// an adaptive threshold, and their inhibitory partners.
//
// Each population has a Params struct (the model's constants, in mV and ms),
// a State struct of arrays (one element per neuron) and a Kernel: Params
// compiled for one time step, whose Integrate and Reset methods are the
// population's part of a simulation step.
//
// Integration is forward Euler from the state at the start of the step, as in
// the original Brian 1 code: every derivative is evaluated first, then every
// variable moves by derivative × dt. A conductance kick made during step n
// therefore first changes v in step n+1.
//
// One deliberate deviation: where a forward Euler step would carry v past
// its own equilibrium (dt·(1 + g_e + g_i)/τ > 1; for an excitatory neuron
// g_e + g_i > 199, about a dozen inhibitory spikes in one step), the step is
// the exact one for conductances frozen over the step instead. There Euler
// overshoots, and beyond a factor of 2 it diverges: v swings below −100 mV
// and back above threshold, the whole population fires at once, and the
// network locks into firing at the refractory limit. This happens in
// ordinary training (at N = 400 after about 950 examples, when some 30
// untrained neurons cross threshold in the same step). Everywhere else the
// step is the original's Euler step, operation for operation.
//
// Refractoriness follows Brian 1 exactly. An excitatory neuron keeps
// integrating during its 5 ms refractory period; only threshold crossings are
// ignored, and its next spike can come 10 steps (at dt = 0.5 ms) after the
// last. An inhibitory neuron is clamped to its reset potential at the end of
// its spike step and of the following 2 ms / dt steps, and can fire again
// 2 ms after a spike. The original's "timer" variable is not modelled: under
// Brian 1 it exceeds 5 ms one step after every reset, so it never blocks a
// spike.
package layers

import "math"

// NoSpike is the LastSpike value of a neuron that has never fired: far
// enough in the past that every trace read from it is zero and no
// refractory period applies, yet safe from overflow when subtracted.
const NoSpike int64 = -1 << 60

// refractorySteps is the number of steps after a spike at which the next
// spike is first allowed. Brian 1 allows it once t ≥ t_spike + period − dt/2.
func refractorySteps(periodMs, dtMs float64) int64 {
	n := int64(0)
	for float64(n)*dtMs < periodMs-dtMs/2 {
		n++
	}
	return n
}

// gFloor is the conductance below which a decaying conductance is set to 0.
// Left alone it would sink into float32's subnormal range, where arithmetic
// is slower by two orders of magnitude, while its effect on v (g·|E − v| ·
// dt/τ < 1e-27 mV) is far below the resolution of v.
const gFloor = 1e-30

func flush(g float32) float32 {
	if g < gFloor {
		return 0
	}
	return g
}

// stiffStep is the exact step of dv/dt = (vInf − v)·a/dt for conductances
// held over the step: it relaxes v towards vInf and never passes it.
func stiffStep(v, a, vInf float32) float32 {
	return vInf + (v-vInf)*float32(math.Exp(-float64(a)))
}
