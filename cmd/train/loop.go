package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/progress"
	"spikemnist/internal/tune"
	"spikemnist/network"
	"spikemnist/results"
)

const (
	checkpointName = "checkpoint.npz"
	summaryName    = "train.json"
)

// summary is what train.json records about a run; it is rewritten at every
// checkpoint and saved inside the checkpoint too.
type summary struct {
	Config            *network.Config `json:"config"`
	Seed              uint64          `json:"seed"`
	TrainingExamples  int             `json:"training_examples"` // per epoch
	ExamplesSeen      int64           `json:"examples_seen"`
	Epoch             int64           `json:"epochs_done"`
	Seconds           float64         `json:"seconds"` // training time, over all sessions of the run
	ExamplesPerSecond float64         `json:"examples_per_second"`
	Presentations     int64           `json:"presentations"` // including repeats
	Silent            int64           `json:"silent_examples"`
	InputSpikes       int64           `json:"input_spikes"`
	Running           []windowScore   `json:"running_accuracy"`
	Resumed           []int64         `json:"resumed_at,omitempty"` // examples seen at each resume
	Workers           int             `json:"workers"`              // goroutines that swept the neurons in the last session
	Interrupted       bool            `json:"interrupted"`
}

// windowScore is the running estimate the original prints: accuracy over a
// window of examples, with neurons labelled from the window before.
type windowScore struct {
	Examples int64               `json:"examples"` // examples seen at the end of the window
	Accuracy float64             `json:"accuracy_percent"`
	Theta    *network.ThetaStats `json:"theta,omitempty"` // the thresholds at the end of the window
}

// afterExample, if set, is called after each example with the number of
// examples seen; tests use it to interrupt a run at a known point.
var afterExample func(seen int64)

// trainer is a training run: the network, its position, and the running
// accuracy window.
type trainer struct {
	cfg      *network.Config
	out      string // run folder
	ckpt     string // checkpoint file in it, and the summary beside it
	sumPath  string
	logw     io.Writer
	sum      summary
	model    *network.Model
	sim      *network.Sim
	window   *results.Accumulator
	labelled *results.Assignment // from the previous window; nil before the first
	correct  int64               // window examples the previous labels got right
	spent    float64             // seconds of earlier sessions
	workers  int                 // goroutines that sweep the neurons; 0: the fastest, measured
}

// newTrainer starts a run in out.
func newTrainer(cfg *network.Config, out string, perEpoch int, force bool, logw io.Writer) (*trainer, error) {
	if _, err := os.Stat(filepath.Join(out, checkpointName)); err == nil && !force {
		return nil, fmt.Errorf("%s already holds a run (%s); resume it with -resume, choose another -out, or pass -force to overwrite it", out, checkpointName)
	}
	m := network.NewModel(cfg)
	return &trainer{
		cfg: cfg, out: out, ckpt: filepath.Join(out, checkpointName), sumPath: filepath.Join(out, summaryName),
		logw: logw, model: m, sim: network.NewSim(cfg, m, true),
		window: results.NewAccumulator(cfg.Neurons),
		sum:    summary{Config: cfg, Seed: cfg.Seed, TrainingExamples: perEpoch},
	}, nil
}

// resumeTrainer continues the run saved in the checkpoint at path.
func resumeTrainer(path string, c *checkpoint.Checkpoint, logw io.Writer) (*trainer, error) {
	if c.Run == nil {
		return nil, fmt.Errorf("checkpoint %s holds no training state to resume (it was not written by train)", path)
	}
	cfg, m, err := c.Network()
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	t := &trainer{cfg: cfg, out: filepath.Dir(path), ckpt: path, sumPath: summaryBeside(path), logw: logw, model: m, sim: network.NewSim(cfg, m, true)}
	if err := json.Unmarshal([]byte(c.Run.Summary), &t.sum); err != nil {
		return nil, fmt.Errorf("checkpoint %s: run summary: %w", path, err)
	}
	t.sum.Config, t.spent = cfg, t.sum.Seconds
	if t.sum.ExamplesSeen != c.ExamplesSeen || t.sum.TrainingExamples < 1 {
		return nil, fmt.Errorf("checkpoint %s: run summary does not match the checkpoint", path)
	}
	r := c.Run
	if err := t.sim.SetState(r.SimState()); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	t.window = results.Restore(cfg.Neurons, r.WindowSums, r.WindowExamples)
	t.correct = r.WindowCorrect
	if r.Labelled != nil {
		t.labelled = results.FromClasses(r.Labelled)
	}
	t.sum.Resumed = append(t.sum.Resumed, c.ExamplesSeen)
	t.sum.Interrupted = false
	return t, nil
}

// train runs examples from where the run stands to the end of the last
// epoch, or until ctx is cancelled (then it finishes the current example
// and saves).
func (t *trainer) train(ctx context.Context, set *dataset.Set) (*summary, error) {
	cfg := t.cfg
	per := int64(set.Len())
	total := int64(cfg.Epochs) * per
	g := t.sum.ExamplesSeen
	fmt.Fprintf(t.logw, "training %d neurons on %d examples × %d epochs, seed %d, into %s", cfg.Neurons, per, cfg.Epochs, cfg.Seed, t.out)
	if g > 0 {
		fmt.Fprintf(t.logw, ", from example %d", g)
	}
	fmt.Fprintln(t.logw)

	defer t.sim.Close()
	trial := t.startWorkers()
	t.sum.Workers = t.sim.Workers()
	bar := progress.New(t.logw, "train", int(max(total-g, 0)), 10*time.Second)
	start := time.Now()
	counts := make([]int32, cfg.Neurons)
	every := int64(cfg.CheckpointEvery)
	for ; g < total; g++ {
		if ctx.Err() != nil {
			t.sum.Interrupted = true
			break
		}
		k := int(g % per)
		label := set.Labels[k]
		o := t.sim.Present(set.Image(k), network.PurposeTrain, uint64(g), counts)
		if err := t.sim.CheckFinite(false); err != nil {
			bar.Finish()
			return nil, fmt.Errorf("example %d (training digit %d): %v; stopped, and the last checkpoint in %s is kept", g, k, err, t.out)
		}
		if trial != nil && !trial.Done() {
			if trial.Add(float64(o.Presentations)) {
				t.sim.SetWorkers(trial.Setting())
			}
			if trial.Done() {
				t.sum.Workers = trial.Setting()
				bar.Printf("workers: %v (training time per presentation)\n", trial)
			}
		}
		t.sum.Presentations += int64(o.Presentations)
		t.sum.InputSpikes += int64(o.InputSpikes)
		if o.Silent {
			t.sum.Silent++
		}
		if t.labelled != nil && t.labelled.AllActivity(counts) == int(label) {
			t.correct++
		}
		t.window.Add(counts, label)
		bar.Add(1)
		if afterExample != nil {
			afterExample(g + 1)
		}
		if (g+1)%every == 0 {
			th := cfg.ThetaStats(t.model.Theta)
			if t.labelled != nil {
				acc := 100 * float64(t.correct) / float64(every)
				t.sum.Running = append(t.sum.Running, windowScore{g + 1, acc, &th})
				bar.Printf("examples %d: running accuracy %.2f%% (labels from the previous %d); %v\n", g+1, acc, every, th)
			} else {
				bar.Printf("examples %d: %v\n", g+1, th)
			}
			t.labelled, t.window, t.correct = t.window.Assign(), results.NewAccumulator(cfg.Neurons), 0
			if err := t.save(g+1, per, start); err != nil {
				return nil, err
			}
			if trial != nil && trial.Done() && g+1 < total {
				// The best count changes as the network learns (early
				// examples evoke many more spikes): measure again.
				trial = t.startWorkers()
			}
		}
	}
	bar.Finish()
	if err := t.save(g, per, start); err != nil {
		return nil, err
	}
	return &t.sum, nil
}

// trialTime is how long startWorkers measures each worker count, at least.
var trialTime = 200 * time.Millisecond

// startWorkers sets the Sim's workers: t.workers, or, when that is 0, the
// fastest of 1, 2, 4, … up to every core, measured on the next examples
// (results do not depend on the choice). It returns that measurement, which
// the loop repeats after each checkpoint once it is over.
func (t *trainer) startWorkers() *tune.Trial {
	if t.workers > 0 || runtime.GOMAXPROCS(0) == 1 {
		t.sim.SetWorkers(max(t.workers, 1))
		return nil
	}
	trial := tune.New(tune.Doubling(runtime.GOMAXPROCS(0)), trialTime, 8)
	t.sim.SetWorkers(trial.Setting())
	return trial
}

// save writes the checkpoint with the run state, then train.json, each
// atomically. A network with a NaN or infinite value is not saved.
func (t *trainer) save(seen, per int64, start time.Time) error {
	if err := t.sim.CheckFinite(true); err != nil {
		return fmt.Errorf("after %d examples: %v; not saved, and the last checkpoint in %s is kept", seen, err, t.out)
	}
	t.sum.ExamplesSeen = seen
	t.sum.Epoch = seen / per
	t.sum.Seconds = t.spent + time.Since(start).Seconds()
	t.sum.ExamplesPerSecond = float64(seen) / t.sum.Seconds
	sj, err := json.MarshalIndent(&t.sum, "", "  ")
	if err != nil {
		return err
	}
	c, err := checkpoint.New(t.cfg, t.model, seen, t.sum.Epoch, nil)
	if err != nil {
		return err
	}
	// With a rest shorter than the longest delay, spikes are in flight
	// between examples and the run cannot be resumed: save the model only.
	st, err := t.sim.State()
	if err != nil {
		return checkpoint.Save(t.ckpt, c)
	}
	c.Run = checkpoint.NewRun(st)
	c.Run.WindowSums, c.Run.WindowExamples = t.window.Snapshot()
	c.Run.WindowCorrect, c.Run.Summary = t.correct, string(sj)
	if t.labelled != nil {
		c.Run.Labelled = t.labelled.Classes()
	}
	if err := checkpoint.Save(t.ckpt, c); err != nil {
		return err
	}
	return atomicfile.WriteBytes(t.sumPath, append(sj, '\n'))
}

// summaryBeside is the summary file of the checkpoint at path: train.json
// for the run folder's checkpoint.npz, NAME.train.json for another file
// NAME.npz, so that resuming a copy never writes over the run's own files.
func summaryBeside(path string) string {
	dir, base := filepath.Split(path)
	if base == checkpointName {
		return filepath.Join(dir, summaryName)
	}
	return filepath.Join(dir, strings.TrimSuffix(base, ".npz")+"."+summaryName)
}
