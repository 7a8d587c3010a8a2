package cpu

import (
	"math"
	"slices"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
)

func TestTeamBounds(t *testing.T) {
	for _, c := range []struct{ n, k, ranges int }{
		{131, 1, 1}, {131, 2, 2}, {131, 7, 7}, {131, 9, 8}, {30, 2, 1}, {6400, 16, 16}, {6400, 64, 64}, {17, 64, 1},
	} {
		b := teamBounds(c.n, c.k)
		if len(b)-1 != c.ranges || b[0] != 0 || b[len(b)-1] != c.n {
			t.Errorf("n %d, k %d: bounds %v, want %d ranges over [0, n)", c.n, c.k, b, c.ranges)
			continue
		}
		for w := 1; w < len(b); w++ {
			if b[w] <= b[w-1] || (w < len(b)-1 && b[w]%16 != 0) {
				t.Errorf("n %d, k %d: bounds %v", c.n, c.k, b)
			}
		}
	}
}

// TestWorkersMatchOneWorker trains the same network on 1, 2, 3 and 7
// workers, with an odd N and in tiles of 32 neurons, and requires the same
// spikes, weights, θ and state bit for bit.
func TestWorkersMatchOneWorker(t *testing.T) {
	t.Parallel() // the kernel choices are per value, not package state
	train := datasettest.Load(t, "train")
	type result struct {
		spikes []spikeEvent
		m      *network.Model
		st     network.State
	}
	runOn := func(k int) result {
		cfg := network.Default(131)
		cfg.Seed = 3
		m := network.NewModel(&cfg, dataset.Pixels)
		s := NewSim(&cfg, m, true)
		s.tile = 32
		s.SetWorkers(k)
		defer s.Close()
		if s.Workers() != k {
			t.Fatalf("%d workers, want %d", s.Workers(), k)
		}
		var log []spikeEvent
		s.Observe = recorder(&log)
		counts := make([]int32, cfg.Neurons)
		for e := 0; e < 10; e++ {
			s.Present(train.Image(e), network.PurposeTrain, uint64(e), counts)
			if e == 4 {
				s.SetWorkers(k) // a new team between examples changes nothing
			}
		}
		st, err := s.State()
		if err != nil {
			t.Fatal(err)
		}
		return result{log, m, st}
	}
	one := runOn(1)
	if len(one.spikes) == 0 {
		t.Fatal("no spikes")
	}
	same32 := func(a, b []float32) bool {
		return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
	}
	for _, k := range []int{2, 3, 7} {
		r := runOn(k)
		if !slices.Equal(r.spikes, one.spikes) {
			t.Fatalf("%d workers: spikes differ from one worker's", k)
		}
		if !same32(r.m.W, one.m.W) || !slices.Equal(r.m.Theta, one.m.Theta) {
			t.Fatalf("%d workers: weights or θ differ from one worker's", k)
		}
		if !same32(r.st.ExcV, one.st.ExcV) || !same32(r.st.ExcGe, one.st.ExcGe) || !same32(r.st.ExcGi, one.st.ExcGi) ||
			!slices.Equal(r.st.ExcLast, one.st.ExcLast) || !same32(r.st.InhV, one.st.InhV) {
			t.Fatalf("%d workers: state differs from one worker's", k)
		}
	}
}

// TestWorkersRunAlone trains without Observe, so that every part runs each
// presentation on its own, meeting the others only through their
// inhibitory spikes, on 1, 2, 3 and 7 workers (changed to another number
// halfway), and requires the counts of every example, the weights, θ and
// the state of the one-worker run that Observe steps one step at a time.
// Weights pushed above w_max by normalisation give the parts synapses to
// clip, which a change of team must hand over.
func TestWorkersRunAlone(t *testing.T) {
	t.Parallel()
	train := datasettest.Load(t, "train")
	type result struct {
		counts []int32
		over   int // synapses listed above w_max after an example, most
		m      *network.Model
		st     network.State
	}
	cfg := network.Default(131)
	cfg.Seed, cfg.NormTotal = 5, 400
	runOn := func(k, then int, observe bool) result {
		m := network.NewModel(&cfg, dataset.Pixels)
		s := NewSim(&cfg, m, true)
		s.tile = 32
		s.SetWorkers(k)
		defer s.Close()
		if observe {
			s.Observe = func(int64, []int16, []int32, []int32) {}
		}
		var all []int32
		over := 0
		counts := make([]int32, cfg.Neurons)
		for e := 0; e < 10; e++ {
			s.Present(train.Image(e), network.PurposeTrain, uint64(e), counts)
			all = append(all, counts...)
			o := 0
			for _, p := range s.parts {
				o += len(p.over)
			}
			over = max(over, o)
			if e == 4 {
				s.SetWorkers(then)
			}
		}
		st, err := s.State()
		if err != nil {
			t.Fatal(err)
		}
		return result{all, over, m, st}
	}
	one := runOn(1, 1, true)
	if slices.Max(one.counts) == 0 || one.over == 0 {
		t.Fatalf("no spikes or no synapse above w_max (%d): the case tests nothing", one.over)
	}
	same32 := func(a, b []float32) bool {
		return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
	}
	for _, c := range [][2]int{{1, 1}, {2, 3}, {3, 2}, {7, 1}, {1, 7}} {
		r := runOn(c[0], c[1], false)
		switch {
		case !slices.Equal(r.counts, one.counts):
			t.Fatalf("%d then %d workers: counts differ", c[0], c[1])
		case !same32(r.m.W, one.m.W) || !slices.Equal(r.m.Theta, one.m.Theta):
			t.Fatalf("%d then %d workers: weights or θ differ", c[0], c[1])
		case !same32(r.st.ExcV, one.st.ExcV) || !same32(r.st.ExcGi, one.st.ExcGi) || !same32(r.st.InhV, one.st.InhV) ||
			!same32(r.st.InhGe, one.st.InhGe) || !slices.Equal(r.st.InhLast, one.st.InhLast) || !slices.Equal(r.st.InputLast, one.st.InputLast):
			t.Fatalf("%d then %d workers: state differs", c[0], c[1])
		}
	}
}

// TestWorkersTakeASetState goes back to a state taken two examples earlier
// (SetState) on a team and trains on from there, and requires the counts,
// weights, θ and state of one worker doing the same: a team's workers keep
// copies of their neurons, which must be those of the state set.
func TestWorkersTakeASetState(t *testing.T) {
	t.Parallel()
	train := datasettest.Load(t, "train")
	cfg := network.Default(97)
	cfg.Seed = 11
	runOn := func(k int) ([]int32, *network.Model, network.State) {
		m := network.NewModel(&cfg, dataset.Pixels)
		s := NewSim(&cfg, m, true)
		s.SetWorkers(k)
		defer s.Close()
		counts := make([]int32, cfg.Neurons)
		var all []int32
		var back network.State
		for e := 0; e < 7; e++ {
			if e == 5 {
				if err := s.SetState(back); err != nil {
					t.Fatal(err)
				}
			}
			s.Present(train.Image(e%5), network.PurposeTrain, uint64(e), counts)
			all = append(all, counts...)
			if e == 2 {
				var err error
				if back, err = s.State(); err != nil {
					t.Fatal(err)
				}
			}
		}
		st, err := s.State()
		if err != nil {
			t.Fatal(err)
		}
		return all, m, st
	}
	countsOne, mOne, stOne := runOn(1)
	if slices.Max(countsOne) == 0 {
		t.Fatal("no spikes: the case tests nothing")
	}
	same32 := func(a, b []float32) bool {
		return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Float32bits(x) == math.Float32bits(y) })
	}
	for _, k := range []int{2, 3} {
		counts, m, st := runOn(k)
		switch {
		case !slices.Equal(counts, countsOne):
			t.Fatalf("%d workers: counts differ from one worker's", k)
		case !same32(m.W, mOne.W) || !slices.Equal(m.Theta, mOne.Theta):
			t.Fatalf("%d workers: weights or θ differ", k)
		case !same32(st.ExcV, stOne.ExcV) || !same32(st.ExcGe, stOne.ExcGe) || !same32(st.InhV, stOne.InhV) ||
			!same32(st.InhGe, stOne.InhGe) || !slices.Equal(st.InhLast, stOne.InhLast):
			t.Fatalf("%d workers: state differs", k)
		}
	}
}

// TestWroteReachesEveryWorker: weights and θ written from outside between
// two examples and announced with Model.Wrote reach every worker's copies,
// learning or frozen, so that two workers still match one; unannounced,
// the workers' copies would be stale.
func TestWroteReachesEveryWorker(t *testing.T) {
	img := make([]byte, 784)
	for i := 150; i < 650; i += 2 {
		img[i] = 200
	}
	for _, learn := range []bool{true, false} {
		cfg := network.Default(64)
		run := func(workers int, wrote bool) ([]int32, []float32) {
			m := network.NewModel(&cfg, 784)
			s := NewSim(&cfg, m, learn)
			defer s.Close()
			s.SetWorkers(workers)
			counts := make([]int32, 64)
			s.Present(img, network.PurposeTrain, 0, counts)
			for k := range m.W {
				if k%64 >= 40 { // the second worker's neurons
					m.W[k] *= 3
				}
			}
			for j := range m.Theta {
				m.Theta[j] = 0
			}
			if wrote {
				m.Wrote()
			}
			s.Present(img, network.PurposeTrain, 1, counts)
			return counts, m.W
		}
		oneC, oneW := run(1, true)
		twoC, twoW := run(2, true)
		if !slices.Equal(oneC, twoC) || !slices.Equal(oneW, twoW) {
			t.Fatalf("learn %v: two workers differ from one after a write announced", learn)
		}
		if staleC, _ := run(2, false); slices.Equal(staleC, twoC) {
			t.Fatalf("learn %v: an unannounced write changed nothing: the test does not show what it is for", learn)
		}
	}
}
