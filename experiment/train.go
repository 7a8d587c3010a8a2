package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/buildinfo"
	"spikemnist/internal/progress"
	"spikemnist/internal/tune"
	"spikemnist/network"
	"spikemnist/results"
)

// Summary is what train.json records about a run; it is rewritten at every
// checkpoint and saved inside the checkpoint too.
type Summary struct {
	Config            *network.Config `json:"config"`
	Seed              uint64          `json:"seed"`
	Data              dataset.Shape   `json:"data_shape"`        // the images' size and the classes
	TrainingExamples  int             `json:"training_examples"` // per epoch
	ExamplesSeen      int64           `json:"examples_seen"`
	Epoch             int64           `json:"epochs_done"`
	Seconds           float64         `json:"seconds"` // training time, over all sessions of the run
	ExamplesPerSecond float64         `json:"examples_per_second"`
	Presentations     int64           `json:"presentations"` // including repeats
	Silent            int64           `json:"silent_examples"`
	InputSpikes       int64           `json:"input_spikes"`
	Running           []WindowScore   `json:"running_accuracy"`
	Learning          []Learning      `json:"learning,omitempty"`   // at the end of every window, the first included
	Resumed           []int64         `json:"resumed_at,omitempty"` // examples seen at each resume
	Workers           int             `json:"workers"`              // goroutines that swept the neurons in the last session
	Interrupted       bool            `json:"interrupted"`
	// Program is what made the last session of the run: version, VCS
	// revision, Go, machine, date and command line.
	Program *buildinfo.Info `json:"program,omitempty"`
}

// Total is the number of examples the whole run trains on.
func (s *Summary) Total() int64 { return int64(s.Config.Epochs) * int64(s.TrainingExamples) }

// Done reports whether the run has trained on all its examples.
func (s *Summary) Done() bool { return s.ExamplesSeen >= s.Total() }

// WindowScore is the running estimate the original prints: accuracy over a
// window of examples, with neurons labelled from the window before.
type WindowScore struct {
	Examples   int64               `json:"examples"`                              // examples seen at the end of the window
	Accuracy   float64             `json:"accuracy_percent"`                      // all-activity vote
	Proportion *float64            `json:"proportion_accuracy_percent,omitempty"` // proportion vote (runs before it was kept lack it)
	Theta      *network.ThetaStats `json:"theta,omitempty"`                       // the thresholds at the end of the window
}

// TrainOptions are a training run's settings that do not change its result,
// and its callbacks.
type TrainOptions struct {
	Log     io.Writer // progress and messages; nil: discarded
	Workers int       // goroutines that sweep the neurons; 0: the fastest, measured on the run
	// TrialTime is how long each worker count is measured, at least, when
	// Workers is 0 (0: DefaultTrialTime).
	TrialTime time.Duration

	AfterExample    func(seen int64)                // after each example
	AfterWindow     func(WindowScore)               // after each window whose running accuracy is known
	AfterCheckpoint func(path string, sum *Summary) // after each checkpoint and train.json are written

	// Keep, if above 0, also saves the network at each checkpoint as
	// checkpoint-SEEN.npz beside the checkpoint (the network and labels
	// only, no run state), keeping the Keep latest, for evaluating how
	// accuracy grows with training (EvaluateSeries).
	Keep int

	// Snapshot, if set, receives a copy of the run at most every
	// SnapshotEvery (0: DefaultSnapshotEvery), after the first example and
	// at the end of the session.
	Snapshot      func(*Snapshot)
	SnapshotEvery time.Duration

	// Engine makes the simulator; nil: the CPU engine (package network/cpu).
	Engine network.EngineMaker
}

func (o TrainOptions) engine() network.EngineMaker { return engineOr(o.Engine) }

// DefaultSnapshotEvery is how often a Trainer takes a Snapshot unless
// TrainOptions.SnapshotEvery says otherwise.
const DefaultSnapshotEvery = time.Second

// Trainer is a training run: the network, its position, and the running
// accuracy window.
type Trainer struct {
	cfg     *network.Config
	shape   dataset.Shape // of the data it trains on
	ckpt    string        // checkpoint file, and the summary beside it
	sumPath string
	opt     TrainOptions
	logw    io.Writer
	sum     Summary
	model   *network.Model
	sim     network.Engine
	window  *results.Window
	start   []float32 // the weights the run began with; nil until known
	spent   float64   // seconds of earlier sessions
}

// NewTrainer starts a run of cfg in folder f on the examples of train (an
// epoch), its weights begun as cfg.WeightStart says (StartModel). It
// refuses a folder that holds a run unless force is set.
func NewTrainer(cfg *network.Config, train *dataset.Set, f Folder, force bool, opt TrainOptions) (*Trainer, error) {
	sh, perEpoch := train.Shape, train.Len()
	if err := sh.Check(); err != nil {
		return nil, fmt.Errorf("data set: %w", err)
	}
	if err := network.CheckSize(sh.Pixels(), cfg.Neurons); err != nil {
		return nil, err
	}
	if _, err := os.Stat(f.Checkpoint()); err == nil && !force {
		return nil, fmt.Errorf("%s already holds a run (%s); resume it with -resume, choose another -out, or pass -force to overwrite it", f, CheckpointFile)
	}
	if err := os.MkdirAll(string(f), 0o755); err != nil {
		return nil, err
	}
	m, err := StartModel(cfg, train)
	if err != nil {
		return nil, err
	}
	t := &Trainer{
		cfg: cfg, shape: sh, ckpt: f.Checkpoint(), sumPath: f.Summary(), opt: opt, model: m, sim: opt.engine()(cfg, m, true),
		window: results.NewWindow(cfg.Neurons, sh.Classes),
		sum:    Summary{Config: cfg, Seed: cfg.Seed, Data: sh, TrainingExamples: perEpoch},
		start:  slices.Clone(m.W),
	}
	t.setLog()
	return t, nil
}

// ResumeTrainer continues the run saved in the checkpoint c, read from path;
// it writes its checkpoints back to path and its summary beside it
// (SummaryBeside).
func ResumeTrainer(path string, c *checkpoint.Checkpoint, opt TrainOptions) (*Trainer, error) {
	if c.Run == nil {
		return nil, fmt.Errorf("checkpoint %s holds no training state to resume (it was not written by train)", path)
	}
	cfg, m, err := c.Network()
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	t := &Trainer{cfg: cfg, shape: c.Shape, ckpt: path, sumPath: SummaryBeside(path), opt: opt, model: m, sim: opt.engine()(cfg, m, true)}
	t.setLog()
	if err := json.Unmarshal([]byte(c.Run.Summary), &t.sum); err != nil {
		return nil, fmt.Errorf("checkpoint %s: run summary: %w", path, err)
	}
	t.sum.Config, t.sum.Data, t.spent = cfg, c.Shape, t.sum.Seconds
	if t.sum.ExamplesSeen != c.ExamplesSeen || t.sum.TrainingExamples < 1 {
		return nil, fmt.Errorf("checkpoint %s: run summary does not match the checkpoint", path)
	}
	r := c.Run
	if err := t.sim.SetState(r.State); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	if t.window, err = results.RestoreWindow(cfg.Neurons, c.Shape.Classes, r.WindowState); err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	t.sum.Resumed = append(t.sum.Resumed, c.ExamplesSeen)
	t.sum.Interrupted = false
	return t, nil
}

func (t *Trainer) setLog() {
	t.logw = t.opt.Log
	if t.logw == nil {
		t.logw = io.Discard
	}
}

// Config is the run's configuration; a resumed run's Epochs may be raised
// (and validated) before Train to extend it.
func (t *Trainer) Config() *network.Config { return t.cfg }

// Summary is the run's summary as of the last checkpoint.
func (t *Trainer) Summary() *Summary { return &t.sum }

// Checkpoint is the file the run saves to.
func (t *Trainer) Checkpoint() string { return t.ckpt }

// Train runs examples of set from where the run stands to the end of the
// last epoch, or until ctx is cancelled (then it finishes the current
// example, saves, and returns a summary marked Interrupted).
func (t *Trainer) Train(ctx context.Context, set *dataset.Set) (*Summary, error) {
	cfg := t.cfg
	per := int64(set.Len())
	if set.Shape != t.shape {
		return nil, fmt.Errorf("the run trains on images of %s, but the data are %s", t.shape, set.Shape)
	}
	if per != int64(t.sum.TrainingExamples) {
		return nil, fmt.Errorf("the run uses %d training examples per epoch, but the data has %d", t.sum.TrainingExamples, per)
	}
	total := int64(cfg.Epochs) * per
	g := t.sum.ExamplesSeen
	t.logStart(per, g)
	if t.start == nil {
		t.rebuildStart(set)
	}
	info := buildinfo.Get()
	t.sum.Program = &info
	defer t.sim.Close()
	trial := t.startWorkers()
	t.sum.Workers = workersOf(t.sim)
	bar := progress.New(t.logw, "train", int(max(total-g, 0)), 10*time.Second)
	start := time.Now()
	counts := make([]int32, cfg.Neurons)
	every := int64(cfg.CheckpointEvery)
	first, snapEvery := g, t.opt.SnapshotEvery
	if snapEvery <= 0 {
		snapEvery = DefaultSnapshotEvery
	}
	var lastSnap time.Time
	order := epochOrder{cfg: cfg, per: per, epoch: -1}
	for ; g < total; g++ {
		if ctx.Err() != nil {
			t.sum.Interrupted = true
			break
		}
		k := order.at(g)
		label := set.Labels[k]
		o := t.sim.Present(set.Image(k), network.PurposeTrain, uint64(g), counts)
		if err := t.sim.CheckFinite(false); err != nil {
			bar.Finish()
			return nil, fmt.Errorf("example %d (training digit %d): %v; stopped, and the last checkpoint %s is kept", g, k, err, t.ckpt)
		}
		t.tune(trial, o, bar)
		t.sum.count(o)
		t.window.Add(counts, label)
		bar.Add(1)
		if t.opt.AfterExample != nil {
			t.opt.AfterExample(g + 1)
		}
		if t.opt.Snapshot != nil {
			if now := time.Now(); now.Sub(lastSnap) >= snapEvery {
				lastSnap = now
				t.snapshot(g+1, total, g+1-first, start, set.Image(k), int(label), counts, false)
			}
		}
		if (g+1)%every == 0 {
			t.closeWindow(g+1, every, bar)
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
	if t.opt.Snapshot != nil {
		var img []byte
		label := -1
		if g > first { // the session's last example
			k := order.at(g - 1)
			img, label = set.Image(k), int(set.Labels[k])
		}
		t.snapshot(g, total, g-first, start, img, label, counts, true)
	}
	return &t.sum, nil
}

// logStart says what the session trains, from example g of per an epoch.
func (t *Trainer) logStart(per, g int64) {
	cfg := t.cfg
	fmt.Fprintf(t.logw, "training %d neurons on %d examples × %d epochs, seed %d, into %s", cfg.Neurons, per, cfg.Epochs, cfg.Seed, t.ckpt)
	if g > 0 {
		fmt.Fprintf(t.logw, ", from example %d", g)
	} else {
		fmt.Fprintf(t.logw, "; weights start %s", cfg.WeightStart)
	}
	fmt.Fprintln(t.logw)
}

// tune feeds the worker-count trial, if one is running, an example's
// presentations, and takes its setting.
func (t *Trainer) tune(trial *tune.Trial, o network.Outcome, bar *progress.Bar) {
	if trial == nil || trial.Done() {
		return
	}
	if trial.Add(float64(o.Presentations)) {
		setWorkers(t.sim, trial.Setting())
	}
	if trial.Done() {
		t.sum.Workers = trial.Setting()
		bar.Printf("workers: %v (training time per presentation)\n", trial)
	}
}

// count adds one example's outcome to the run's totals.
func (s *Summary) count(o network.Outcome) {
	s.Presentations += int64(o.Presentations)
	s.InputSpikes += int64(o.InputSpikes)
	if o.Silent {
		s.Silent++
	}
}

// closeWindow ends the accuracy window at seen examples: learning
// measured, the running accuracy scored and said, the neurons relabelled.
func (t *Trainer) closeWindow(seen, every int64, bar *progress.Bar) {
	t.measure(seen, bar)
	th := t.cfg.ThetaStats(t.model.Theta)
	if t.window.Scored() {
		all, prop := t.window.Accuracy(every)
		w := WindowScore{Examples: seen, Accuracy: all, Proportion: &prop, Theta: &th}
		t.sum.Running = append(t.sum.Running, w)
		bar.Printf("examples %d: running accuracy %.2f%% (proportion vote %.2f%%; labels from the previous %d); %v\n", seen, w.Accuracy, prop, every, th)
		if t.opt.AfterWindow != nil {
			t.opt.AfterWindow(w)
		}
	} else {
		bar.Printf("examples %d: %v\n", seen, th)
	}
	t.window.Next()
}

// DefaultTrialTime is how long a Trainer measures each worker count, at
// least, unless TrainOptions.TrialTime says otherwise.
const DefaultTrialTime = 200 * time.Millisecond

// startWorkers sets the Sim's workers: opt.Workers, or, when that is 0, the
// fastest of 1, 2, 4, … up to every core, measured on the next examples
// (results do not depend on the choice). It returns that measurement, which
// the loop repeats after each checkpoint once it is over.
func (t *Trainer) startWorkers() *tune.Trial {
	if _, ok := t.sim.(network.Parallel); !ok {
		return nil
	}
	if t.opt.Workers > 0 || runtime.GOMAXPROCS(0) == 1 {
		setWorkers(t.sim, max(t.opt.Workers, 1))
		return nil
	}
	d := t.opt.TrialTime
	if d <= 0 {
		d = DefaultTrialTime
	}
	trial := tune.New(tune.Doubling(runtime.GOMAXPROCS(0)), d, 8)
	setWorkers(t.sim, trial.Setting())
	return trial
}

// save writes the checkpoint with the run state, then train.json, each
// atomically. A network with a NaN or infinite value is not saved.
func (t *Trainer) save(seen, per int64, start time.Time) error {
	if err := t.sim.CheckFinite(true); err != nil {
		return fmt.Errorf("after %d examples: %v; not saved, and the last checkpoint %s is kept", seen, err, t.ckpt)
	}
	t.sum.ExamplesSeen = seen
	t.sum.Epoch = seen / per
	t.sum.Seconds = t.spent + time.Since(start).Seconds()
	t.sum.ExamplesPerSecond = float64(seen) / t.sum.Seconds
	sj, err := json.MarshalIndent(&t.sum, "", "  ")
	if err != nil {
		return err
	}
	c, err := checkpoint.New(t.cfg, t.model, t.shape, seen, t.sum.Epoch, nil)
	if err != nil {
		return err
	}
	// With a rest shorter than the longest delay, spikes are in flight
	// between examples and the run cannot be resumed: save the model only.
	st, err := t.sim.State()
	if err != nil {
		return checkpoint.Save(t.ckpt, c)
	}
	c.Run = &checkpoint.Run{State: st, WindowState: t.window.State(), Summary: string(sj)}
	if err := checkpoint.Save(t.ckpt, c); err != nil {
		return err
	}
	if t.opt.Keep > 0 {
		if err := t.keep(seen); err != nil {
			return err
		}
	}
	if err := atomicfile.WriteBytes(t.sumPath, append(sj, '\n')); err != nil {
		return err
	}
	if t.opt.AfterCheckpoint != nil {
		t.opt.AfterCheckpoint(t.ckpt, &t.sum)
	}
	return nil
}

// measure records how far learning reached in the window ending at seen
// examples.
func (t *Trainer) measure(seen int64, bar *progress.Bar) {
	l := measureLearning(seen, t.window.Spikes(), t.window.Wins(), t.model, t.start)
	t.sum.Learning = append(t.sum.Learning, l)
	bar.Printf("examples %d: %v\n", seen, l)
}

// rebuildStart remakes a resumed run's starting weights, for measuring how
// far its fields moved; a start that cannot be remade (a grown run whose
// source is gone) is said once and left out.
func (t *Trainer) rebuildStart(set *dataset.Set) {
	m, err := StartModel(t.cfg, set)
	if err != nil {
		fmt.Fprintf(t.logw, "train: the fields' distance from their start is not measured: %v\n", err)
		return
	}
	t.start = m.W
}

// epochOrder maps a run's example g to the training digit it shows
// (network.Config.EpochOrder), drawing each epoch's order once.
type epochOrder struct {
	cfg   *network.Config
	per   int64
	epoch int64
	perm  []int
}

func (o *epochOrder) at(g int64) int {
	if e := g / o.per; e != o.epoch {
		o.epoch, o.perm = e, o.cfg.EpochOrder(int(o.per), e)
	}
	if o.perm == nil {
		return int(g % o.per)
	}
	return o.perm[g%o.per]
}
