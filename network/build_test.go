package network

import (
	"strings"
	"testing"
)

// TestBuildLayers: later layers win, the size's settings follow the final
// size unless a layer named them, an error names its layer, and a built
// configuration saved and built again is the same.
func TestBuildLayers(t *testing.T) {
	c, err := Build(Layer{"file", []byte(`{"neurons": 100, "exc": {"theta_plus_mv": 0.07}}`)}, Layer{"flags", []byte(`{"neurons": 6400}`)})
	if err != nil {
		t.Fatal(err)
	}
	d := Default(6400)
	if c.Neurons != 6400 || c.Exc.ThetaPlus != 0.07 || c.Exc.TauTheta != d.Exc.TauTheta || c.WeightStart.Kind != StartData {
		t.Fatalf("N %d, θ+ %v, τ_θ %v (want %v), start %+v", c.Neurons, c.Exc.ThetaPlus, c.Exc.TauTheta, d.Exc.TauTheta, c.WeightStart)
	}
	c, err = Build(Layer{"base", []byte(`{"weight_start": {"kind": "random"}}`)}, Layer{"parameters", []byte(`{"neurons": 6400}`)})
	if err != nil || !c.WeightStart.IsRandom() {
		t.Fatalf("a start named by a layer: %+v, %v", c.WeightStart, err)
	}
	if _, err := Build(Layer{"base", nil}, Layer{"parameters", []byte(`{"neurns": 5}`)}); err == nil || !strings.HasPrefix(err.Error(), "parameters: ") {
		t.Fatalf("unknown field: %v", err)
	}
	if _, err := Build(Layer{"flags", []byte(`{"neurons": 0}`)}); err == nil || !strings.Contains(err.Error(), "neurons must be at least 1") {
		t.Fatalf("invalid: %v", err)
	}
	if c, err := Build(); err != nil || c.Neurons != 400 || !c.WeightStart.IsRandom() {
		t.Fatalf("no layers: %+v, %v", c, err)
	}
}
