package sweep

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExpandCrossProductInFileOrder(t *testing.T) {
	s, err := ParseSpec([]byte(`{
		"runs": [{"neurons": 10, "examples": 100}, {"neurons": 20, "epochs": 2}],
		"axes": {"rule": ["triplet", "power-law"], "seed": [1, 2, 3]}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Expand()
	if len(runs) != 12 {
		t.Fatalf("%d runs, want 2 × 2 × 3", len(runs))
	}
	want := []string{"n10_x100_triplet_s1", "n10_x100_triplet_s2", "n10_x100_triplet_s3", "n10_x100_power-law_s1"}
	for i, w := range want {
		if runs[i].Name != w || runs[i].Index != i {
			t.Fatalf("run %d is %q (index %d), want %q", i, runs[i].Name, runs[i].Index, w)
		}
	}
	if runs[11].Name != "n20_e2_power-law_s3" {
		t.Fatalf("last run %q", runs[11].Name)
	}
	cfg, examples, err := s.Config(&runs[5])
	if err != nil || cfg.Neurons != 10 || examples != 100 || cfg.Plasticity.Rule() != "power-law" || cfg.Seed != 3 {
		t.Fatalf("run 5: %v, %d examples, %v", cfg, examples, err)
	}
	cfg, examples, _ = s.Config(&runs[6])
	if cfg.Neurons != 20 || cfg.Epochs != 2 || examples != 0 || cfg.Plasticity.Rule() != "triplet" || cfg.Seed != 1 {
		t.Fatalf("run 6: N %d, %d epochs, %d examples, %s, seed %d", cfg.Neurons, cfg.Epochs, examples, cfg.Plasticity.Rule(), cfg.Seed)
	}
}

// TestAnyConfigField: a nested field, with the base under it and θ
// scaled for each size unless the sweep sets it.
func TestAnyConfigField(t *testing.T) {
	s, err := ParseSpec([]byte(`{
		"base": {"w_ie": 15, "plasticity": {"rule": "power-law"}},
		"axes": {"neurons": [100, 6400], "plasticity.power-law.eta": [0.01, 0.02], "exc.theta_plus_mv": [0.05]}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Expand()
	cfg, _, err := s.Config(&runs[3])
	if err != nil {
		t.Fatal(err)
	}
	if runs[3].Name != "n6400_plasticity.power-law.eta=0.02_exc.theta_plus_mv=0.05" || cfg.Neurons != 6400 || cfg.WIE != 15 ||
		cfg.Exc.ThetaPlus != 0.05 || !strings.Contains(string(mustJSON(cfg.Plasticity)), `"eta":0.02`) {
		t.Fatalf("%s: N %d, w_ie %v, θ+ %v, %s", runs[3].Name, cfg.Neurons, cfg.WIE, cfg.Exc.ThetaPlus, mustJSON(cfg.Plasticity))
	}
	plain, _ := ParseSpec([]byte(`{"axes": {"neurons": [100, 6400]}}`))
	pr, _ := plain.Expand()
	small, _, _ := plain.Config(&pr[0])
	big, _, _ := plain.Config(&pr[1])
	if small.Exc.TauTheta == big.Exc.TauTheta {
		t.Fatalf("θ not scaled with size: τ_θ %v at both", small.Exc.TauTheta)
	}
}

func TestSpecErrors(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{`{"axes": {"neurons": [10]}, "bogus": 1}`, `unknown field "bogus"`},
		{`{"axes": {"exc.bogus_mv": [1]}}`, `unknown field "bogus_mv"`},
		{`{"axes": {"rule": ["nonesuch"]}}`, `nonesuch`},
		{`{"axes": {"neurons": [0]}}`, `neurons must be at least 1`},
		{`{"axes": {"neurons": []}}`, `axes.neurons: no values`},
		{`{"axes": {"seed": [1, 1]}}`, `have the same parameters`},
		{`{"runs": [{"seed": 1}], "axes": {"seed": [2]}}`, `both an axis and set by a run`},
		{`{"axes": {"examples": [70000]}}`, `examples: 70000 is not a count`},
		{`{"axes": {"neurons": [10], "neurons.x": [1]}}`, `is a value, not an object`},
		{`{"eval": {"test_examples": 20000}}`, `eval.test_examples is 20000`},
		{`{"axes": {"seed": [1,2,3,4,5,6,7,8,9,10]}, "runs": [` + strings.Repeat(`{"neurons": 10},`, 10000) + `{"neurons": 10}]}`, `more than 100000 runs`},
		{`{"runs": [` + strings.Repeat(`{},`, 100000) + `{}]}`, `lists 100001 runs, more than 100000`},
		{`{"axes": {"seed": [1]}} {"axes": {"seed": [2]}}`, `after the JSON value`},
		{`{"axes": {"seed": [1]}} garbage`, `after the JSON value`},
		{`null`, `not null`},
		{`{"eval": {"holdout": 60000}}`, `eval.holdout is 60000`},
		{`{"eval": {"readout": "svm"}}`, `eval.readout is "svm"`},
		{`{"eval": {"holdout": 10000}}`, `trains on 0 examples, but eval.holdout 10000 leaves 50000`},
		{`{"examples": 50001, "eval": {"holdout": 10000}}`, `set examples to at most 50000`},
		{`{"examples": 50000, "eval": {"holdout": 10000, "assign_examples": 50001}}`, `only 50000 training digits precede`},
	} {
		if _, err := ParseSpec([]byte(c.spec)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.60s: error %v, want %q", c.spec, err, c.want)
		}
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestTableFillsUnsetParameters: a run that leaves a parameter to the
// defaults shows the value it has.
func TestTableFillsUnsetParameters(t *testing.T) {
	s, err := ParseSpec([]byte(`{"runs": [{"neurons": 10, "examples": 100, "w_ie": 15}, {"neurons": 20}]}`))
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Expand()
	tab := Collect(&Dir{Path: t.TempDir(), Spec: s, Runs: runs})
	if r := tab.Rows[1]; r.Params["examples"] != "60000" || r.Params["w_ie"] != "17" || r.State != NotStarted {
		t.Fatalf("row %+v", r)
	}
}
