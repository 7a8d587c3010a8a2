package checkpoint

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/learning"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

// TestSaveLoadSameNetwork trains a little, saves, loads, and checks that the
// loaded network has the same weights and answers the same spikes.
func TestSaveLoadSameNetwork(t *testing.T) {
	train := datasettest.Load(t, "train")
	cfg := network.Default(10)
	cfg.Seed = 5
	cfg.MaxRepeats = 7
	m := network.NewModel(&cfg, dataset.Pixels)
	s := cpu.NewSim(&cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	for k := 0; k < 40; k++ {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	c, err := New(&cfg, m, dataset.MNIST, 40, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.npz")
	if err := Save(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg2, m2, err := back.Network()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*cfg2, cfg) {
		t.Fatalf("config changed:\n%+v\n%+v", *cfg2, cfg)
	}
	if !slices.Equal(m.W, m2.W) || !slices.Equal(m.Delay, m2.Delay) || !slices.Equal(m.Theta, m2.Theta) {
		t.Fatal("weights, delays or θ changed")
	}
	respond := func(cfg *network.Config, m *network.Model) []int32 {
		set := train.Head(30)
		out := make([]int32, set.Len()*m.N)
		err := network.RespondOn(context.Background(), cpu.New, cfg, m, set, network.PurposeTest, 2, func(k int, c []int32, _ network.Outcome) {
			copy(out[k*m.N:], c)
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if !slices.Equal(respond(&cfg, m), respond(cfg2, m2)) {
		t.Fatal("the loaded network answers differently")
	}
}

func TestFromCheckpointRejectsInconsistency(t *testing.T) {
	cfg := network.Default(2)
	m := network.NewModel(&cfg, dataset.Pixels)
	c, _ := New(&cfg, m, dataset.MNIST, 0, 0, nil)
	c.Delays[5] = 200
	if _, _, err := c.Network(); err == nil || !strings.Contains(err.Error(), "delay") {
		t.Fatalf("out-of-range delay: %v", err)
	}
	c, _ = New(&cfg, m, dataset.MNIST, 0, 0, nil)
	c.Config = strings.Replace(c.Config, `"neurons": 2`, `"neurons": 3`, 1)
	if _, _, err := c.Network(); err == nil || !strings.Contains(err.Error(), "neurons") {
		t.Fatalf("N mismatch: %v", err)
	}
	c.Config = `{"dt_ms": -1, "neurons": 2}`
	if _, _, err := c.Network(); err == nil || !strings.Contains(err.Error(), "dt_ms") {
		t.Fatalf("bad config: %v", err)
	}
}

// TestConfigBeforeThetaScaling: a checkpoint saved before theta_scaling
// existed ran the original θ constants at every size, and says so.
func TestConfigBeforeThetaScaling(t *testing.T) {
	cfg := network.Default(6400)
	m := &network.Model{N: 1, Inputs: dataset.Pixels, W: make([]float32, dataset.Pixels), Delay: make([]uint8, dataset.Pixels), Theta: []float64{20}}
	c, _ := New(&cfg, m, dataset.MNIST, 0, 0, nil)
	c.N = 1
	c.Config = `{"neurons": 1, "exc": {"theta_plus_mv": 0.05, "tau_theta_ms": 1e7}}`
	got, _, err := c.Network()
	if err != nil {
		t.Fatal(err)
	}
	if got.ThetaScaling.Rule != network.ThetaFixed || got.Exc.ThetaPlus != 0.05 || got.Exc.TauTheta != 1e7 {
		t.Fatalf("rule %q, θ+ %v, τ_θ %v", got.ThetaScaling.Rule, got.Exc.ThetaPlus, got.Exc.TauTheta)
	}
	c.Config = `{"neurons": 1, "theta_scaling": {"rule": "size", "reference_neurons": 400, "reference_theta_plus_mv": 0.05, "reference_tau_theta_ms": 1e7, "theta_plus_exponent": 0.25, "tau_theta_exponent": 0.25, "theta_plus_exponent_below": 0, "tau_theta_exponent_below": 1}}`
	if got, _, err = c.Network(); err != nil || got.ThetaScaling.Rule != network.ThetaBySize {
		t.Fatalf("rule %q, %v", got.ThetaScaling.Rule, err)
	}
}

// TestConfigBeforeRuleChoice: a checkpoint's configuration from before the
// learning rule was a choice names the triplet's constants "stdp"; it reads
// as the triplet rule with them, and a rule's constants under another
// rule's name are refused.
func TestConfigBeforeRuleChoice(t *testing.T) {
	cfg := network.Default(1)
	m := &network.Model{N: 1, Inputs: dataset.Pixels, W: make([]float32, dataset.Pixels), Delay: make([]uint8, dataset.Pixels), Theta: []float64{20}}
	c, _ := New(&cfg, m, dataset.MNIST, 0, 0, nil)
	c.Config = `{"neurons": 1, "stdp": {"tau_pre_ms": 20, "tau_post1_ms": 20, "tau_post2_ms": 40, "nu_pre": 0.0002, "nu_post": 0.01, "w_min": 0, "w_max": 1}}`
	got, _, err := c.Network()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := got.Plasticity.Params.(*learning.Triplet)
	if !ok || p.NuPre != 2e-4 || !p.Normalize || p.PreTrace != learning.TraceSet {
		t.Fatalf("read as %s %+v", got.Plasticity.Rule(), got.Plasticity.Params)
	}
	for _, bad := range []string{
		`{"neurons": 1, "plasticity": {"rule": "power-law"}, "stdp": {"nu_pre": 0.0002}}`,
		`{"neurons": 1, "plasticity": {"rule": "power-law", "triplet": {}}}`,
		`{"neurons": 1, "stdp": {"nu_pree": 0.0002}}`,
	} {
		c.Config = bad
		if _, _, err := c.Network(); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestFromCheckpointChecksValues: weights above what the configuration
// allows and absurd thresholds are refused with the neuron named.
func TestFromCheckpointChecksValues(t *testing.T) {
	cfg := network.Default(2)
	m := network.NewModel(&cfg, dataset.Pixels)
	for _, c := range []struct {
		edit func(*network.Model)
		want string
	}{
		{func(m *network.Model) { m.W[3] = 79 }, "weight 3 (input 1 → neuron 1) is 79"},
		{func(m *network.Model) { m.W[0] = 3e38 }, "weight 0 (input 0 → neuron 0) is 3e+38"},
		{func(m *network.Model) { m.Theta[1] = 1e300 }, "θ of neuron 1"},
	} {
		b := m.Clone()
		c.edit(b)
		ck, _ := New(&cfg, b, dataset.MNIST, 0, 0, nil)
		if _, _, err := ck.Network(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
	b := m.Clone()
	b.W[0] = 50 // possible right after normalisation to 78
	ck, _ := New(&cfg, b, dataset.MNIST, 0, 0, nil)
	if _, _, err := ck.Network(); err != nil {
		t.Errorf("a weight below norm_total refused: %v", err)
	}
}

// TestConfigBeforeWeightStart: every run saved before the start was a
// choice began at random, whatever its size; a saved start reads back.
func TestConfigBeforeWeightStart(t *testing.T) {
	n := network.DataStartFrom
	cfg := network.Default(n)
	m := network.NewModel(&cfg, dataset.Pixels)
	c, err := New(&cfg, m, dataset.MNIST, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := c.Network()
	if err != nil || got.WeightStart.Kind != network.StartData {
		t.Fatalf("saved start read as %+v, %v", got.WeightStart, err)
	}
	c.Config = fmt.Sprintf(`{"neurons": %d}`, n)
	if got, _, err = c.Network(); err != nil || got.WeightStart.Kind != network.StartRandom {
		t.Fatalf("a configuration without weight_start read as %+v, %v", got.WeightStart, err)
	}
}
