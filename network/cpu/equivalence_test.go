package cpu

import (
	"fmt"
	"math"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
)

var testSchedule = network.Schedule{InhibitionFrom: 0.2, InhibitionExamples: 8, RateTo: 1.0 / 3, RateExamples: 6}

type spikeEvent struct {
	t    int64
	kind byte // 'x' input, 'e' excitatory, 'i' inhibitory
	idx  int32
}

func recorder(log *[]spikeEvent) func(int64, []int16, []int32, []int32) {
	return func(t int64, in []int16, e, i []int32) {
		for _, x := range in {
			*log = append(*log, spikeEvent{t, 'x', int32(x)})
		}
		for _, x := range e {
			*log = append(*log, spikeEvent{t, 'e', x})
		}
		for _, x := range i {
			*log = append(*log, spikeEvent{t, 'i', x})
		}
	}
}

// TestFastEngineMatchesReference runs the event-driven Sim and the literal
// refSim on the same seed and real digits and compares every spike, every
// count, and the final weights and θ.
func TestFastEngineMatchesReference(t *testing.T) {
	t.Parallel() // the kernel choices are per value, not package state
	train := datasettest.Load(t, "train")
	exact := func(c *network.Config) { c.DepressionFloor = 0 }
	cases := []struct {
		name    string
		learn   bool
		edit    func(*network.Config)
		maxDiff float64 // largest weight difference allowed; 0: bit-identical
		workers int     // sweep on this many goroutines (N = 67 then, so that each has neurons); 0: one
		tile    int     // sweep in tiles of this many neurons, as networks larger than defaultTile are; 0: one tile
	}{
		{name: "train exact", learn: true, edit: exact},
		{name: "train default floor", learn: true, edit: func(c *network.Config) {}, maxDiff: 1e-5},
		// Weights pushed above w_max by normalisation exercise the clip of
		// each synapse's next arrival; many repeats exercise the boost rule.
		{name: "train over w_max, repeats", learn: true, edit: func(c *network.Config) { c.NormTotal = 400; c.MinSpikes = 40; c.MaxRepeats = 3 }, maxDiff: 1e-5},
		{name: "frozen", edit: func(c *network.Config) {}},
		{name: "train on three workers", learn: true, edit: exact, workers: 3},
		// Tiles of 16 neurons, the last one shorter.
		{name: "train in tiles", learn: true, edit: exact, tile: 16},
		{name: "train in tiles on three workers", learn: true, edit: exact, workers: 3, tile: 16},
		{name: "frozen on two workers", edit: func(c *network.Config) {}, workers: 2},
		{name: "frozen in tiles", edit: func(c *network.Config) {}, tile: 16},
		// Inhibition from a fifth of w_ie to full over 8 examples, rates
		// falling to a third over 6 (and held for the last 6).
		{name: "train on schedules", learn: true, edit: func(c *network.Config) { exact(c); c.Schedule = testSchedule }},
		{name: "train on schedules, three workers", learn: true, edit: func(c *network.Config) { exact(c); c.Schedule = testSchedule }, workers: 3},
		{name: "frozen ignores schedules", edit: func(c *network.Config) { c.Schedule = testSchedule }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := network.Default(30)
			if tc.workers > 0 {
				cfg.Neurons = 67
			}
			cfg.Seed = 7
			tc.edit(&cfg)
			mFast, mRef := network.NewModel(&cfg, dataset.Pixels), network.NewModel(&cfg, dataset.Pixels)
			fast, ref := NewSim(&cfg, mFast, tc.learn), newRefSim(&cfg, mRef, tc.learn)
			if tc.workers > 0 {
				fast.SetWorkers(tc.workers)
				defer fast.Close()
				if fast.Workers() != tc.workers {
					t.Fatalf("%d workers, want %d", fast.Workers(), tc.workers)
				}
			}
			if tc.tile > 0 {
				fast.tile = tc.tile
			}
			var logF, logR []spikeEvent
			fast.Observe, ref.observe = recorder(&logF), recorder(&logR)
			cF, cR := make([]int32, cfg.Neurons), make([]int32, cfg.Neurons)
			repeats := 0
			for k := 0; k < 12; k++ {
				oF := fast.Present(train.Image(k), network.PurposeTrain, uint64(k), cF)
				oR := ref.present(train.Image(k), network.PurposeTrain, uint64(k), cR)
				if oF != oR {
					t.Fatalf("example %d: outcome %+v, reference %+v", k, oF, oR)
				}
				if fmt.Sprint(cF) != fmt.Sprint(cR) {
					t.Fatalf("example %d: counts %v, reference %v", k, cF, cR)
				}
				repeats += oF.Presentations - 1
			}
			if len(logF) != len(logR) {
				t.Fatalf("%d spikes, reference %d", len(logF), len(logR))
			}
			for n := range logF {
				if logF[n] != logR[n] {
					t.Fatalf("spike %d: %+v, reference %+v", n, logF[n], logR[n])
				}
			}
			var worst float64
			for k := range mFast.W {
				worst = max(worst, math.Abs(float64(mFast.W[k]-mRef.W[k])))
			}
			if worst > tc.maxDiff {
				t.Fatalf("weights differ by up to %g, allowed %g", worst, tc.maxDiff)
			}
			for j := range mFast.Theta {
				if math.Abs(fast.exc.Theta[j]-ref.exc.Theta[j]) > 1e-12 {
					t.Fatalf("θ of neuron %d: %v, reference %v", j, fast.exc.Theta[j], ref.exc.Theta[j])
				}
			}
			over := 0
			for _, p := range fast.parts {
				if p.book != nil {
					over += len(p.over)
				}
			}
			if tc.name == "train over w_max, repeats" && (repeats == 0 || over == 0) {
				t.Fatalf("case did not exercise what it is for: %d repeats, %d synapses over w_max", repeats, over)
			}
			t.Logf("%d spike events identical, max weight difference %g, %d repeats", len(logF), worst, repeats)
		})
	}
}
