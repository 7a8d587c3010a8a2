package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"spikemnist/experiment"
	"spikemnist/internal/readfile"
	"spikemnist/learning"
	"spikemnist/network"
)

const trainUsage = `usage: train [flags]

Trains the network on the MNIST training set without labels and writes
checkpoint.npz and train.json into the run folder (-out).

`

// trainFlags are train's flags, and which of them were given.
type trainFlags struct {
	data                                         dataFlags
	neurons, epochs, examples, every, keep, wkrs *int
	seed                                         *uint64
	out, configFile, resume, rule, serve         *string
	start, growFrom, order                       *string
	dt                                           *float64
	force, printCfg                              *bool
	set                                          map[string]bool
}

func newTrainFlags(fs *flag.FlagSet) *trainFlags {
	return &trainFlags{
		data:       addDataFlags(fs, "", true),
		neurons:    fs.Int("neurons", 400, "excitatory neurons N (and as many inhibitory), any N ≥ 1"),
		epochs:     fs.Int("epochs", 1, "passes over the training examples"),
		examples:   fs.Int("examples", 0, "use only the first this many training examples (0: all 60000)"),
		seed:       fs.Uint64("seed", 1, "seed of every random choice (weights, delays, input spikes)"),
		out:        fs.String("out", "", "run folder (default runs/n<N>-s<seed>, with -<rule> for a rule other than triplet)"),
		configFile: fs.String("config", "", "JSON file of model and protocol settings (see the README); flags given explicitly override it"),
		every:      fs.Int("checkpoint-every", 10000, "examples between checkpoints and running accuracy estimates"),
		dt:         fs.Float64("dt", 0.5, "time step, ms"),
		force:      fs.Bool("force", false, "overwrite an existing run in -out"),
		printCfg:   fs.Bool("print-config", false, "print the configuration these flags give, as JSON for -config, and exit"),
		resume:     fs.String("resume", "", "continue the run saved in this run folder or checkpoint, exactly where it stopped (-epochs may extend it)"),
		rule:       fs.String("rule", "triplet", "learning rule: "+strings.Join(learning.Rules(), ", ")+" (triplet: the original code's; the others: the paper's Eqs. 3–6, constants from -config)"),
		keep:       fs.Int("keep", 0, "also keep the network at each of the last K checkpoints as checkpoint-SEEN.npz, for eval -series (0: none)"),
		serve:      fs.String("serve", "", "serve a live view of the run at this address (e.g. localhost:8080; reach a cluster node through an ssh tunnel): fields, running accuracy, θ, rate, ETA, the last example"),
		start:      fs.String("start", "", "how the weights begin: random (the original's), data (each neuron a training image drawn by the seed; labels are never read) or grow (with -grow-from); default: by size (data from "+fmt.Sprint(network.DataStartFrom)+" neurons)"),
		growFrom:   fs.String("grow-from", "", "start by growing a trained run (folder or checkpoint): each neuron copies one of its neurons with 5 % noise, θ carried over"),
		order:      fs.String("order", "", "the training digits' order in each epoch: fixed (the data set's own, as the original), shuffled (each epoch its own permutation, drawn from the seed) or fixed_then_shuffled; default: by size (fixed_then_shuffled below 400 neurons, shuffled from "+fmt.Sprint(network.DataStartFrom)+")"),
		wkrs:       fs.Int("workers", 0, "goroutines that sweep the neurons (0: the fastest up to one per core, measured on the first examples); results do not depend on it"),
	}
}

// check refuses flags out of range: an error line, and false.
func (f *trainFlags) check(stderr io.Writer) bool {
	if badFlag(stderr, "train", notNegative("examples", *f.examples), within("keep", *f.keep, 0, 100000),
		notNegative("workers", *f.wkrs), positiveFinite("dt", *f.dt, "time step in ms")) {
		return false
	}
	if _, err := f.data.Kind(); err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return false
	}
	return true
}

// config builds the run's configuration from -config and the flags given
// explicitly, the last layer, in the configuration's own names.
func (f *trainFlags) config() (*network.Config, error) {
	layers := []network.Layer{}
	if *f.configFile != "" {
		b, err := readfile.Read(*f.configFile, network.MaxConfigFile)
		if err != nil {
			return nil, fmt.Errorf("-config: %w", err)
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return nil, fmt.Errorf("-config: %s is empty: it must hold one JSON object of settings", *f.configFile)
		}
		layers = append(layers, network.Layer{Name: "-config: " + *f.configFile, JSON: b})
	}
	flags := map[string]any{}
	for _, x := range []struct {
		flag, key string
		v         any
	}{{"neurons", "neurons", *f.neurons}, {"epochs", "epochs", *f.epochs}, {"seed", "seed", *f.seed}, {"checkpoint-every", "checkpoint_every", *f.every}, {"dt", "dt_ms", *f.dt}, {"order", "order", *f.order}} {
		if f.set[x.flag] {
			flags[x.key] = x.v
		}
	}
	if f.set["rule"] {
		if _, err := learning.ForRule(*f.rule); err != nil {
			return nil, fmt.Errorf("-rule: %w", err)
		}
		flags["plasticity"] = map[string]string{"rule": *f.rule}
	}
	ws, err := startLayer(f.set, *f.start, *f.growFrom)
	if err != nil {
		return nil, err
	}
	if ws != nil {
		flags["weight_start"] = ws
	}
	fj, err := json.Marshal(flags)
	if err != nil { // every value was checked where it was parsed: never drop the flags quietly
		return nil, fmt.Errorf("flags: %w", err)
	}
	return network.Build(append(layers, network.Layer{Name: "flags", JSON: fj})...)
}

func Train(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("train", trainUsage, stderr)
	f := newTrainFlags(fs)
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "train: unexpected argument %q (train takes only flags; -resume names a run to continue)\n", pos[0])
		return 2
	}
	if !f.check(stderr) {
		return 2
	}
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	var cfg *network.Config
	if *f.resume == "" {
		var err error
		if cfg, err = f.config(); err != nil {
			fmt.Fprintf(stderr, "train: %v\n", err)
			return 2
		}
		if *f.printCfg {
			b, _ := json.MarshalIndent(cfg, "", "  ")
			fmt.Fprintf(stdout, "%s\n", b)
			return 0
		}
	}
	lv, err := startLive(*f.serve, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 2
	}
	defer lv.close()
	if *f.resume != "" {
		return resumeRun(f, lv, stdout, stderr)
	}
	out := *f.out
	if out == "" {
		out = filepath.Join("runs", fmt.Sprintf("n%d-s%d", cfg.Neurons, cfg.Seed))
		if r := cfg.Plasticity.Rule(); r != "triplet" {
			out += "-" + r
		}
	}
	if lv != nil {
		lv.live.SetRun(out)
	}
	o := experiment.Opening{Config: cfg, Force: *f.force}
	return session(stdout, stderr, f.data, *f.examples, experiment.Folder(out).Checkpoint(), o, options(stderr, *f.wkrs, *f.keep, lv), nil)
}

// startLayer is the weight start -start and -grow-from give, or nil when
// neither is set.
func startLayer(set map[string]bool, kind, from string) (*network.WeightStart, error) {
	if set["grow-from"] {
		if set["start"] && kind != network.StartGrow {
			return nil, fmt.Errorf("-grow-from starts by growing; it cannot be combined with -start %.40s", kind)
		}
		if from == "" {
			return nil, fmt.Errorf("-grow-from needs a run folder or checkpoint")
		}
		return &network.WeightStart{Kind: network.StartGrow, From: from, Noise: network.DefaultGrowNoise}, nil
	}
	if !set["start"] {
		return nil, nil
	}
	switch kind {
	case network.StartRandom, network.StartData:
		return &network.WeightStart{Kind: kind}, nil
	case network.StartGrow:
		return nil, fmt.Errorf("-start grow needs -grow-from RUN")
	}
	return nil, fmt.Errorf("-start must be random, data or grow, not %.40q", kind)
}

// Test hooks: afterExample, if set, is called after each example with the
// number of examples seen (to interrupt a run at a known point); trialTime,
// if not 0, is how long each worker count is measured.
var (
	afterExample func(seen int64)
	trialTime    time.Duration
)

func options(logw io.Writer, workers, keep int, lv *liveView) experiment.TrainOptions {
	o := experiment.TrainOptions{Log: logw, Workers: workers, TrialTime: trialTime, AfterExample: afterExample, Keep: keep}
	if lv != nil {
		o.Snapshot = lv.snapshot
	}
	return o
}

// resumeRun continues a saved run. Flags that would change the run (other
// than -epochs, which may extend it) must agree with it.
func resumeRun(f *trainFlags, lv *liveView, stdout, stderr io.Writer) int {
	set := f.set
	for _, name := range []string{"config", "dt", "checkpoint-every", "out", "force", "print-config", "rule", "start", "grow-from", "order"} {
		if set[name] {
			fmt.Fprintf(stderr, "train: -%s cannot be combined with -resume: the run keeps its own settings\n", name)
			return 2
		}
	}
	neurons, seed, examples, epochs := *f.neurons, *f.seed, *f.examples, *f.epochs
	path := *f.resume
	path = experiment.CheckpointPath(path)
	if lv != nil {
		lv.live.SetRun(path)
	}
	return session(stdout, stderr, f.data, 0, path, experiment.Opening{}, options(stderr, *f.wkrs, *f.keep, lv), func(t *experiment.Trainer) int {
		cfg, per := t.Config(), t.Summary().TrainingExamples
		switch {
		case set["neurons"] && neurons != cfg.Neurons:
			fmt.Fprintf(stderr, "train: -neurons %d, but checkpoint %s has %d neurons\n", neurons, path, cfg.Neurons)
			return 1
		case set["seed"] && seed != cfg.Seed:
			fmt.Fprintf(stderr, "train: -seed %d, but checkpoint %s was trained with seed %d\n", seed, path, cfg.Seed)
			return 1
		case set["examples"] && examples != per:
			fmt.Fprintf(stderr, "train: -examples %d, but the run uses %d training examples per epoch\n", examples, per)
			return 1
		}
		if set["epochs"] {
			cfg.Epochs = epochs
			if err := cfg.Validate(); err != nil {
				fmt.Fprintf(stderr, "train: -epochs: %v\n", err)
				return 2
			}
		}
		return -1
	})
}

// session holds the run at path, loads the data, opens the run on
// its first examples (all: those the saved run trains on), lets check
// refuse it (an exit status, −1 to go on), trains and reports.
func session(stdout, stderr io.Writer, data dataFlags, examples int, path string, o experiment.Opening, opt experiment.TrainOptions, check func(*experiment.Trainer) int) int {
	held, err := experiment.HoldRun(path, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	defer held.Release()
	ctx, stop := signalContext()
	defer stop()

	train, _, err := data.load(ctx, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	if examples > train.Len() {
		fmt.Fprintf(stderr, "train: -examples %d, but the training set has only %d examples (-epochs sets the number of passes)\n", examples, train.Len())
		return 2
	}
	train = train.Head(examples)
	t, err := held.Open(o, train, opt)
	if err != nil {
		if errors.Is(err, experiment.ErrOtherData) {
			err = fmt.Errorf("%w %s", err, shapeHint)
		}
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	if check != nil {
		if code := check(t); code >= 0 {
			return code
		}
	}
	if per := t.Summary().TrainingExamples; per > train.Len() {
		fmt.Fprintf(stderr, "train: checkpoint %s trains on %d examples per epoch, but the training set has only %d\n", path, per, train.Len())
		return 1
	} else if o.Config == nil {
		train = train.Head(per)
	}
	sum, err := t.Train(ctx, train)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "trained %d neurons on %d examples (%d epochs) in %.1f s, %.1f examples/s; %d silent examples\ncheckpoint: %s\n",
		t.Config().Neurons, sum.ExamplesSeen, sum.Epoch, sum.Seconds, sum.ExamplesPerSecond, sum.Silent, t.Checkpoint())
	if sum.Interrupted {
		fmt.Fprintln(stderr, "train: interrupted; the checkpoint holds the examples finished so far (continue with -resume)")
		return 130
	}
	return 0
}
