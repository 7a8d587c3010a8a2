package cpu

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"spikemnist/learning"
	"spikemnist/network"
)

// numericPaths lists every numeric field of a configuration as its dotted
// JSON path.
func numericPaths(tree map[string]any, prefix string, out *[]string) {
	for k, v := range tree {
		switch x := v.(type) {
		case float64:
			*out = append(*out, prefix+k)
		case map[string]any:
			numericPaths(x, prefix+k+".", out)
		}
	}
}

// withValue is the configuration JSON of n neurons with the field at path
// set to v, written as JSON writes a number (NaN and ±Inf, which JSON
// cannot hold, as the largest magnitudes it can).
func withValue(base map[string]any, path string, v float64) []byte {
	keys := strings.Split(path, ".")
	tree := map[string]any{}
	node := tree
	src := base
	for i, k := range keys {
		if i == len(keys)-1 {
			node[k] = json.RawMessage(strings.TrimSuffix(fmt.Sprintf("%v", v), ".0"))
			if math.IsInf(v, 1) || math.IsNaN(v) {
				node[k] = json.RawMessage("1e308")
			} else if math.IsInf(v, -1) {
				node[k] = json.RawMessage("-1e308")
			} else if v == 0 && math.Signbit(v) {
				node[k] = json.RawMessage("-0")
			}
			break
		}
		sub := map[string]any{}
		if s, ok := src[k].(map[string]any); ok {
			src = s
			if r, ok := s["rule"]; ok { // a plasticity section names its rule
				sub["rule"] = r
			}
		}
		node[k] = sub
		node = sub
	}
	b, _ := json.Marshal(tree)
	return b
}

// TestEveryNumericFieldAtItsExtremes sets each numeric field of the
// configuration, one at a time, to extremes (0, −0, ±subnormal, tiny, huge,
// the largest JSON number) and requires one of two things: Build refuses it
// in one line naming the field, or a small network trains on an example and
// answers one frozen, without a panic, within a minute and within 1 GB of
// allocations.
func TestEveryNumericFieldAtItsExtremes(t *testing.T) {
	if testing.Short() {
		t.Skip("every field at every extreme")
	}
	img := make([]byte, 784)
	for i := 100; i < 700; i += 3 {
		img[i] = 255
	}
	refused, ran := 0, 0
	values := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, 1e-300, -1, 1e6, 2.5e6, 1e15, math.Inf(1), math.Inf(-1)}
	fields := 0
	for r, rule := range learning.Rules() { // every rule's constants; the rest once
		def, err := network.Build(network.Layer{Name: "rule", JSON: []byte(`{"neurons": 4, "plasticity": {"rule": "` + rule + `"}}`)})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(def)
		var base map[string]any
		json.Unmarshal(b, &base)
		var paths []string
		numericPaths(base, "", &paths)
		sort.Strings(paths)
		for _, path := range paths {
			if r > 0 && !strings.HasPrefix(path, "plasticity.") {
				continue
			}
			fields++
			r, n := extremes(t, base, path, values, img)
			refused, ran = refused+r, ran+n
		}
	}
	t.Logf("%d fields: %d cases refused, %d ran", fields, refused, ran)
	if fields < 50 || refused == 0 || ran == 0 {
		t.Fatal("the cases do not cover the configuration")
	}
}

// extremes tries the values at one field, as the test above says.
func extremes(t *testing.T, base map[string]any, path string, values []float64, img []byte) (refused, ran int) {
	for _, v := range values {
		layer := withValue(base, path, v)
		cfg, err := network.Build(network.Layer{Name: "four", JSON: []byte(`{"neurons": 4}`)}, network.Layer{Name: "case", JSON: layer})
		if err != nil {
			if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 300 {
				t.Errorf("%s = %v: refused in more than one short line: %q", path, v, msg)
			}
			refused++
			continue
		}
		if cfg.Neurons > 1024 {
			continue // a large network is only slow; sizes have their own bound
		}
		ran++
		if err := present(cfg, img); err != nil {
			t.Errorf("%s = %v (%s): %v", path, v, layer, err)
		}
	}
	return refused, ran
}

// present trains cfg's network on img once and shows it frozen once,
// reporting a panic, a run past a minute or more than 1 GB allocated.
func present(cfg *network.Config, img []byte) error {
	done := make(chan error, 1)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("panic: %v", p)
			}
		}()
		m := network.NewModel(cfg, 784)
		counts := make([]int32, cfg.Neurons)
		NewSim(cfg, m, true).Present(img, network.PurposeTrain, 0, counts)
		NewSim(cfg, m, false).Present(img, network.PurposeTest, 0, counts)
		done <- nil
	}()
	select {
	case err := <-done:
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if a := after.TotalAlloc - before.TotalAlloc; err == nil && a > 1<<30 {
			return fmt.Errorf("allocated %d MB", a>>20)
		}
		return err
	case <-time.After(time.Minute):
		return fmt.Errorf("still running after a minute")
	}
}
