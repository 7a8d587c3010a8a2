package network

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/internal/mnisttest"
)

// TestValidateRanges: values that would make a run hang, panic or exhaust
// memory are refused, each with its field's name, whether they come from a
// file or a checkpoint (both decode JSON over the defaults).
func TestValidateRanges(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"present_ms": 1e300}`, "present_ms"},
		{`{"dt_ms": 1e-6}`, "steps of dt_ms"},
		{`{"present_ms": 0.1}`, "shorter than one time step"},
		{`{"rest_ms": 1e9}`, "rest_ms"},
		{`{"epochs": 9223372036854775807}`, "epochs"},
		{`{"neurons": 1000000}`, "more than this program supports"},
		{`{"max_repeats": 100000}`, "max_repeats"},
		{`{"min_spikes": 2000000000}`, "min_spikes"},
		{`{"w_ie": -1}`, "w_ie"},
		{`{"w_init": 1e300}`, "w_init"},
		{`{"exc": {"v_rest_mv": 1e300}}`, "exc.v_rest_mv"},
		{`{"exc": {"refractory_ms": -1}}`, "refractory"},
		{`{"inh": {"refractory_ms": 1e300}}`, "inh.refractory_ms"},
		{`{"intensity_step": 1e300}`, "intensity_step"},
		{`{"max_delay_ms": 1e300}`, "max_delay_ms"},
		{`{"plasticity": {"rule": "pre-post", "pre-post": {"tau_post_ms": 0}}}`, "plasticity.pre-post.tau_post_ms"},
	} {
		cfg := Default(400)
		if err := json.Unmarshal([]byte(c.json), &cfg); err != nil {
			t.Errorf("%s: %v", c.json, err)
			continue
		}
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %q", c.json, err, c.want)
		}
	}
	for _, n := range []int{1, 100, 400, 6400, MaxNeurons} {
		if cfg := Default(n); cfg.Validate() != nil {
			t.Errorf("defaults for %d neurons: %v", n, cfg.Validate())
		}
	}
}

// TestSetStateChecksValues: a state no run can produce (from a damaged or
// forged checkpoint) is refused before it is used.
func TestSetStateChecksValues(t *testing.T) {
	cfg := Default(3)
	s := NewSim(&cfg, NewModel(&cfg, dataset.Pixels), true)
	s.Present(make([]byte, dataset.Pixels), PurposeTrain, 0, make([]int32, 3))
	good, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*State){
		"exc v":          func(st *State) { st.ExcV[1] = float32(math.NaN()) },
		"exc g_i":        func(st *State) { st.ExcGi[0] = -1 },
		"inh last spike": func(st *State) { st.InhLast[2] = st.Step + 5 },
		"count":          func(st *State) { st.Counts[0] = -3 },
		"at step":        func(st *State) { st.Step = -1 },
	} {
		st := good
		st.ExcV, st.ExcGi, st.InhLast, st.Counts = clone(good.ExcV), clone(good.ExcGi), clone(good.InhLast), clone(good.Counts)
		edit(&st)
		if err := NewSim(&cfg, NewModel(&cfg, dataset.Pixels), true).SetState(st); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if err := NewSim(&cfg, NewModel(&cfg, dataset.Pixels), true).SetState(good); err != nil {
		t.Fatal(err)
	}
}

// TestRecordInSetMatchesEvaluation: any example, not only the first of an
// evaluation block, is recorded with the counts evaluation gives it.
func TestRecordInSetMatchesEvaluation(t *testing.T) {
	train, test := mnisttest.Load(t, "train"), mnisttest.Load(t, "test")
	cfg := Default(20)
	cfg.EvalBlock = 4
	m := trainOn(&cfg, train, 60)
	cfg.Rest = 10 // a short rest carries more from one example into the next
	set := test.Head(8)
	want := make([][]int32, set.Len())
	err := Respond(context.Background(), &cfg, m, set, PurposeTest, 1, func(k int, c []int32, _ Outcome) {
		want[k] = slices.Clone(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	differs := false
	for _, k := range []int{0, 1, 2, 3, 5, 6, 7} {
		r := RecordInSet(&cfg, m, set, PurposeTest, k, 2)
		if !slices.Equal(r.Counts, want[k]) {
			t.Errorf("example %d: recorded counts %v, evaluation %v", k, r.Counts, want[k])
		}
		if k%cfg.EvalBlock != 0 && !slices.Equal(Record(&cfg, m, set.Image(k), PurposeTest, k, 2).Counts, want[k]) {
			differs = true
		}
	}
	if !differs {
		t.Fatal("a rested start gives the same counts here: the case does not show what it is for")
	}
}
