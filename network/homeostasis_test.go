package network

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"spikemnist/layers"
)

// TestThetaScalingKeepsTheReferenceSize: at 400 neurons the defaults are
// the original's constants bit for bit.
func TestThetaScalingKeepsTheReferenceSize(t *testing.T) {
	if c := Default(400); c.Exc != layers.DefaultExc() {
		t.Errorf("exc %+v, want the original %+v", c.Exc, layers.DefaultExc())
	}
}

// TestThetaScalingRule: θ+ and τ_θ grow as powers of N/400, with the
// exponents for smaller networks below 400 neurons and those for large ones
// from DataStartFrom on.
func TestThetaScalingRule(t *testing.T) {
	r := DefaultThetaScaling()
	for _, n := range []int{1, 100, 399, 401, 1600, DataStartFrom - 1, DataStartFrom, 6400, 10000} {
		c := Default(n)
		f := float64(n) / 400
		pe, te := r.PlusExponent, r.TauExponent
		switch {
		case n < 400:
			pe, te = r.PlusExponentBelow, r.TauExponentBelow
		case n >= DataStartFrom:
			pe, te = r.PlusExponentLarge, r.TauExponentLarge
		}
		if wantPlus, wantTau := 0.05*math.Pow(f, pe), 1e7*math.Pow(f, te); c.Exc.ThetaPlus != wantPlus || c.Exc.TauTheta != wantTau {
			t.Errorf("N=%d: θ+ %v, τ_θ %v; want %v, %v", n, c.Exc.ThetaPlus, c.Exc.TauTheta, wantPlus, wantTau)
		}
	}
	// The measured defaults at 6400 and 100 neurons.
	if c := Default(6400); c.Exc.ThetaPlus != 0.1 || c.Exc.TauTheta != 8e7 {
		t.Errorf("N=6400: θ+ %v, τ_θ %v; want 0.1, 8e7", c.Exc.ThetaPlus, c.Exc.TauTheta)
	}
	if c := Default(100); c.Exc.ThetaPlus != 0.05 || c.Exc.TauTheta != 2.5e6 {
		t.Errorf("N=100: θ+ %v, τ_θ %v; want 0.05, 2.5e6", c.Exc.ThetaPlus, c.Exc.TauTheta)
	}
	c := Default(6400)
	c.ThetaScaling.Rule = ThetaFixed
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

// TestThetaScalingReadsTheOneExponentForm: the first checkpoints with the
// rule gave one exponent a (θ+ ×f^a, τ_θ ×f^(1−a)), with "floor" or
// "exponent_below" for smaller networks; they read as the same exponents,
// and unknown fields are still refused.
func TestThetaScalingReadsTheOneExponentForm(t *testing.T) {
	const ref = `"rule": "size", "reference_neurons": 400, "reference_theta_plus_mv": 0.05, "reference_tau_theta_ms": 1e7`
	for _, c := range []struct {
		old                    string
		plus, tau, plusB, tauB float64
	}{
		{`"exponent": 0.25, "exponent_below": 1`, 0.25, 0.75, 1, 0},
		{`"exponent": 0.5, "floor": true`, 0.5, 0.5, 0, 0},
		{`"exponent": 0.25, "floor": false`, 0.25, 0.75, 0.25, 0.75},
	} {
		var r ThetaScaling
		if err := json.Unmarshal([]byte("{"+ref+", "+c.old+"}"), &r); err != nil {
			t.Fatal(err)
		}
		if r.PlusExponent != c.plus || r.TauExponent != c.tau || r.PlusExponentBelow != c.plusB || r.TauExponentBelow != c.tauB {
			t.Errorf("%s: read %+v, want exponents %v, %v above and %v, %v below", c.old, r, c.plus, c.tau, c.plusB, c.tauB)
		}
		if plus, tau := r.Factor(6400); plus != math.Pow(16, c.plus) || tau != math.Pow(16, c.tau) {
			t.Errorf("%s: factors at 6400 %v, %v", c.old, plus, tau)
		}
	}
	var r ThetaScaling
	if err := json.Unmarshal([]byte(`{"rule": "size", "exponnent": 1}`), &r); err == nil {
		t.Error("a misspelt field was accepted")
	}
}

// TestThetaScalingLargeRegime: a rule saved whole before the large regime
// existed reads without it, so an old 6400-neuron checkpoint's constants
// are still the rule's; a partial rule in a configuration file keeps it.
func TestThetaScalingLargeRegime(t *testing.T) {
	saved := `{"rule": "size", "reference_neurons": 400, "reference_theta_plus_mv": 0.05, "reference_tau_theta_ms": 1e7,
		"theta_plus_exponent": 0.25, "tau_theta_exponent": 0.25, "theta_plus_exponent_below": 0, "tau_theta_exponent_below": 1}`
	r := DefaultThetaScaling()
	if err := json.Unmarshal([]byte(saved), &r); err != nil {
		t.Fatal(err)
	}
	if plus, tau := r.Constants(6400); r.LargeFrom != 0 || plus != 0.1 || tau != 2e7 {
		t.Errorf("old saved rule: large from %d, constants at 6400 %v, %v; want none, 0.1, 2e7", r.LargeFrom, plus, tau)
	}
	r = DefaultThetaScaling()
	if err := json.Unmarshal([]byte(`{"tau_theta_exponent": 0.5}`), &r); err != nil {
		t.Fatal(err)
	}
	if plus, tau := r.Constants(6400); r.LargeFrom != DataStartFrom || plus != 0.1 || tau != 8e7 {
		t.Errorf("partial rule: large from %d, constants at 6400 %v, %v; want %d, 0.1, 8e7", r.LargeFrom, plus, tau, DataStartFrom)
	}
	r.LargeFrom = -1
	if err := r.validate(); err == nil {
		t.Error("a negative large_neurons was accepted")
	}
}
