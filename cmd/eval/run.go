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

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/runlock"
)

const usage = `usage: eval [flags] CHECKPOINT|RUN_DIR

Labels the neurons of a trained network from its responses to training
digits (frozen: no learning, θ fixed), classifies the test digits, prints
accuracy, per-class accuracy and the confusion matrix, and writes them to
eval.json. The labels are saved into the checkpoint.

`

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var (
		dataDir = fs.String("data", dataset.DefaultDir(), "folder of the four MNIST files (gzip or plain); downloaded there if missing")
		assignN = fs.Int("assign-examples", 60000, "training examples whose responses label the neurons (the paper: all 60000)")
		testN   = fs.Int("test-examples", 10000, "test examples to classify")
		repeats = fs.Int("repeats", 1, "presentations of the test set, each with fresh Poisson spikes; accuracy is reported per presentation and as mean ± sd (the paper: 10)")
		workers = fs.Int("workers", 0, "parallel workers (0: one per core); results do not depend on it")
		out     = fs.String("out", "", "file for the results (default eval.json beside the checkpoint)")
		label   = fs.Bool("save-labels", true, "write the neurons' labels into the checkpoint")
		pics    = fs.Bool("pictures", true, "draw the run's pictures and report.html beside the checkpoint")
		monitor = fs.Int("monitor", 0, "test digit whose spikes and potentials the report shows (-1: none)")
		fetch   = fs.Bool("fetch", true, "download MNIST into -data when it is missing")
	)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "eval: name one checkpoint file or run folder")
		fs.Usage()
		return 2
	}
	switch {
	case *assignN < 1:
		fmt.Fprintf(stderr, "eval: -assign-examples must be at least 1, not %d\n", *assignN)
		return 2
	case *testN < 1:
		fmt.Fprintf(stderr, "eval: -test-examples must be at least 1, not %d\n", *testN)
		return 2
	case *repeats < 1 || *repeats > 1000:
		fmt.Fprintf(stderr, "eval: -repeats must be in [1, 1000], not %d\n", *repeats)
		return 2
	case *workers < 0:
		fmt.Fprintf(stderr, "eval: -workers must not be negative, not %d\n", *workers)
		return 2
	}
	path := fs.Arg(0)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "checkpoint.npz")
	}
	if *out == "" {
		*out = filepath.Join(filepath.Dir(path), "eval.json")
	}

	// Writing into the run folder (the labels, the pictures, eval.json)
	// needs its lock, held from reading the checkpoint to the last write,
	// so that a trainer cannot replace the checkpoint in between.
	if *label || *pics || runlock.SameDir(*out, path) {
		release, err := runlock.Acquire(filepath.Dir(path))
		if err != nil {
			fmt.Fprintf(stderr, "eval: %v: a trainer may be writing it; wait for it, or evaluate with -save-labels=false -pictures=false -out FILE elsewhere\n", err)
			return 1
		}
		defer release()
	}
	ck, err := checkpoint.Load(path)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	cfg, m, err := ck.Network()
	if err != nil {
		fmt.Fprintf(stderr, "eval: checkpoint %s: %v\n", path, err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	train, test, err := dataset.LoadAll(ctx, *dataDir, *fetch, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	for _, c := range []struct {
		flag string
		n    int
		set  *dataset.Set
	}{{"assign-examples", *assignN, train}, {"test-examples", *testN, test}} {
		if c.n > c.set.Len() {
			fmt.Fprintf(stderr, "eval: -%s %d, but the %s set has only %d examples\n", c.flag, c.n, c.set.Name, c.set.Len())
			return 2
		}
	}
	e := &evaluation{cfg: cfg, model: m, workers: *workers, repeats: *repeats, logw: stderr}
	rep, err := e.run(ctx, train.Head(*assignN), test.Head(*testN))
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	rep.Checkpoint, rep.ExamplesSeen = path, ck.ExamplesSeen
	warnings := diagnose(rep, cfg, m.Theta, trainingSummary(ck, filepath.Dir(path)))
	if err := rep.write(*out); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	if *label {
		ck.Assignments = e.assignment.Classes()
		if err := checkpoint.Save(path, ck); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return 1
		}
	}
	rep.print(stdout)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "eval: warning: %s\n", w)
	}
	fmt.Fprintf(stderr, "results: %s\n", *out)
	if *pics {
		files, err := e.pictures(filepath.Dir(path), rep, ck, test.Head(*testN), *monitor)
		if err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return 1
		}
		for _, f := range files {
			fmt.Fprintf(stderr, "wrote %s\n", f)
		}
	}
	return 0
}
