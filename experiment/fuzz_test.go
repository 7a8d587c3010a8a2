package experiment

import (
	"context"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

var fuzzRun struct {
	once  sync.Once
	train *dataset.Set
	ckpt  *checkpoint.Checkpoint
	err   error
}

// fuzzSeed trains a small run for a few examples, stopped mid-epoch, whose
// checkpoint the fuzz target changes.
func fuzzSeed(t testing.TB) (*dataset.Set, *checkpoint.Checkpoint) {
	fuzzRun.once.Do(func() {
		fuzzRun.train = datasettest.Load(t, "train").Head(12)
		cfg := network.Default(6)
		cfg.CheckpointEvery = 5
		f := Folder(t.TempDir())
		tr, err := NewTrainer(&cfg, fuzzRun.train, f, false, TrainOptions{Workers: 1, AfterExample: func(seen int64) {}})
		if err != nil {
			fuzzRun.err = err
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		tr.opt.AfterExample = func(seen int64) {
			if seen == 7 {
				cancel()
			}
		}
		if _, err := tr.Train(ctx, fuzzRun.train); err != nil {
			fuzzRun.err = err
			return
		}
		fuzzRun.ckpt, fuzzRun.err = checkpoint.Load(f.Checkpoint())
	})
	if fuzzRun.err != nil {
		t.Fatal(fuzzRun.err)
	}
	return fuzzRun.train, fuzzRun.ckpt
}

// FuzzResumeWhatLoads changes one value of a resumable checkpoint's arrays
// (which array, which element, which bits: from the fuzzer), and whatever
// still saves and loads must resume, train, label and classify without a
// panic: an error, if any, is the answer.
func FuzzResumeWhatLoads(f *testing.F) {
	f.Add(uint8(0), uint16(0), uint64(0))
	f.Add(uint8(3), uint16(2), uint64(math.Float64bits(-1)))
	f.Add(uint8(9), uint16(1), uint64(1<<62))
	f.Fuzz(func(t *testing.T, which uint8, at uint16, bits uint64) {
		train, seed := fuzzSeed(t)
		c := *seed
		r := *seed.Run
		c.Run = &r
		mutate(&c, which, int(at), bits)
		path := filepath.Join(t.TempDir(), "checkpoint.npz")
		if err := checkpoint.Save(path, &c); err != nil {
			return
		}
		loaded, err := checkpoint.Load(path)
		if err != nil {
			return
		}
		tr, err := ResumeTrainer(path, loaded, TrainOptions{Workers: 1})
		if err != nil {
			return
		}
		tr.cfg.Epochs = 1
		if _, err := tr.Train(context.Background(), train); err != nil {
			return
		}
		_, cfg, m, err := checkpoint.LoadNetwork(path)
		if err != nil {
			return
		}
		network.RespondOn(context.Background(), cpu.New, cfg, m, train.Head(3), network.PurposeAssign, 1, func(int, []int32, network.Outcome) {})
	})
}

// mutate sets element at (modulo its length) of the array which names to a
// value made of bits, in that array's type; it copies the array first.
func mutate(c *checkpoint.Checkpoint, which uint8, at int, bits uint64) {
	r := c.Run
	i64 := func(a *[]int64) {
		if len(*a) > 0 {
			b := append([]int64(nil), *a...)
			b[at%len(b)] = int64(bits)
			*a = b
		}
	}
	f32 := func(a *[]float32) {
		if len(*a) > 0 {
			b := append([]float32(nil), *a...)
			b[at%len(b)] = math.Float32frombits(uint32(bits))
			*a = b
		}
	}
	switch which % 18 {
	case 0:
		r.Step = int64(bits)
	case 1:
		f32(&r.ExcV)
	case 2:
		f32(&r.ExcGe)
	case 3:
		f32(&r.ExcGi)
	case 4:
		i64(&r.ExcLast)
	case 5:
		f32(&r.InhV)
	case 6:
		i64(&r.InhLast)
	case 7:
		if len(r.Counts) > 0 {
			b := append([]int32(nil), r.Counts...)
			b[at%len(b)] = int32(bits)
			r.Counts = b
		}
	case 8:
		i64(&r.InputLast)
	case 9:
		c.ExamplesSeen = int64(bits)
	case 10:
		if len(r.WindowSums) > 0 {
			b := append([]float64(nil), r.WindowSums...)
			b[at%len(b)] = math.Float64frombits(bits)
			r.WindowSums = b
		}
	case 11:
		i64(&r.WindowExamples)
	case 12:
		r.WindowCorrect = int64(bits)
	case 13:
		if len(r.WindowWins) > 0 {
			b := append([]int32(nil), r.WindowWins...)
			b[at%len(b)] = int32(bits)
			r.WindowWins = b
		}
	case 14:
		c.Epoch = int64(bits)
	case 15:
		f32(&c.Weights)
	case 16:
		if len(r.Labelled) > 0 {
			b := append([]int8(nil), r.Labelled...)
			b[at%len(b)] = int8(bits)
			r.Labelled = b
		}
	case 17:
		if len(r.LabelledRates) > 0 {
			b := append([]float64(nil), r.LabelledRates...)
			b[at%len(b)] = math.Float64frombits(bits)
			r.LabelledRates = b
		}
	}
}
