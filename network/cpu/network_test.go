package cpu

import (
	"context"
	"math"
	"reflect"
	"slices"
	"spikemnist/network"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/learning"
	"spikemnist/results"
)

// TestSTDPPairByHand drives one synapse through a pre spike, two post
// spikes and another pre spike, and compares the weight with the rule
// computed by hand.
func TestSTDPPairByHand(t *testing.T) {
	cfg := network.Default(1)
	m, s, fired := oneSynapse(&cfg)
	run := func(until int64, in, force map[int64]bool) { drive(s, until, in, force) }
	// Input 0 fires at step 10 (arrives at 13) and 50 (arrives at 53); the
	// neuron is made to fire at steps 20 and 40.
	run(60, map[int64]bool{10: true, 50: true}, map[int64]bool{20: true, 40: true})
	if !slices.Equal(*fired, []int64{20, 40}) {
		t.Fatalf("neuron fired at %v, want [20 40]", *fired)
	}
	e := func(steps, tau float64) float64 { return math.Exp(-steps * cfg.Dt / tau) }
	w := 0.5
	// Arrival at 13: post1 = 0 (never fired), no change. Spike at 20: post2
	// before it is 0, no change. Spike at 40: pre set at 13, post2 set at 20.
	w += 1e-2 * e(40-13, 20) * e(40-20, 40)
	// Arrival at 53: post1 set at 40.
	w -= 1e-4 * e(53-40, 20)
	if got := float64(m.W[0]); math.Abs(got-w) > 1e-7 {
		t.Fatalf("w = %.9f, want %.9f", got, w)
	}
	// Another input that never fired keeps its weight.
	if m.W[1] != 0.01 {
		t.Fatalf("untouched synapse changed to %v", m.W[1])
	}
}

// oneSynapse returns a one-neuron training network whose input 0 has weight
// 0.5 and delay 3 steps and whose other inputs are too weak for any spike
// but forced ones, with the record of the steps at which the neuron fires.
func oneSynapse(cfg *network.Config) (*network.Model, *Sim, *[]int64) {
	m := network.NewModel(cfg, dataset.Pixels)
	for k := range m.W {
		m.W[k] = 0.01
	}
	m.W[0], m.Delay[0] = 0.5, 3
	s := NewSim(cfg, m, true)
	fired := new([]int64)
	s.Observe = func(t int64, _ []int16, e, _ []int32) {
		if len(e) > 0 {
			*fired = append(*fired, t)
		}
	}
	return m, s, fired
}

// drive steps s until step until, input 0 firing at the steps in, the
// neuron made to fire at the steps in force.
func drive(s *Sim, until int64, in, force map[int64]bool) {
	for s.t < until {
		if force[s.t] {
			s.exc.V[0] = 0 // far above threshold: fires this step
		}
		if in[s.t] {
			s.step([]int16{0})
		} else {
			s.step(nil)
		}
	}
}

func TestBoostRuleBound(t *testing.T) {
	cfg := network.Default(5)
	cfg.MaxRepeats = 3
	m := network.NewModel(&cfg, dataset.Pixels)
	clear(m.W) // a silent network
	s := NewSim(&cfg, m, true)
	img := make([]byte, dataset.Pixels)
	for k := range img {
		img[k] = 255
	}
	o := s.Present(img, network.PurposeTrain, 0, make([]int32, 5))
	present, rest := cfg.Steps()
	if !o.Silent || o.Presentations != 4 || o.Intensity != 5 || o.Spikes != 0 {
		t.Fatalf("outcome %+v, want silent after 4 presentations at intensity 5", o)
	}
	if s.t != int64(4*(present+rest)) {
		t.Fatalf("simulated %d steps, want %d", s.t, 4*(present+rest))
	}
}

func TestBoostRuleRepeatsUntilEnoughSpikes(t *testing.T) {
	train := datasettest.Load(t, "train")
	cfg := network.Default(20)
	counts := make([]int32, 20)
	first := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), true).Present(train.Image(0), network.PurposeTrain, 0, counts)
	if first.Presentations != 1 {
		t.Fatalf("a fresh network needed %d presentations", first.Presentations)
	}
	cfg.MinSpikes = first.Spikes + 1 // the first presentation now falls short
	o := NewSim(&cfg, network.NewModel(&cfg, dataset.Pixels), true).Present(train.Image(0), network.PurposeTrain, 0, counts)
	sum := 0
	for _, c := range counts {
		sum += int(c)
	}
	if o.Presentations < 2 || o.Silent || o.Spikes < cfg.MinSpikes || sum != o.Spikes {
		t.Fatalf("outcome %+v (counts sum %d), want ≥ 2 presentations ending with ≥ %d spikes", o, sum, cfg.MinSpikes)
	}
	if want := cfg.Intensity + float64(o.Presentations-1)*cfg.IntensityStep; o.Intensity != want {
		t.Fatalf("intensity %v, want %v", o.Intensity, want)
	}
}

func trainOn(cfg *network.Config, set *dataset.Set, n int) *network.Model {
	m := network.NewModel(cfg, dataset.Pixels)
	s := NewSim(cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	for k := 0; k < n; k++ {
		s.Present(set.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	return m
}

func accuracy(t *testing.T, cfg *network.Config, m *network.Model, assign, test *dataset.Set) float64 {
	t.Helper()
	acc := results.NewAccumulator(m.N, 10)
	err := Respond(context.Background(), cfg, m, assign, network.PurposeAssign, 0, func(k int, c []int32, _ network.Outcome) {
		acc.Add(c, assign.Labels[k]) // safe: one worker per block of 250, and these sets fit in one
	})
	if err != nil {
		t.Fatal(err)
	}
	a := acc.Assign()
	correct := 0
	err = Respond(context.Background(), cfg, m, test, network.PurposeTest, 1, func(k int, c []int32, _ network.Outcome) {
		if a.AllActivity(c) == int(test.Labels[k]) {
			correct++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return 100 * float64(correct) / float64(test.Len())
}

// TestNetworkLearnsRealDigits trains a small network on 500 real digits and
// requires held-out accuracy far above chance and well above the same
// network untrained (random weights already give some accuracy).
func TestNetworkLearnsRealDigits(t *testing.T) {
	train, test := datasettest.Load(t, "train"), datasettest.Load(t, "test")
	cfg := network.Default(40)
	cfg.EvalBlock = 1000
	assign := &dataset.Set{Name: "train", Shape: dataset.MNIST, Pixels: train.Pixels[1000*dataset.Pixels : 1250*dataset.Pixels], Labels: train.Labels[1000:1250]}
	held := test.Head(250)
	untrained := accuracy(t, &cfg, network.NewModel(&cfg, dataset.Pixels), assign, held)
	trained := accuracy(t, &cfg, trainOn(&cfg, train, 500), assign, held)
	t.Logf("held-out accuracy: untrained %.1f%%, trained on 500 digits %.1f%%", untrained, trained)
	if trained < 40 || trained < untrained+20 {
		t.Fatalf("trained accuracy %.1f%% (untrained %.1f%%): the network did not learn", trained, untrained)
	}
}

func TestSameSeedSameWeights(t *testing.T) {
	train := datasettest.Load(t, "train")
	cfg := network.Default(15)
	a, b := trainOn(&cfg, train, 30), trainOn(&cfg, train, 30)
	if !slices.Equal(a.W, b.W) || !slices.Equal(a.Theta, b.Theta) || !slices.Equal(a.Delay, b.Delay) {
		t.Fatal("the same seed gave different networks")
	}
	cfg.Seed++
	c := trainOn(&cfg, train, 30)
	if slices.Equal(a.W, c.W) || slices.Equal(a.Delay, c.Delay) {
		t.Fatal("a different seed gave the same network")
	}
}

func TestRespondIndependentOfWorkers(t *testing.T) {
	train := datasettest.Load(t, "train")
	cfg := network.Default(25)
	cfg.EvalBlock = 7
	m := trainOn(&cfg, train, 50)
	set := train.Head(60)
	collect := func(workers int) []int32 {
		out := make([]int32, set.Len()*m.N)
		err := Respond(context.Background(), &cfg, m, set, network.PurposeAssign, workers, func(k int, c []int32, _ network.Outcome) {
			copy(out[k*m.N:], c)
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	one, three := collect(1), collect(3)
	if !slices.Equal(one, three) {
		t.Fatal("counts depend on the number of workers")
	}
	if slices.Max(one) == 0 {
		t.Fatal("no spikes at all")
	}
}

func TestCheckFiniteNamesTheVariable(t *testing.T) {
	cfg := network.Default(3)
	m := network.NewModel(&cfg, dataset.Pixels)
	s := NewSim(&cfg, m, true)
	if err := s.CheckFinite(true); err != nil {
		t.Fatal(err)
	}
	s.exc.Gi[2] = float32(math.Inf(1))
	if err := s.CheckFinite(false); err == nil || err.Error() != "excitatory g_i of neuron 2 is +Inf" {
		t.Fatalf("got %v", err)
	}
	s.exc.Gi[2] = 0
	m.W[3*5+1] = float32(math.NaN())
	if err := s.CheckFinite(false); err != nil {
		t.Fatalf("weights checked when not asked: %v", err)
	}
	if err := s.CheckFinite(true); err == nil || err.Error() != "weight of input 5 → neuron 1 is NaN" {
		t.Fatalf("got %v", err)
	}
}

// TestStateRestoresExactly trains 30 examples straight, and 30 split in
// two with the state carried through State/SetState into a new Sim over a
// copy of the model: the weights, θ and every count must be identical, with
// the default rule, with one whose traces are incremented and that keeps a
// state of its own (pre-post), and with one that only acts on spikes.
func TestStateRestoresExactly(t *testing.T) {
	train := datasettest.Load(t, "train")
	for _, rule := range []string{"triplet", "pre-post", "power-law"} {
		t.Run(rule, func(t *testing.T) { testStateRestores(t, train, rule) })
	}
}

func testStateRestores(t *testing.T, train *dataset.Set, rule string) {
	cfg := network.Default(20)
	p, err := learning.ForRule(rule)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Plasticity = p
	straight := network.NewModel(&cfg, dataset.Pixels)
	s := NewSim(&cfg, straight, true)
	c1, c2 := make([]int32, 20), make([]int32, 20)
	var want, got []int32
	for k := 0; k < 30; k++ {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), c1)
		want = append(want, c1...)
	}
	// Split after an example whose rest produced spikes, which belong to
	// the next example's count.
	split := network.NewModel(&cfg, dataset.Pixels)
	a := NewSim(&cfg, split, true)
	k := 0
	for ; k < 30 && (k < 3 || slices.Max(a.counts) == 0); k++ {
		a.Present(train.Image(k), network.PurposeTrain, uint64(k), c2)
		got = append(got, c2...)
	}
	if k == 30 {
		t.Fatal("no example left spikes pending across its rest")
	}
	st, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	if add := rule != "triplet"; (st.InputTrace != nil) != add || (st.RuleState != nil) != (rule == "pre-post") {
		t.Fatalf("state of rule %s: %d input traces, %d rule values", rule, len(st.InputTrace), len(st.RuleState))
	}
	resumed := split.Clone()
	b := NewSim(&cfg, resumed, true)
	if err := b.SetState(st); err != nil {
		t.Fatal(err)
	}
	if again, err := b.State(); err != nil || !reflect.DeepEqual(st, again) {
		t.Fatalf("state read back differs from the state set (%v)", err)
	}
	for ; k < 30; k++ {
		b.Present(train.Image(k), network.PurposeTrain, uint64(k), c2)
		got = append(got, c2...)
	}
	if !slices.Equal(want, got) || !slices.Equal(straight.W, resumed.W) || !slices.Equal(straight.Theta, resumed.Theta) {
		t.Fatal("a resumed run differs from a straight one")
	}
	if slices.Equal(straight.W, network.NewModel(&cfg, dataset.Pixels).W) {
		t.Fatal("the rule changed no weight")
	}
	short := cfg
	short.Rest = 5
	if _, err := NewSim(&short, network.NewModel(&short, dataset.Pixels), true).State(); err == nil {
		t.Fatal("State allowed with spikes in flight between examples")
	}
}

// TestRecordMatchesEvaluation records an example that starts an evaluation
// block and requires the same counts as evaluation, and consistent traces.
func TestRecordMatchesEvaluation(t *testing.T) {
	train, test := datasettest.Load(t, "train"), datasettest.Load(t, "test")
	cfg := network.Default(20)
	cfg.EvalBlock = 5
	m := trainOn(&cfg, train, 60)
	set := test.Head(10)
	want := make([]int32, m.N)
	err := Respond(context.Background(), &cfg, m, set, network.PurposeTest, 1, func(k int, c []int32, _ network.Outcome) {
		if k == 5 {
			copy(want, c)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	r := Record(&cfg, m, set.Image(5), network.PurposeTest, 5, 3)
	if !slices.Equal(r.Counts, want) {
		t.Fatalf("recorded counts %v, evaluation %v", r.Counts, want)
	}
	present, rest := cfg.Steps()
	active := 0
	for _, c := range r.Counts {
		if c > 0 {
			active++
		}
	}
	if n := min(3, max(active, 1)); r.Steps != r.Outcome.Presentations*(present+rest) || len(r.Neurons) != n || len(r.V[0]) != r.Steps || len(r.Threshold[n-1]) != r.Steps {
		t.Fatalf("recording of %d steps, %d neurons (%d fired), %d potentials", r.Steps, len(r.Neurons), active, len(r.V[0]))
	}
	for _, j := range r.Neurons {
		if active > 0 && r.Counts[j] == 0 {
			t.Fatalf("traced neuron %d never fired", j)
		}
	}
	if r.Counts[r.Neurons[0]] != slices.Max(r.Counts) {
		t.Fatal("the first traced neuron is not the most active")
	}
	fired := 0
	for _, e := range r.Exc {
		if int(e.Step) < r.Steps {
			fired++
		}
	}
	if sum := int(r.Outcome.Spikes); sum == 0 || fired < sum || len(r.Input) != r.Outcome.InputSpikes {
		t.Fatalf("%d excitatory spikes recorded for %d counted; %d inputs for %d", fired, sum, len(r.Input), r.Outcome.InputSpikes)
	}
}
