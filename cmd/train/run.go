package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"spikemnist/dataset"
	"spikemnist/internal/netio"
	"spikemnist/network"
)

const usage = `usage: train [flags]

Trains the network on the MNIST training set without labels and writes
checkpoint.npz and train.json into the run folder (-out).

`

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var (
		dataDir    = fs.String("data", dataset.DefaultDir(), "folder of the four MNIST files (gzip or plain); downloaded there if missing")
		neurons    = fs.Int("neurons", 400, "excitatory neurons N (and as many inhibitory), any N ≥ 1")
		epochs     = fs.Int("epochs", 1, "passes over the training examples")
		examples   = fs.Int("examples", 0, "use only the first this many training examples (0: all 60000)")
		seed       = fs.Uint64("seed", 1, "seed of every random choice (weights, delays, input spikes)")
		out        = fs.String("out", "", "run folder (default runs/n<N>-s<seed>)")
		configFile = fs.String("config", "", "JSON file of model and protocol settings (see the README); flags given explicitly override it")
		every      = fs.Int("checkpoint-every", 10000, "examples between checkpoints and running accuracy estimates")
		dt         = fs.Float64("dt", 0.5, "time step, ms")
		force      = fs.Bool("force", false, "overwrite an existing run in -out")
		fetch      = fs.Bool("fetch", true, "download MNIST into -data when it is missing")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "train: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *examples < 0 {
		fmt.Fprintf(stderr, "train: -examples must not be negative, not %d\n", *examples)
		return 2
	}

	cfg := network.Default(*neurons)
	if *configFile != "" {
		if err := network.LoadConfigFile(*configFile, &cfg); err != nil {
			fmt.Fprintf(stderr, "train: -config: %v\n", err)
			return 2
		}
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "neurons":
			cfg.Neurons = *neurons
		case "epochs":
			cfg.Epochs = *epochs
		case "seed":
			cfg.Seed = *seed
		case "checkpoint-every":
			cfg.CheckpointEvery = *every
		case "dt":
			cfg.Dt = *dt
		}
	})
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 2
	}
	if *out == "" {
		*out = filepath.Join("runs", fmt.Sprintf("n%d-s%d", cfg.Neurons, cfg.Seed))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()

	train, _, err := netio.LoadMNIST(ctx, *dataDir, *fetch, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	train = train.Head(*examples)

	t, err := newTrainer(&cfg, *out, *force, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	sum, err := t.train(ctx, train)
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "trained %d neurons on %d examples (%d epochs) in %.1f s, %.1f examples/s; %d silent examples\ncheckpoint: %s\n",
		cfg.Neurons, sum.ExamplesSeen, sum.Epoch, sum.Seconds, sum.ExamplesPerSecond, sum.Silent, filepath.Join(*out, checkpointName))
	if sum.Interrupted {
		fmt.Fprintln(stderr, "train: interrupted; the checkpoint holds the examples finished so far")
		return 130
	}
	return 0
}
