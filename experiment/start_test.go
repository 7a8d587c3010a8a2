package experiment

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

// TestDataStartReadsNoLabel: the same images under shuffled labels, or
// under no labels at all, give bit-identical starting weights.
func TestDataStartReadsNoLabel(t *testing.T) {
	train := datasettest.Load(t, "train").Head(500)
	cfg := network.Default(40)
	cfg.WeightStart = network.WeightStart{Kind: network.StartData}
	a, err := StartModel(&cfg, train)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := *train
	shuffled.Labels = slices.Clone(train.Labels)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled.Labels), func(i, j int) {
		shuffled.Labels[i], shuffled.Labels[j] = shuffled.Labels[j], shuffled.Labels[i]
	})
	if slices.Equal(shuffled.Labels, train.Labels) {
		t.Fatal("the labels did not move")
	}
	b, err := StartModel(&cfg, &shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.W, b.W) || !slices.Equal(a.Delay, b.Delay) || !slices.Equal(a.Theta, b.Theta) {
		t.Fatal("shuffled labels changed the start")
	}
	random := cfg
	random.WeightStart = network.WeightStart{Kind: network.StartRandom}
	r, _ := StartModel(&random, train)
	if slices.Equal(a.W, r.W) {
		t.Fatal("the data start is the random one")
	}
	// Every neuron is one of the images, scaled: its brightest input is
	// where that image is brightest.
	for j := range cfg.Neurons {
		best, idx := float32(-1), 0
		for i := range a.Inputs {
			if w := a.W[i*cfg.Neurons+j]; w > best {
				best, idx = w, i
			}
		}
		found := false
		for k := range train.Len() {
			img := train.Image(k)
			if img[idx] == slices.Max(img) && img[idx] > 0 {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("neuron %d's brightest input %d is no image's brightest", j, idx)
		}
	}
}

// TestGrowFromRun trains a small run, grows a larger one from its folder,
// and checks the copies, the recorded source and the refusals.
func TestGrowFromRun(t *testing.T) {
	train := datasettest.Load(t, "train").Head(60)
	small := network.Default(5)
	f := Folder(t.TempDir())
	tr, err := NewTrainer(&small, train, f, false, TrainOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Train(context.Background(), train); err != nil {
		t.Fatal(err)
	}
	_, _, src, err := checkpoint.LoadNetwork(f.Checkpoint())
	if err != nil {
		t.Fatal(err)
	}
	big := network.Default(12)
	big.WeightStart = network.WeightStart{Kind: network.StartGrow, From: string(f), Noise: 0}
	m, err := StartModel(&big, train)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Inputs {
		for j := range m.N {
			if m.W[i*12+j] != src.W[i*5+j%5] {
				t.Fatalf("w[%d,%d] = %v, not its source's %v", i, j, m.W[i*12+j], src.W[i*5+j%5])
			}
		}
	}
	if m.Theta[11] != src.Theta[1] {
		t.Fatalf("θ %v not carried over from %v", m.Theta, src.Theta)
	}
	big.WeightStart.From = string(f) + "/missing"
	if _, err := StartModel(&big, train); err == nil || !strings.Contains(err.Error(), "weight start") {
		t.Fatalf("a missing source: %v", err)
	}
	other := &dataset.Set{Name: "train", Shape: dataset.Shape{Rows: 14, Cols: 14, Classes: 10}, Pixels: make([]byte, 196*4), Labels: make([]byte, 4)}
	big.WeightStart.From = string(f)
	if _, err := StartModel(&big, other); err == nil || !strings.Contains(err.Error(), "14×14") {
		t.Fatalf("a source of another image size: %v", err)
	}
}

// counting is an engine over the CPU one that counts presentations: the
// seam a second engine plugs into.
type counting struct {
	network.Engine
	shown *int
}

func (c counting) Present(img []byte, purpose, k uint64, counts []int32) network.Outcome {
	*c.shown++
	return c.Engine.Present(img, purpose, k, counts)
}

// TestTrainerRunsTheEngineGiven: a Trainer trains through the engine its
// options name, and the result is the CPU engine's.
func TestTrainerRunsTheEngineGiven(t *testing.T) {
	train := datasettest.Load(t, "train").Head(30)
	run := func(opt TrainOptions) []float32 {
		cfg := network.Default(12)
		tr, err := NewTrainer(&cfg, train, Folder(t.TempDir()), false, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Train(context.Background(), train); err != nil {
			t.Fatal(err)
		}
		_, _, m, err := checkpoint.LoadNetwork(tr.Checkpoint())
		if err != nil {
			t.Fatal(err)
		}
		return m.W
	}
	shown := 0
	wrapped := run(TrainOptions{Workers: 1, Engine: func(cfg *network.Config, m *network.Model, learn bool) network.Engine {
		return counting{cpu.New(cfg, m, learn), &shown}
	}})
	if shown != 30 {
		t.Fatalf("the engine given showed %d examples, want 30", shown)
	}
	if !slices.Equal(wrapped, run(TrainOptions{Workers: 1})) {
		t.Fatal("the same engine behind the seam trained other weights")
	}
}

// TestEvaluateRunsTheEngineGiven: evaluation presents every example through
// the engine its options name (from several workers), with the CPU
// engine's report.
func TestEvaluateRunsTheEngineGiven(t *testing.T) {
	assign, test := datasettest.Load(t, "train").Head(40), datasettest.Load(t, "test").Head(30)
	cfg := network.Default(12)
	m := network.NewModel(&cfg, assign.Shape.Pixels())
	var mu sync.Mutex
	shown := 0
	opt := EvalOptions{Workers: 2, Engine: func(cfg *network.Config, m *network.Model, learn bool) network.Engine {
		return lockedCounting{counting{cpu.New(cfg, m, learn), &shown}, &mu}
	}}
	got, _, err := Evaluate(context.Background(), &cfg, m, assign, test, opt)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := Evaluate(context.Background(), &cfg, m, assign, test, EvalOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if shown != 70 {
		t.Fatalf("the engine given showed %d examples, want 70", shown)
	}
	if !reflect.DeepEqual(got.Scores, want.Scores) {
		t.Fatalf("scores through the seam %+v, CPU %+v", got.Scores, want.Scores)
	}
}

type lockedCounting struct {
	counting
	mu *sync.Mutex
}

func (c lockedCounting) Present(img []byte, purpose, k uint64, counts []int32) network.Outcome {
	c.mu.Lock()
	*c.shown++
	c.mu.Unlock()
	return c.Engine.Present(img, purpose, k, counts)
}
