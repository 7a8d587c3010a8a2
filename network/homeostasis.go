package network

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// ThetaScaling is how the adaptive threshold's constants follow the size of
// the network.
//
// θ rises by θ+ at each spike and decays with τ_θ, so a neuron firing r
// spikes per ms settles near θ* = θ+·τ_θ·r. A network of N neurons answers
// a digit with a few dozen spikes whatever N, so r falls as N grows, and
// with the original's constants (set for 400 neurons) so does θ*: at 6400
// neurons it drops below RestTheta, and once θ is frozen those neurons fire
// with no input. Rule "size" scales the two constants with f = N/Reference:
//
//	θ+  = RefThetaPlus · f^PlusExponent
//	τ_θ = RefTauTheta  · f^TauExponent
//
// with the …Below exponents when f < 1, and the …Large ones from LargeFrom
// neurons on. θ* grows with the product, as
// f^(PlusExponent+TauExponent): a sum of 1 would hold it where the
// reference size puts it if the spikes per digit did not change with θ;
// they rise as θ falls, which keeps θ* up, and a larger network learns best
// with thresholds somewhat lower. How the sum is shared matters too: a
// neuron wins about f times more rarely, and θ+ sets how far one win moves
// its θ while τ_θ sets how many examples θ takes to settle.
//
// Rule "none" uses the reference constants at every size. Under either
// rule, values a configuration file gives explicitly for exc.theta_plus_mv
// and exc.tau_theta_ms win.
type ThetaScaling struct {
	Rule              string  `json:"rule"`                      // "size" or "none"
	Reference         int     `json:"reference_neurons"`         // size the reference constants were set for
	RefThetaPlus      float64 `json:"reference_theta_plus_mv"`   // θ+ at the reference size, mV
	RefTauTheta       float64 `json:"reference_tau_theta_ms"`    // τ_θ at the reference size, ms
	PlusExponent      float64 `json:"theta_plus_exponent"`       // θ+ grows as f^this above the reference size
	TauExponent       float64 `json:"tau_theta_exponent"`        // τ_θ grows as f^this above the reference size
	PlusExponentBelow float64 `json:"theta_plus_exponent_below"` // the same below it
	TauExponentBelow  float64 `json:"tau_theta_exponent_below"`
	LargeFrom         int     `json:"large_neurons"` // from this size on, the …Large exponents instead; 0: none
	PlusExponentLarge float64 `json:"theta_plus_exponent_large"`
	TauExponentLarge  float64 `json:"tau_theta_exponent_large"`
}

// Theta scaling rules.
const (
	ThetaBySize = "size"
	ThetaFixed  = "none"
)

// UnmarshalJSON reads a rule, including the forms of earlier checkpoints:
// a rule saved whole (naming reference_neurons) before the large regime
// existed has none; the first ones had a single exponent a ("exponent")
// that gave θ+ the factor f^a and τ_θ f^(1−a), below the reference size too
// unless "floor" kept the reference constants there, or "exponent_below"
// gave one of its own. Unknown fields are an error, as everywhere in a
// configuration.
func (r *ThetaScaling) UnmarshalJSON(b []byte) error {
	type plain ThetaScaling
	aux := struct {
		*plain
		Exponent      *float64 `json:"exponent"`
		ExponentBelow *float64 `json:"exponent_below"`
		Floor         *bool    `json:"floor"`
	}{plain: (*plain)(r)}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&aux); err != nil {
		return err
	}
	var named map[string]json.RawMessage
	if err := json.Unmarshal(b, &named); err != nil {
		return err
	}
	if _, whole := named["reference_neurons"]; whole {
		if _, ok := named["large_neurons"]; !ok {
			r.LargeFrom, r.PlusExponentLarge, r.TauExponentLarge = 0, 0, 0
		}
	}
	a := aux.Exponent
	if a == nil {
		return nil
	}
	r.PlusExponent, r.TauExponent = *a, 1-*a
	switch {
	case aux.ExponentBelow != nil:
		r.PlusExponentBelow, r.TauExponentBelow = *aux.ExponentBelow, 1-*aux.ExponentBelow
	case aux.Floor != nil && *aux.Floor:
		r.PlusExponentBelow, r.TauExponentBelow = 0, 0
	default:
		r.PlusExponentBelow, r.TauExponentBelow = *a, 1-*a
	}
	return nil
}

// Constants returns θ+ (mV) and τ_θ (ms) for n neurons under the rule.
func (r ThetaScaling) Constants(n int) (plus, tau float64) {
	fp, ft := r.Factor(n)
	return r.RefThetaPlus * fp, r.RefTauTheta * ft
}

// Factor returns the multipliers of θ+ and τ_θ for n neurons.
func (r ThetaScaling) Factor(n int) (plus, tau float64) {
	f := float64(n) / float64(r.Reference)
	switch {
	case r.Rule != ThetaBySize || f == 1:
		return 1, 1 // the reference size keeps its constants bit for bit
	case f < 1:
		return math.Pow(f, r.PlusExponentBelow), math.Pow(f, r.TauExponentBelow)
	case r.LargeFrom > 0 && n >= r.LargeFrom:
		return math.Pow(f, r.PlusExponentLarge), math.Pow(f, r.TauExponentLarge)
	}
	return math.Pow(f, r.PlusExponent), math.Pow(f, r.TauExponent)
}

func (r ThetaScaling) validate() error {
	switch {
	case r.Rule != ThetaBySize && r.Rule != ThetaFixed:
		return fmt.Errorf("theta_scaling.rule must be %q or %q, not %.40q", ThetaBySize, ThetaFixed, r.Rule)
	case r.Reference < 1:
		return fmt.Errorf("theta_scaling.reference_neurons must be at least 1, not %d", r.Reference)
	case r.LargeFrom < 0:
		return fmt.Errorf("theta_scaling.large_neurons must not be negative (0: none), not %d", r.LargeFrom)
	case !(r.RefThetaPlus >= 0) || math.IsInf(r.RefThetaPlus, 0):
		return fmt.Errorf("theta_scaling.reference_theta_plus_mv must not be negative, not %v", r.RefThetaPlus)
	case !(r.RefTauTheta > 0) || math.IsInf(r.RefTauTheta, 0):
		return fmt.Errorf("theta_scaling.reference_tau_theta_ms must be positive, not %v", r.RefTauTheta)
	}
	for _, e := range []struct {
		name string
		v    float64
	}{
		{"theta_plus_exponent", r.PlusExponent}, {"tau_theta_exponent", r.TauExponent},
		{"theta_plus_exponent_below", r.PlusExponentBelow}, {"tau_theta_exponent_below", r.TauExponentBelow},
		{"theta_plus_exponent_large", r.PlusExponentLarge}, {"tau_theta_exponent_large", r.TauExponentLarge},
	} {
		if !(e.v >= -4 && e.v <= 4) {
			return fmt.Errorf("theta_scaling.%s must be in [−4, 4], not %v", e.name, e.v)
		}
	}
	return nil
}

// explicitSize records which size-dependent settings a configuration file
// set itself; Settle leaves those alone.
type explicitSize struct{ plus, tau, start, order bool }

// Settle sets every setting that depends on the size from c.Neurons, except
// those a configuration file read by LoadConfigFile gave explicitly: the θ
// constants (ScaleTheta), the weight start (DefaultWeightStart) and the
// order of the training digits (DefaultOrder). Call it after every change
// of Neurons or ThetaScaling.
func (c *Config) Settle() {
	c.ScaleTheta()
	if !c.explicit.start {
		c.WeightStart = DefaultWeightStart(c.Neurons)
	}
	if !c.explicit.order {
		c.Order = DefaultOrder(c.Neurons)
	}
}

// ScaleTheta sets Exc.ThetaPlus and Exc.TauTheta from the scaling rule for
// c.Neurons (under rule "none", to the reference constants), except those
// that a configuration file read by LoadConfigFile gave explicitly. Call it
// after every change of Neurons or ThetaScaling.
func (c *Config) ScaleTheta() {
	plus, tau := c.ThetaScaling.Constants(c.Neurons)
	if !c.explicit.plus {
		c.Exc.ThetaPlus = plus
	}
	if !c.explicit.tau {
		c.Exc.TauTheta = tau
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
