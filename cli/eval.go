package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"spikemnist/dataset"
	"spikemnist/experiment"
)

const evalUsage = `usage: eval [flags] CHECKPOINT|RUN_DIR

Labels the neurons of a trained network from its responses to training
digits (frozen: no learning, θ fixed), classifies the test digits, prints
accuracy, per-class accuracy and the confusion matrix, and writes them to
eval.json. The labels are saved into the checkpoint.

`

func Eval(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, evalUsage); fs.PrintDefaults() }
	var (
		dataDir = fs.String("data", dataset.DefaultDir(), dataHelp)
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
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "eval: name one checkpoint file or run folder, not %d arguments %q\n", len(pos), pos)
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
	path := experiment.CheckpointPath(pos[0])

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	data := func() (assign, test *dataset.Set, err error) {
		train, test, err := dataset.LoadAll(ctx, *dataDir, *fetch, stderr)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range []struct {
			flag string
			n    int
			set  *dataset.Set
		}{{"assign-examples", *assignN, train}, {"test-examples", *testN, test}} {
			if c.n > c.set.Len() {
				return nil, nil, usageError(fmt.Sprintf("-%s %d, but the %s set has only %d examples", c.flag, c.n, c.set.Name, c.set.Len()))
			}
		}
		return train.Head(*assignN), test.Head(*testN), nil
	}
	job := experiment.EvalJob{
		Checkpoint: path, Out: *out, SaveLabels: *label, Pictures: *pics, Monitor: *monitor,
		EvalOptions: experiment.EvalOptions{Log: stderr, Workers: *workers, Repeats: *repeats},
	}
	res, err := experiment.EvaluateRun(ctx, job, data)
	var locked *experiment.LockedError
	switch {
	case errors.As(err, &locked):
		fmt.Fprintf(stderr, "eval: %v: a trainer may be writing it; wait for it, or evaluate with -save-labels=false -pictures=false -out FILE elsewhere\n", err)
		return 1
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	res.Report.Print(stdout)
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "eval: warning: %s\n", w)
	}
	fmt.Fprintf(stderr, "results: %s\n", res.Out)
	for _, f := range res.Files {
		fmt.Fprintf(stderr, "wrote %s\n", f)
	}
	return 0
}

// usageError is a flag that the data contradicts (exit status 2).
type usageError string

func (e usageError) Error() string { return string(e) }
