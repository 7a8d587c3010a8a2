package network

import (
	"fmt"
	"math"
)

// Limits that keep a simulation finite in time and memory. They are far
// beyond any sensible run and there only so that no configuration, from a
// flag, a file or a checkpoint, can make the program hang, panic or exhaust
// memory.
const (
	MaxNeurons       = 1 << 17 // 784 × N weights and delays: 0.5 GB at the limit
	maxStepsPerShown = 1 << 22 // steps of one presentation plus its rest
	maxEpochs        = 1 << 20
	maxRepeatsLimit  = 1000
	maxMagnitude     = 1e6 // of a potential (mV), conductance weight or rate factor
	maxDuration      = 1e7 // ms: time constants, refractory periods
)

// Validate reports the first value that makes no sense, naming its field.
func (c *Config) Validate() error {
	// The size first: the θ constants are derived from it.
	switch {
	case c.Neurons < 1:
		return fmt.Errorf("neurons must be at least 1, not %d", c.Neurons)
	case c.Neurons > MaxNeurons:
		return fmt.Errorf("neurons %d is more than this program supports (%d)", c.Neurons, MaxNeurons)
	}
	pos := []struct {
		name string
		v    float64
	}{
		{"dt_ms", c.Dt}, {"present_ms", c.Present}, {"exc.tau_ms", c.Exc.Tau}, {"exc.tau_ge_ms", c.Exc.TauGe},
		{"exc.tau_gi_ms", c.Exc.TauGi}, {"exc.tau_theta_ms", c.Exc.TauTheta}, {"inh.tau_ms", c.Inh.Tau},
		{"inh.tau_ge_ms", c.Inh.TauGe}, {"rate_scale_hz", c.RateScale}, {"intensity", c.Intensity},
	}
	for _, p := range pos {
		if !(p.v > 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("%s must be positive, not %v", p.name, p.v)
		}
	}
	// Every other number must be finite and of a size that means something.
	finite := []struct {
		name  string
		v     float64
		limit float64
	}{
		{"exc.v_rest_mv", c.Exc.VRest, maxMagnitude}, {"exc.v_reset_mv", c.Exc.VReset, maxMagnitude},
		{"exc.v_thresh_mv", c.Exc.VThresh, maxMagnitude}, {"exc.offset_mv", c.Exc.Offset, maxMagnitude},
		{"exc.e_exc_mv", c.Exc.EExc, maxMagnitude}, {"exc.e_inh_mv", c.Exc.EInh, maxMagnitude},
		{"exc.v_init_mv", c.Exc.VInit, maxMagnitude}, {"exc.theta_init_mv", c.Exc.ThetaInit, maxMagnitude},
		{"exc.theta_plus_mv", c.Exc.ThetaPlus, maxMagnitude}, {"exc.refractory_ms", c.Exc.Refractory, maxDuration},
		{"exc.tau_ms", c.Exc.Tau, maxDuration}, {"exc.tau_ge_ms", c.Exc.TauGe, maxDuration},
		{"exc.tau_gi_ms", c.Exc.TauGi, maxDuration}, {"exc.tau_theta_ms", c.Exc.TauTheta, 1e15},
		{"inh.v_rest_mv", c.Inh.VRest, maxMagnitude}, {"inh.v_reset_mv", c.Inh.VReset, maxMagnitude},
		{"inh.v_thresh_mv", c.Inh.VThresh, maxMagnitude}, {"inh.e_exc_mv", c.Inh.EExc, maxMagnitude},
		{"inh.e_inh_mv", c.Inh.EInh, maxMagnitude}, {"inh.v_init_mv", c.Inh.VInit, maxMagnitude},
		{"inh.refractory_ms", c.Inh.Refractory, maxDuration}, {"inh.tau_ms", c.Inh.Tau, maxDuration},
		{"inh.tau_ge_ms", c.Inh.TauGe, maxDuration},
		{"w_ei", c.WEI, maxMagnitude}, {"w_ie", c.WIE, maxMagnitude}, {"w_init", c.WInit, maxMagnitude},
		{"w_init_shift", c.WInitShift, maxMagnitude}, {"norm_total", c.NormTotal, maxMagnitude},
		{"rate_scale_hz", c.RateScale, maxMagnitude}, {"intensity", c.Intensity, maxMagnitude},
		{"intensity_step", c.IntensityStep, maxMagnitude}, {"present_ms", c.Present, maxDuration},
		{"rest_ms", c.Rest, maxDuration},
	}
	for _, f := range finite {
		if !(math.Abs(f.v) <= f.limit) {
			return fmt.Errorf("%s is %v: out of range (at most %g in size)", f.name, f.v, f.limit)
		}
	}
	present, rest := c.Steps()
	switch {
	case c.Rest < 0:
		return fmt.Errorf("rest_ms must not be negative, not %v", c.Rest)
	case present < 1:
		return fmt.Errorf("present_ms %v is shorter than one time step (dt_ms %v)", c.Present, c.Dt)
	case float64(present)+float64(rest) > maxStepsPerShown:
		return fmt.Errorf("present_ms + rest_ms = %v ms is %.3g steps of dt_ms %v, more than %d", c.Present+c.Rest, (c.Present+c.Rest)/c.Dt, c.Dt, maxStepsPerShown)
	case c.Exc.Refractory < 0 || c.Inh.Refractory < 0:
		return fmt.Errorf("refractory periods must not be negative (exc %v, inh %v ms)", c.Exc.Refractory, c.Inh.Refractory)
	case c.WEI < 0 || c.WIE < 0:
		return fmt.Errorf("w_ei %v and w_ie %v must not be negative", c.WEI, c.WIE)
	case c.WInit < 0 || c.WInitShift < 0:
		return fmt.Errorf("w_init %v and w_init_shift %v must not be negative: weights are", c.WInit, c.WInitShift)
	case c.MaxDelay < 0 || !(c.MaxDelay/c.Dt <= 255):
		return fmt.Errorf("max_delay_ms must be in [0, 255·dt], not %v", c.MaxDelay)
	case c.Dt > c.Exc.TauGe || c.Dt > c.Inh.TauGe || c.Dt > c.Exc.TauGi:
		return fmt.Errorf("dt_ms %v is longer than a conductance time constant: forward Euler would diverge", c.Dt)
	case c.IntensityStep < 0:
		return fmt.Errorf("intensity_step must not be negative, not %v", c.IntensityStep)
	case c.MinSpikes < 0:
		return fmt.Errorf("min_spikes must not be negative, not %d", c.MinSpikes)
	case c.MinSpikes > 1<<30:
		return fmt.Errorf("min_spikes %d is more than 2^30", c.MinSpikes)
	case c.MaxRepeats < 0:
		return fmt.Errorf("max_repeats must not be negative, not %d", c.MaxRepeats)
	case c.MaxRepeats > maxRepeatsLimit:
		return fmt.Errorf("max_repeats %d is more than %d", c.MaxRepeats, maxRepeatsLimit)
	case c.Epochs < 0:
		return fmt.Errorf("epochs must not be negative, not %d", c.Epochs)
	case c.Epochs > maxEpochs:
		return fmt.Errorf("epochs %d is more than %d", c.Epochs, maxEpochs)
	case c.CheckpointEvery < 1:
		return fmt.Errorf("checkpoint_every must be at least 1, not %d", c.CheckpointEvery)
	case c.EvalBlock < 1:
		return fmt.Errorf("eval_block must be at least 1, not %d", c.EvalBlock)
	case c.NormTotal <= 0:
		return fmt.Errorf("norm_total must be positive, not %v", c.NormTotal)
	case !(c.DepressionFloor >= 0 && c.DepressionFloor < 1):
		return fmt.Errorf("depression_floor must be in [0, 1), not %v", c.DepressionFloor)
	case !(c.Exc.ThetaPlus >= 0):
		return fmt.Errorf("exc.theta_plus_mv must not be negative, not %v", c.Exc.ThetaPlus)
	}
	if err := c.Plasticity.Validate(); err != nil {
		return err
	}
	if err := c.WeightStart.validate(); err != nil {
		return err
	}
	if err := c.Schedule.validate(c.Plasticity.Params); err != nil {
		return err
	}
	return c.ThetaScaling.validate()
}
