package network

import (
	"fmt"
	"math"
	"slices"
)

// ThetaScaling is how the adaptive threshold's constants follow the size of
// the network.
//
// θ rises by θ+ at each spike and decays with τ_θ, so a neuron firing r
// spikes per ms settles at θ* = θ+·τ_θ·r. The network answers each digit
// with about the same number of spikes s at any size, shared among N
// neurons, so r ≈ s/(N·T) for examples of T ms and
//
//	θ* ≈ θ+·τ_θ·s / (N·T).
//
// With the original's constants (set for 400 neurons) θ* falls as 1/N: at
// 6400 neurons it drops below RestTheta, and once θ is frozen those
// neurons fire with no input. Rule "size" keeps θ* (and with it the
// response per digit) where the reference size puts it by scaling the
// product θ+·τ_θ with f = N/Reference:
//
//	θ+  = RefThetaPlus · f^a
//	τ_θ = RefTauTheta  · f^(1−a)
//
// with a = Exponent above the reference size and ExponentBelow below it.
// The exponent shares the factor between the two. A neuron wins f times
// more rarely: with a = 0 its θ moves as at the reference size when
// counted in its own wins (the same jump per win, the same decay between
// wins) but settles f times more slowly (f > 1) or faster (f < 1) in
// examples; a > 0 trades that for larger jumps per win when f > 1, and for
// smaller ones at an unchanged τ_θ when f < 1 and a = 1.
//
// Rule "none" uses the reference constants at every size. Under either
// rule, values a configuration file gives explicitly for exc.theta_plus_mv
// and exc.tau_theta_ms win.
type ThetaScaling struct {
	Rule          string  `json:"rule"`                    // "size" or "none"
	Reference     int     `json:"reference_neurons"`       // size the reference constants were set for
	RefThetaPlus  float64 `json:"reference_theta_plus_mv"` // θ+ at the reference size, mV
	RefTauTheta   float64 `json:"reference_tau_theta_ms"`  // τ_θ at the reference size, ms
	Exponent      float64 `json:"exponent"`                // share of f given to θ+ above the reference size, in [0, 1]
	ExponentBelow float64 `json:"exponent_below"`          // the same below it
}

// Theta scaling rules.
const (
	ThetaBySize = "size"
	ThetaFixed  = "none"
)

// DefaultThetaScaling is the rule Default uses: the original's constants
// at 400 neurons; above, a quarter of the factor goes to θ+ and the rest to
// τ_θ; below, all of it to τ_θ, so that θ+ is never below the original's.
// Both exponents were chosen by measurement (see the README): giving θ+ the
// factor below 400 neurons (exponent_below 1) learns best over an epoch but
// leaves short runs (a few thousand examples) with too little homeostasis
// to share the digits among the neurons.
func DefaultThetaScaling() ThetaScaling {
	return ThetaScaling{Rule: ThetaBySize, Reference: 400, RefThetaPlus: 0.05, RefTauTheta: 1e7, Exponent: 0.25, ExponentBelow: 0}
}

// Factor returns the multipliers of θ+ and τ_θ for n neurons.
func (r ThetaScaling) Factor(n int) (plus, tau float64) {
	f := float64(n) / float64(r.Reference)
	if r.Rule != ThetaBySize || f == 1 {
		return 1, 1 // the reference size keeps its constants bit for bit
	}
	a := r.Exponent
	if f < 1 {
		a = r.ExponentBelow
	}
	return math.Pow(f, a), math.Pow(f, 1-a)
}

func (r ThetaScaling) validate() error {
	switch {
	case r.Rule != ThetaBySize && r.Rule != ThetaFixed:
		return fmt.Errorf("theta_scaling.rule must be %q or %q, not %q", ThetaBySize, ThetaFixed, r.Rule)
	case r.Reference < 1:
		return fmt.Errorf("theta_scaling.reference_neurons must be at least 1, not %d", r.Reference)
	case !(r.RefThetaPlus >= 0) || math.IsInf(r.RefThetaPlus, 0):
		return fmt.Errorf("theta_scaling.reference_theta_plus_mv must not be negative, not %v", r.RefThetaPlus)
	case !(r.RefTauTheta > 0) || math.IsInf(r.RefTauTheta, 0):
		return fmt.Errorf("theta_scaling.reference_tau_theta_ms must be positive, not %v", r.RefTauTheta)
	case !(r.Exponent >= 0 && r.Exponent <= 1):
		return fmt.Errorf("theta_scaling.exponent must be in [0, 1], not %v", r.Exponent)
	case !(r.ExponentBelow >= 0 && r.ExponentBelow <= 1):
		return fmt.Errorf("theta_scaling.exponent_below must be in [0, 1], not %v", r.ExponentBelow)
	}
	return nil
}

// explicitTheta records which θ constants a configuration file set itself;
// ScaleTheta leaves those alone.
type explicitTheta struct{ plus, tau bool }

// ScaleTheta sets Exc.ThetaPlus and Exc.TauTheta from the scaling rule for
// c.Neurons (under rule "none", to the reference constants), except those
// that a configuration file read by LoadConfigFile gave explicitly. Call it
// after every change of Neurons or ThetaScaling.
func (c *Config) ScaleTheta() {
	r := c.ThetaScaling
	fp, ft := r.Factor(c.Neurons)
	if !c.explicit.plus {
		c.Exc.ThetaPlus = r.RefThetaPlus * fp
	}
	if !c.explicit.tau {
		c.Exc.TauTheta = r.RefTauTheta * ft
	}
}

// ThetaStats summarises the adaptive thresholds of a network.
type ThetaStats struct {
	Min    float64 `json:"min_mv"`
	Median float64 `json:"median_mv"`
	Max    float64 `json:"max_mv"`
	// AtRest counts the neurons whose threshold is at or below the resting
	// potential (θ ≤ RestTheta): with θ frozen they fire without input.
	AtRest    int     `json:"at_rest"`
	RestTheta float64 `json:"rest_theta_mv"`
}

// ThetaStats summarises theta, adaptive thresholds of neurons with c's
// parameters.
func (c *Config) ThetaStats(theta []float64) ThetaStats {
	st := ThetaStats{RestTheta: c.Exc.RestTheta()}
	if len(theta) == 0 {
		return st
	}
	s := slices.Clone(theta)
	slices.Sort(s)
	st.Min, st.Max = s[0], s[len(s)-1]
	st.Median = s[len(s)/2]
	if len(s)%2 == 0 {
		st.Median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	for _, x := range s {
		if x > st.RestTheta {
			break
		}
		st.AtRest++
	}
	return st
}

// String gives the statistics in one line, for logs.
func (st ThetaStats) String() string {
	return fmt.Sprintf("θ min %.2f, median %.2f, max %.2f mV; %d at or below rest (θ ≤ %.4g mV)",
		st.Min, st.Median, st.Max, st.AtRest, st.RestTheta)
}
