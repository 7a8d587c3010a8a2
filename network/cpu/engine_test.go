package cpu

import (
	"context"
	"math"
	"slices"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
	"strings"
	"testing"
)

// TestScaledThetaStaysAboveRest is the failure of issue "every size works"
// in miniature: constants that suit a small network (25 neurons here, with
// θ fast enough to settle within 200 examples) let θ sink below the resting
// threshold in a network 16 times larger, unless the rule scales them.
func TestScaledThetaStaysAboveRest(t *testing.T) {
	train := datasettest.Load(t, "train")
	const n, examples = 400, 200
	atRest := map[string]int{}
	for _, rule := range []string{network.ThetaFixed, network.ThetaBySize} {
		cfg := network.Default(n)
		cfg.ThetaScaling = network.ThetaScaling{Rule: rule, Reference: 25, RefThetaPlus: 0.5, RefTauTheta: 2.5e4, PlusExponent: 0.5, TauExponent: 0.5}
		cfg.ScaleTheta()
		m := network.NewModel(&cfg, dataset.Pixels)
		s := NewSim(&cfg, m, true)
		counts := make([]int32, n)
		for k := 0; k < examples; k++ {
			s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
		}
		atRest[rule] = cfg.ThetaStats(m.Theta).AtRest
		t.Logf("rule %s: %v", rule, cfg.ThetaStats(m.Theta))
	}
	if atRest[network.ThetaBySize] != 0 {
		t.Errorf("scaled: %d neurons with θ at or below rest, want none", atRest[network.ThetaBySize])
	}
	if atRest[network.ThetaFixed] < n/2 {
		t.Errorf("unscaled: only %d neurons with θ at or below rest; the test no longer shows the failure it guards against", atRest[network.ThetaFixed])
	}
}

// TestScheduleChangesTraining: a schedule that reaches full settings after
// the examples shown trains differently from none, and one that is over
// before the first example (G = 0) trains exactly as none.
func TestScheduleChangesTraining(t *testing.T) {
	img := make([]byte, 784)
	for i := 200; i < 600; i += 3 {
		img[i] = 255
	}
	train := func(s network.Schedule) []float32 {
		cfg := network.Default(20)
		cfg.Schedule = s
		m := network.NewModel(&cfg, 784)
		sim := NewSim(&cfg, m, true)
		counts := make([]int32, 20)
		for k := range 4 {
			sim.Present(img, network.PurposeTrain, uint64(k), counts)
		}
		return m.W
	}
	none := train(network.Schedule{})
	same, other := train(network.Schedule{InhibitionFrom: 0.1}), train(testSchedule)
	differ := 0
	for k := range none {
		if none[k] != same[k] {
			t.Fatal("a schedule of no examples changed training")
		}
		if none[k] != other[k] {
			differ++
		}
	}
	if differ == 0 {
		t.Fatal("the schedule changed nothing")
	}
}

// TestSetStateChecksValues: a state no run can produce (from a damaged or
// forged checkpoint) is refused before it is used.
func TestSetStateChecksValues(t *testing.T) {
	cfg := network.Default(3)
	s := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), true)
	s.Present(make([]byte, dataset.Pixels), network.PurposeTrain, 0, make([]int32, 3))
	good, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*network.State){
		"exc v":          func(st *network.State) { st.ExcV[1] = float32(math.NaN()) },
		"exc g_i":        func(st *network.State) { st.ExcGi[0] = -1 },
		"inh last spike": func(st *network.State) { st.InhLast[2] = st.Step + 5 },
		"count":          func(st *network.State) { st.Counts[0] = -3 },
		"at step":        func(st *network.State) { st.Step = -1 },
	} {
		st := good
		st.ExcV, st.ExcGi, st.InhLast, st.Counts = clone(good.ExcV), clone(good.ExcGi), clone(good.InhLast), clone(good.Counts)
		edit(&st)
		if err := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), true).SetState(st); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if err := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), true).SetState(good); err != nil {
		t.Fatal(err)
	}
}

// TestRecordInSetMatchesEvaluation: any example, not only the first of an
// evaluation block, is recorded with the counts evaluation gives it.
func TestRecordInSetMatchesEvaluation(t *testing.T) {
	train, test := datasettest.Load(t, "train"), datasettest.Load(t, "test")
	cfg := network.Default(20)
	cfg.EvalBlock = 4
	m := trainOn(&cfg, train, 60)
	cfg.Rest = 10 // a short rest carries more from one example into the next
	set := test.Head(8)
	want := make([][]int32, set.Len())
	err := Respond(context.Background(), &cfg, m, set, network.PurposeTest, 1, func(k int, c []int32, _ network.Outcome) {
		want[k] = slices.Clone(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	differs := false
	for _, k := range []int{0, 1, 2, 3, 5, 6, 7} {
		r := RecordInSet(&cfg, m, set, network.PurposeTest, k, 2)
		if !slices.Equal(r.Counts, want[k]) {
			t.Errorf("example %d: recorded counts %v, evaluation %v", k, r.Counts, want[k])
		}
		if k%cfg.EvalBlock != 0 && !slices.Equal(Record(&cfg, m, set.Image(k), network.PurposeTest, k, 2).Counts, want[k]) {
			differs = true
		}
	}
	if !differs {
		t.Fatal("a rested start gives the same counts here: the case does not show what it is for")
	}
}

// TestScheduleNeedsRates: a rate schedule over a rule with no rates to
// scale (the fifth rule of these tests) is refused.
func TestScheduleNeedsRates(t *testing.T) {
	c := network.Default(10)
	if err := network.DecodeConfig([]byte(`{"plasticity": {"rule": "fading (test)"}}`), &c); err != nil {
		t.Fatal(err)
	}
	c.Schedule = network.Schedule{RateExamples: 10, RateTo: 0.5}
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "no learning rates a schedule can change") {
		t.Fatalf("%v", err)
	}
}
