package netio

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/internal/mnisttest"
	"spikemnist/network"
)

// TestSaveLoadSameNetwork trains a little, saves, loads, and checks that the
// loaded network has the same weights and answers the same spikes.
func TestSaveLoadSameNetwork(t *testing.T) {
	train := mnisttest.Load(t, "train")
	cfg := network.Default(10)
	cfg.Seed = 5
	cfg.MaxRepeats = 7
	m := network.NewModel(&cfg)
	s := network.NewSim(&cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	for k := 0; k < 40; k++ {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	c, err := ToCheckpoint(&cfg, m, 40, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	back, err := checkpoint.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg2, m2, err := FromCheckpoint(back)
	if err != nil {
		t.Fatal(err)
	}
	if *cfg2 != cfg {
		t.Fatalf("config changed:\n%+v\n%+v", *cfg2, cfg)
	}
	if !slices.Equal(m.W, m2.W) || !slices.Equal(m.Delay, m2.Delay) || !slices.Equal(m.Theta, m2.Theta) {
		t.Fatal("weights, delays or θ changed")
	}
	respond := func(cfg *network.Config, m *network.Model) []int32 {
		set := train.Head(30)
		out := make([]int32, set.Len()*m.N)
		err := network.Respond(context.Background(), cfg, m, set, network.PurposeTest, 2, func(k int, c []int32, _ network.Outcome) {
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
	m := network.NewModel(&cfg)
	c, _ := ToCheckpoint(&cfg, m, 0, 0, nil)
	c.Delays[5] = 200
	if _, _, err := FromCheckpoint(c); err == nil || !strings.Contains(err.Error(), "delay") {
		t.Fatalf("out-of-range delay: %v", err)
	}
	c, _ = ToCheckpoint(&cfg, m, 0, 0, nil)
	c.Config = strings.Replace(c.Config, `"neurons": 2`, `"neurons": 3`, 1)
	if _, _, err := FromCheckpoint(c); err == nil || !strings.Contains(err.Error(), "neurons") {
		t.Fatalf("N mismatch: %v", err)
	}
	c.Config = `{"dt_ms": -1, "neurons": 2}`
	if _, _, err := FromCheckpoint(c); err == nil || !strings.Contains(err.Error(), "dt_ms") {
		t.Fatalf("bad config: %v", err)
	}
}
