package network

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"spikemnist/internal/mnisttest"
	"spikemnist/layers"
)

// TestThetaScalingKeepsTheReferenceSize: at 400 neurons, and below, the
// defaults are the original's constants bit for bit.
func TestThetaScalingKeepsTheReferenceSize(t *testing.T) {
	orig := layers.DefaultExc()
	for _, n := range []int{1, 100, 399, 400} {
		c := Default(n)
		if c.Exc != orig {
			t.Errorf("N=%d: exc %+v, want the original %+v", n, c.Exc, orig)
		}
	}
}

// TestThetaScalingRule: above the reference size θ+·τ_θ grows as N, split
// between the two by the exponent.
func TestThetaScalingRule(t *testing.T) {
	r := DefaultThetaScaling()
	for _, n := range []int{401, 1600, 3200, 6400, 10000} {
		c := Default(n)
		f := float64(n) / 400
		wantPlus, wantTau := 0.05*math.Pow(f, r.Exponent), 1e7*math.Pow(f, 1-r.Exponent)
		if c.Exc.ThetaPlus != wantPlus || c.Exc.TauTheta != wantTau {
			t.Errorf("N=%d: θ+ %v, τ_θ %v; want %v, %v", n, c.Exc.ThetaPlus, c.Exc.TauTheta, wantPlus, wantTau)
		}
		if got := c.Exc.ThetaPlus * c.Exc.TauTheta / (0.05 * 1e7); math.Abs(got-f) > 1e-12*f {
			t.Errorf("N=%d: θ+·τ_θ grew by %v, want %v", n, got, f)
		}
	}
	// Without the floor, smaller networks scale down the same way.
	c := Default(100)
	c.ThetaScaling.Floor = false
	c.ScaleTheta()
	if want := 1e7 * math.Pow(0.25, 1-r.Exponent); c.Exc.TauTheta != want {
		t.Errorf("N=100 without floor: τ_θ %v, want %v", c.Exc.TauTheta, want)
	}
	c.ThetaScaling.Rule = ThetaFixed
	c.Neurons = 6400
	c.ScaleTheta()
	if c.Exc.ThetaPlus != 0.05 || c.Exc.TauTheta != 1e7 {
		t.Errorf(`rule "none" at N=6400: θ+ %v, τ_θ %v; want the original's`, c.Exc.ThetaPlus, c.Exc.TauTheta)
	}
}

// TestExplicitThetaWins: θ constants a configuration file names are kept
// whatever the size; the other one still follows the rule.
func TestExplicitThetaWins(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	os.WriteFile(path, []byte(`{"neurons": 6400, "exc": {"Theta_Plus_mV": 0.8}}`), 0o644)
	c := Default(400)
	if err := LoadConfigFile(path, &c); err != nil {
		t.Fatal(err)
	}
	c.ScaleTheta()
	if want := Default(6400).Exc.TauTheta; c.Exc.ThetaPlus != 0.8 || c.Exc.TauTheta != want {
		t.Fatalf("θ+ %v, τ_θ %v; want 0.8 (explicit), %v (scaled)", c.Exc.ThetaPlus, c.Exc.TauTheta, want)
	}
	os.WriteFile(path, []byte(`{"theta_scaling": {"rule": "none"}}`), 0o644)
	c = Default(400)
	if err := LoadConfigFile(path, &c); err != nil {
		t.Fatal(err)
	}
	c.Neurons = 6400 // as the -neurons flag does after the file
	c.ScaleTheta()
	if c.Exc.ThetaPlus != 0.05 || c.Exc.TauTheta != 1e7 {
		t.Fatalf(`rule "none" from a file: θ+ %v, τ_θ %v; want the original's`, c.Exc.ThetaPlus, c.Exc.TauTheta)
	}
	os.WriteFile(path, []byte(`{"theta_scaling": {"rule": "sideways"}}`), 0o644)
	c = Default(400)
	LoadConfigFile(path, &c)
	if err := c.Validate(); err == nil {
		t.Fatal("an unknown rule passed validation")
	}
}

func TestThetaStats(t *testing.T) {
	c := Default(4)
	st := c.ThetaStats([]float64{30, 6.5, 7, 12})
	if st.RestTheta != 7 || st.AtRest != 2 || st.Min != 6.5 || st.Max != 30 || st.Median != 9.5 {
		t.Fatalf("%+v", st)
	}
}

// TestScaledThetaStaysAboveRest is the failure of issue "every size works"
// in miniature: constants that suit a small network (25 neurons here, with
// θ fast enough to settle within 200 examples) let θ sink below the resting
// threshold in a network 16 times larger, unless the rule scales them.
func TestScaledThetaStaysAboveRest(t *testing.T) {
	train := mnisttest.Load(t, "train")
	const n, examples = 400, 200
	atRest := map[string]int{}
	for _, rule := range []string{ThetaFixed, ThetaBySize} {
		cfg := Default(n)
		cfg.ThetaScaling = ThetaScaling{Rule: rule, Reference: 25, RefThetaPlus: 0.5, RefTauTheta: 2.5e4, Exponent: 0.5, Floor: true}
		cfg.ScaleTheta()
		m := NewModel(&cfg)
		s := NewSim(&cfg, m, true)
		counts := make([]int32, n)
		for k := 0; k < examples; k++ {
			s.Present(train.Image(k), PurposeTrain, uint64(k), counts)
		}
		atRest[rule] = cfg.ThetaStats(m.Theta).AtRest
		t.Logf("rule %s: %v", rule, cfg.ThetaStats(m.Theta))
	}
	if atRest[ThetaBySize] != 0 {
		t.Errorf("scaled: %d neurons with θ at or below rest, want none", atRest[ThetaBySize])
	}
	if atRest[ThetaFixed] < n/2 {
		t.Errorf("unscaled: only %d neurons with θ at or below rest; the test no longer shows the failure it guards against", atRest[ThetaFixed])
	}
}
