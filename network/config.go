package network

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"spikemnist/internal/readfile"
	"spikemnist/layers"
	"spikemnist/learning"
)

// Config holds every constant of a run, in three parts: the network
// (Circuit), how an example is presented to it (Protocol) and the course of
// training (Training). The defaults are those of the original code; a
// Config is saved with every checkpoint and result. Its JSON form is flat,
// the parts' fields side by side, as before the parts existed.
type Config struct {
	Circuit
	Protocol
	Training

	explicit explicitSize // size-dependent settings a configuration file set (see Settle)
}

// Circuit is the network: its neurons, synapses, how its weights start
// and how they learn (the weights themselves are a Model's).
type Circuit struct {
	Neurons int    `json:"neurons"` // excitatory neurons N (and as many inhibitory)
	Seed    uint64 `json:"seed"`    // every random choice is derived from it

	Exc          layers.ExcParams `json:"exc"`
	Inh          layers.InhParams `json:"inh"`
	ThetaScaling ThetaScaling     `json:"theta_scaling"` // how Exc.ThetaPlus and Exc.TauTheta follow Neurons

	WEI        float64 `json:"w_ei"`   // excitatory → its inhibitory partner (g_e)
	WIE        float64 `json:"w_ie"`   // inhibitory → every other excitatory neuron (g_i)
	WInit      float64 `json:"w_init"` // initial weight = WInit·(U + WInitShift)
	WInitShift float64 `json:"w_init_shift"`
	MaxDelay   float64 `json:"max_delay_ms"` // input delays uniform in [0, MaxDelay)

	WeightStart WeightStart `json:"weight_start"` // how the input weights begin (see WeightStart)

	Plasticity      learning.Plasticity `json:"plasticity"`       // the input synapses' learning rule and its constants
	NormTotal       float64             `json:"norm_total"`       // with a rule that normalises: each neuron's input weights sum to this before a training presentation
	DepressionFloor float64             `json:"depression_floor"` // depression below NuPre·this per event is skipped (see Sim)
}

// Protocol is how one example is presented: the time step, the Poisson
// input, and the repeats at a higher intensity when too few neurons fire.
type Protocol struct {
	Dt      float64 `json:"dt_ms"` // time step, ms
	Present float64 `json:"present_ms"`
	Rest    float64 `json:"rest_ms"`

	RateScale     float64 `json:"rate_scale_hz"`  // input rate = pixel × RateScale × intensity, Hz
	Intensity     float64 `json:"intensity"`      // starting intensity
	IntensityStep float64 `json:"intensity_step"` // added per repeat
	MinSpikes     int     `json:"min_spikes"`     // fewer excitatory spikes in a window → repeat
	MaxRepeats    int     `json:"max_repeats"`    // after this many repeats the example is recorded as silent

	EvalBlock int `json:"eval_block"` // evaluation examples simulated in sequence from a rested state
}

// Training is the course of a training run: how long, how often it saves,
// and how inhibition and learning rates change over it.
type Training struct {
	Epochs          int      `json:"epochs"`
	CheckpointEvery int      `json:"checkpoint_every"` // examples between checkpoints and accuracy estimates
	Schedule        Schedule `json:"schedule"`         // inhibition and learning rates over training (see Schedule)
	Order           string   `json:"order,omitempty"`  // the training examples' order in each epoch: OrderFixed ("" too), OrderShuffled or OrderFixedThenShuffled
}

// Orders of the training examples within an epoch.
const (
	// OrderFixed presents the data set's own order every epoch, as the
	// original code does.
	OrderFixed = "fixed"
	// OrderShuffled presents each epoch in an order of its own, a
	// permutation drawn from the seed and the epoch, so that no epoch ends
	// on the same digits.
	OrderShuffled = "shuffled"
	// OrderFixedThenShuffled presents the first epoch in the data set's own
	// order, as the original, and every later one as OrderShuffled: a run
	// of one epoch or less is the original's, and longer runs do not end
	// each epoch on the same digits.
	OrderFixedThenShuffled = "fixed_then_shuffled"
)

// orders says what each order of the training examples is.
var orders = map[string]string{
	OrderFixed:             "the data set's own order every epoch, as the original",
	OrderShuffled:          "each epoch a permutation of its own, drawn from the seed",
	OrderFixedThenShuffled: "the data set's own order in the first epoch, then each epoch a permutation of its own",
}

// DescribeOrder names an order of the training examples and says what it
// is, for logs and inspect; "", as saved before the choice existed, is
// OrderFixed.
func DescribeOrder(order string) string {
	if order == "" {
		order = OrderFixed
	}
	return fmt.Sprintf("%s (%s)", order, orders[order])
}

// EpochOrder is the order of the per training examples in epoch e: nil for
// the data set's own order (OrderFixed, and the first epoch of
// OrderFixedThenShuffled), else the permutation the seed gives epoch e.
// Example g of a run is EpochOrder(per, g/per)[g%per].
func (c *Config) EpochOrder(per int, e int64) []int {
	shuffled := c.Order == OrderShuffled || c.Order == OrderFixedThenShuffled && e > 0
	if !shuffled {
		return nil
	}
	return stream(c.Seed, purposeOrder, uint64(e)).Perm(per)
}

// Default returns the original code's model and protocol for n neurons,
// with the settings that depend on the size chosen for n (Settle): the
// adaptive threshold's constants scaled by DefaultThetaScaling, the
// weights' start of DefaultWeightStart and the order of DefaultOrder (at
// 400 neurons, the original's own).
func Default(n int) Config {
	c := Config{
		Circuit: Circuit{
			Neurons: n, Seed: 1,
			Exc: layers.DefaultExc(), Inh: layers.DefaultInh(), ThetaScaling: DefaultThetaScaling(),
			WEI: 10.4, WIE: 17, WInit: 0.3, WInitShift: 0.01, MaxDelay: 10,
			Plasticity: learning.DefaultPlasticity(), NormTotal: 78, DepressionFloor: 1e-8,
		},
		Protocol: Protocol{
			Dt: 0.5, Present: 350, Rest: 150,
			RateScale: 1.0 / 8, Intensity: 2, IntensityStep: 1, MinSpikes: 5, MaxRepeats: 40,
			EvalBlock: 250,
		},
		Training: Training{Epochs: 1, CheckpointEvery: 10000},
	}
	c.Settle()
	return c
}

// Steps returns the number of steps of a presentation and of a rest.
func (c *Protocol) Steps() (present, rest int) {
	return int(math.Round(c.Present / c.Dt)), int(math.Round(c.Rest / c.Dt))
}

// DelaySlots returns the number of distinct input delays, in steps.
func (c *Config) DelaySlots() int {
	return max(1, int(math.Ceil(c.MaxDelay/c.Dt-1e-9)))
}

// UnmarshalJSON decodes a configuration over c, refusing unknown fields.
// Configurations written before the learning rule was a choice name the
// triplet rule's constants "stdp"; they read as that rule.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	v := struct {
		*plain
		STDP json.RawMessage `json:"stdp"`
	}{plain: (*plain)(c)}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		return err
	}
	if v.STDP == nil {
		return nil
	}
	if c.Plasticity.Params == nil {
		c.Plasticity = learning.DefaultPlasticity()
	}
	if c.Plasticity.Rule() != "triplet" {
		return fmt.Errorf("stdp: the constants of the triplet rule, but plasticity.rule is %.40q", c.Plasticity.Rule())
	}
	p := c.Plasticity
	if err := p.UnmarshalJSON([]byte(`{"triplet":` + string(v.STDP) + `}`)); err != nil {
		return fmt.Errorf("stdp: %w", err)
	}
	c.Plasticity = p
	return nil
}

// MaxConfigFile bounds a configuration file: a full one is a few KB.
const MaxConfigFile = 4 << 20

// LoadConfigFile reads a JSON config over c: fields the file names replace
// c's, the rest keep their values. Unknown fields are an error. The θ
// constants and weight start the file names are kept by later calls of
// Settle; call it once the size is settled.
func LoadConfigFile(path string, c *Config) error {
	b, err := readfile.Read(path, MaxConfigFile)
	if err != nil {
		return err
	}
	if err := DecodeConfig(b, c); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// DecodeConfig is LoadConfigFile for a JSON text b.
func DecodeConfig(b []byte, c *Config) error {
	if err := readfile.JSON(b, c, true); err != nil {
		return err
	}
	var named struct {
		Exc   map[string]json.RawMessage `json:"exc"`
		Start json.RawMessage            `json:"weight_start"`
		Order json.RawMessage            `json:"order"`
	}
	if err := json.Unmarshal(b, &named); err != nil {
		return err
	}
	c.explicit.start = c.explicit.start || named.Start != nil
	c.explicit.order = c.explicit.order || named.Order != nil
	for k := range named.Exc {
		// encoding/json matches field names without regard to case.
		c.explicit.plus = c.explicit.plus || strings.EqualFold(k, "theta_plus_mv")
		c.explicit.tau = c.explicit.tau || strings.EqualFold(k, "tau_theta_ms")
	}
	return nil
}
