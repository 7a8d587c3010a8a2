package checkpoint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"spikemnist/dataset"
	"spikemnist/network"
)

// New packs a model of a data set of shape sh and its run's position into a
// checkpoint.
func New(cfg *network.Config, m *network.Model, sh dataset.Shape, seen, epoch int64, classes []int8) (*Checkpoint, error) {
	if m.Inputs != sh.Pixels() {
		return nil, fmt.Errorf("a network of %d inputs for images of %d×%d", m.Inputs, sh.Rows, sh.Cols)
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, err
	}
	return &Checkpoint{
		N: m.N, Config: string(b), Seed: cfg.Seed, ExamplesSeen: seen, Epoch: epoch, Shape: sh,
		Weights: m.W, Delays: m.Delay, Theta: m.Theta, Assignments: classes,
	}, nil
}

// Network unpacks the checkpoint, checking that its configuration is
// complete and consistent with its arrays.
func (c *Checkpoint) Network() (*network.Config, *network.Model, error) {
	cfg := network.Default(c.N)
	d := json.NewDecoder(bytes.NewReader([]byte(c.Config)))
	d.DisallowUnknownFields()
	if err := d.Decode(&cfg); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c.Config), &keys); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	if _, ok := keys["theta_scaling"]; !ok {
		// Saved before the rule existed: the run used the original θ
		// constants, whatever its size (and its config names them).
		cfg.ThetaScaling.Rule = network.ThetaFixed
	}
	if _, ok := keys["weight_start"]; !ok {
		// Saved before the start was a choice: every run started at random.
		cfg.WeightStart = network.WeightStart{Kind: network.StartRandom}
	}
	if cfg.Neurons != c.N {
		return nil, nil, fmt.Errorf("config says %d neurons but the arrays hold %d", cfg.Neurons, c.N)
	}
	if err := cfg.Validate(); err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	// A weight is at most w_max once a rule has touched it, at most
	// norm_total after normalisation, and at most w_init·(1 + shift) at
	// the start.
	bound := max(cfg.TrainedWeightBound(), cfg.WInit*(1+cfg.WInitShift))
	bound *= 1 + 1e-6
	for k, w := range c.Weights {
		if float64(w) > bound {
			return nil, nil, fmt.Errorf("weight %d (input %d → neuron %d) is %v, above the %.4g its configuration allows", k, k/c.N, k%c.N, w, bound)
		}
	}
	for j, th := range c.Theta {
		if math.Abs(th) > 1e6 {
			return nil, nil, fmt.Errorf("θ of neuron %d is %v mV", j, th)
		}
	}
	slots := cfg.DelaySlots()
	for k, dl := range c.Delays {
		if int(dl) >= slots {
			return nil, nil, fmt.Errorf("delay of input %d → neuron %d is %d steps, beyond max_delay_ms", k/c.N, k%c.N, dl)
		}
	}
	return &cfg, &network.Model{N: c.N, Inputs: c.Shape.Pixels(), W: c.Weights, Delay: c.Delays, Theta: c.Theta}, nil
}

// LoadNetwork loads the checkpoint at path and unpacks its network; every
// error names the file.
func LoadNetwork(path string) (*Checkpoint, *network.Config, *network.Model, error) {
	c, err := Load(path)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, m, err := c.Network()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return c, cfg, m, nil
}
