package network

import (
	"fmt"
	"math"

	"spikemnist/learning"
)

// Limits that keep a simulation finite in time and memory. They are far
// beyond any sensible run and there only so that no configuration, from a
// flag, a file or a checkpoint, can make the program hang, panic or exhaust
// memory.
const (
	MaxNeurons       = 1 << 17 // 784 × N weights and delays: 0.5 GB at the limit
	maxStepsPerShown = 1 << 18 // steps of one presentation plus its rest: 131 s at dt 0.5 ms, 262 times the original's
	// maxSpikesPerInput bounds the input spikes one input may fire in a
	// presentation at the highest intensity the boost rule reaches, so that
	// a presentation's spikes, drawn before it runs, stay in memory (8 bytes
	// each: 51 MB for MNIST's 784 inputs).
	maxSpikesPerInput = 8192
	maxEpochs         = 1 << 20
	maxRepeatsLimit   = 1000
	maxMagnitude      = 1e6 // of a potential (mV), conductance weight or rate factor
	maxDuration       = 1e7 // ms: time constants, refractory periods
)

// Validate reports the first value that makes no sense, naming its field:
// each part's own checks, then those that tie the parts together.
func (c *Config) Validate() error {
	if err := c.Circuit.validate(); err != nil {
		return err
	}
	if err := c.Protocol.validate(); err != nil {
		return err
	}
	if err := c.Training.validate(c.Plasticity.Params); err != nil {
		return err
	}
	if err := learning.CheckTraces(c.Plasticity.Params, c.Dt); err != nil {
		return err
	}
	present, _ := c.Steps()
	top := c.Intensity + float64(c.MaxRepeats)*c.IntensityStep // the boost rule's last intensity
	if n := float64(present) * min(1, 255*c.RateScale*top*c.Dt/1000); n > maxSpikesPerInput {
		return fmt.Errorf("present_ms %v at rate_scale_hz %v and intensity up to %v (intensity + max_repeats·intensity_step) lets an input fire %.3g times a presentation, more than %d", c.Present, c.RateScale, top, n, maxSpikesPerInput)
	}
	switch {
	case c.MaxDelay/c.Dt > 255:
		return fmt.Errorf("max_delay_ms must be in [0, 255·dt], not %v", c.MaxDelay)
	case c.Dt > c.Exc.TauGe || c.Dt > c.Inh.TauGe || c.Dt > c.Exc.TauGi:
		return fmt.Errorf("dt_ms %v is longer than a conductance time constant: forward Euler would diverge", c.Dt)
	}
	return nil
}

// checkPositive reports the first value that is not positive and finite.
func checkPositive(vals ...namedValue) error {
	for _, p := range vals {
		if !(p.v > 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("%s must be positive, not %v", p.name, p.v)
		}
	}
	return nil
}

// checkSize reports the first value beyond limit in size (or not a number).
func checkSize(limit float64, vals ...namedValue) error {
	for _, f := range vals {
		if !(math.Abs(f.v) <= limit) {
			return fmt.Errorf("%s is %v: out of range (at most %g in size)", f.name, f.v, limit)
		}
	}
	return nil
}

type namedValue struct {
	name string
	v    float64
}

func (c *Circuit) validate() error {
	// The size first: the θ constants are derived from it.
	switch {
	case c.Neurons < 1:
		return fmt.Errorf("neurons must be at least 1, not %d", c.Neurons)
	case c.Neurons > MaxNeurons:
		return fmt.Errorf("neurons %d is more than this program supports (%d)", c.Neurons, MaxNeurons)
	}
	e, i := c.Exc, c.Inh
	if err := checkPositive(namedValue{"exc.tau_ms", e.Tau}, namedValue{"exc.tau_ge_ms", e.TauGe}, namedValue{"exc.tau_gi_ms", e.TauGi},
		namedValue{"exc.tau_theta_ms", e.TauTheta}, namedValue{"inh.tau_ms", i.Tau}, namedValue{"inh.tau_ge_ms", i.TauGe}); err != nil {
		return err
	}
	if err := checkSize(maxMagnitude,
		namedValue{"exc.v_rest_mv", e.VRest}, namedValue{"exc.v_reset_mv", e.VReset}, namedValue{"exc.v_thresh_mv", e.VThresh},
		namedValue{"exc.offset_mv", e.Offset}, namedValue{"exc.e_exc_mv", e.EExc}, namedValue{"exc.e_inh_mv", e.EInh},
		namedValue{"exc.v_init_mv", e.VInit}, namedValue{"exc.theta_init_mv", e.ThetaInit}, namedValue{"exc.theta_plus_mv", e.ThetaPlus},
		namedValue{"inh.v_rest_mv", i.VRest}, namedValue{"inh.v_reset_mv", i.VReset}, namedValue{"inh.v_thresh_mv", i.VThresh},
		namedValue{"inh.e_exc_mv", i.EExc}, namedValue{"inh.e_inh_mv", i.EInh}, namedValue{"inh.v_init_mv", i.VInit},
		namedValue{"w_ei", c.WEI}, namedValue{"w_ie", c.WIE}, namedValue{"w_init", c.WInit},
		namedValue{"w_init_shift", c.WInitShift}, namedValue{"norm_total", c.NormTotal}); err != nil {
		return err
	}
	if err := checkSize(maxDuration, namedValue{"exc.refractory_ms", e.Refractory}, namedValue{"exc.tau_ms", e.Tau},
		namedValue{"exc.tau_ge_ms", e.TauGe}, namedValue{"exc.tau_gi_ms", e.TauGi}, namedValue{"inh.refractory_ms", i.Refractory},
		namedValue{"inh.tau_ms", i.Tau}, namedValue{"inh.tau_ge_ms", i.TauGe}); err != nil {
		return err
	}
	if err := checkSize(1e15, namedValue{"exc.tau_theta_ms", e.TauTheta}); err != nil {
		return err
	}
	switch {
	case e.Refractory < 0 || i.Refractory < 0:
		return fmt.Errorf("refractory periods must not be negative (exc %v, inh %v ms)", e.Refractory, i.Refractory)
	case c.WEI < 0 || c.WIE < 0:
		return fmt.Errorf("w_ei %v and w_ie %v must not be negative", c.WEI, c.WIE)
	case c.WInit < 0 || c.WInitShift < 0:
		return fmt.Errorf("w_init %v and w_init_shift %v must not be negative: weights are", c.WInit, c.WInitShift)
	case !(c.MaxDelay >= 0):
		return fmt.Errorf("max_delay_ms must be in [0, 255·dt], not %v", c.MaxDelay)
	case c.NormTotal <= 0:
		return fmt.Errorf("norm_total must be positive, not %v", c.NormTotal)
	case !(c.DepressionFloor >= 0 && c.DepressionFloor < 1):
		return fmt.Errorf("depression_floor must be in [0, 1), not %v", c.DepressionFloor)
	case !(e.ThetaPlus >= 0):
		return fmt.Errorf("exc.theta_plus_mv must not be negative, not %v", e.ThetaPlus)
	}
	if err := c.Plasticity.Validate(); err != nil {
		return err
	}
	if err := c.WeightStart.validate(); err != nil {
		return err
	}
	return c.ThetaScaling.validate()
}

func (p *Protocol) validate() error {
	if err := checkPositive(namedValue{"dt_ms", p.Dt}, namedValue{"present_ms", p.Present},
		namedValue{"rate_scale_hz", p.RateScale}, namedValue{"intensity", p.Intensity}); err != nil {
		return err
	}
	if err := checkSize(maxMagnitude, namedValue{"rate_scale_hz", p.RateScale}, namedValue{"intensity", p.Intensity},
		namedValue{"intensity_step", p.IntensityStep}); err != nil {
		return err
	}
	if err := checkSize(maxDuration, namedValue{"present_ms", p.Present}, namedValue{"rest_ms", p.Rest}); err != nil {
		return err
	}
	present, rest := p.Steps()
	switch {
	case p.Rest < 0:
		return fmt.Errorf("rest_ms must not be negative, not %v", p.Rest)
	case present < 1:
		return fmt.Errorf("present_ms %v is shorter than one time step (dt_ms %v)", p.Present, p.Dt)
	case float64(present)+float64(rest) > maxStepsPerShown:
		return fmt.Errorf("present_ms + rest_ms = %v ms is %.3g steps of dt_ms %v, more than %d", p.Present+p.Rest, (p.Present+p.Rest)/p.Dt, p.Dt, maxStepsPerShown)
	case p.IntensityStep < 0:
		return fmt.Errorf("intensity_step must not be negative, not %v", p.IntensityStep)
	case p.MinSpikes < 0:
		return fmt.Errorf("min_spikes must not be negative, not %d", p.MinSpikes)
	case p.MinSpikes > 1<<30:
		return fmt.Errorf("min_spikes %d is more than 2^30", p.MinSpikes)
	case p.MaxRepeats < 0:
		return fmt.Errorf("max_repeats must not be negative, not %d", p.MaxRepeats)
	case p.MaxRepeats > maxRepeatsLimit:
		return fmt.Errorf("max_repeats %d is more than %d", p.MaxRepeats, maxRepeatsLimit)
	case p.EvalBlock < 1:
		return fmt.Errorf("eval_block must be at least 1, not %d", p.EvalBlock)
	}
	return nil
}

func (t *Training) validate(rule learning.Params) error {
	switch {
	case t.Epochs < 0:
		return fmt.Errorf("epochs must not be negative, not %d", t.Epochs)
	case t.Epochs > maxEpochs:
		return fmt.Errorf("epochs %d is more than %d", t.Epochs, maxEpochs)
	case t.CheckpointEvery < 1:
		return fmt.Errorf("checkpoint_every must be at least 1, not %d", t.CheckpointEvery)
	case t.Order != "" && orders[t.Order] == "":
		return fmt.Errorf("order must be %q, %q or %q, not %s", OrderFixed, OrderShuffled, OrderFixedThenShuffled, quoteShort(t.Order))
	}
	return t.Schedule.validate(rule)
}
