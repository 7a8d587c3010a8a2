package network

import (
	"encoding/json"
	"strings"
	"testing"
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
