package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/runlock"
	"spikemnist/visual"
)

const evalUsage = `usage: eval [flags] CHECKPOINT|RUN_DIR

Labels the neurons of a trained network from its responses to training
digits (frozen: no learning, θ fixed), classifies the test digits, prints
accuracy, per-class accuracy and the confusion matrix, and writes them to
eval.json. The labels are saved into the checkpoint.

`

func Eval(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval", evalUsage, stderr)
	var (
		dataSet = addDataFlags(fs, "", true)
		assignN = fs.Int("assign-examples", 0, "training examples whose responses label the neurons (0: all, MNIST's 60000 as in the paper)")
		testN   = fs.Int("test-examples", 0, "test examples to classify (0: all, MNIST's 10000)")
		repeats = fs.Int("repeats", 1, "presentations of the test set, each with fresh Poisson spikes; accuracy is reported per presentation and as mean ± sd (the paper: 10)")
		workers = fs.Int("workers", 0, "parallel workers (0: one per core); results do not depend on it")
		out     = fs.String("out", "", "file for the results (default eval.json beside the checkpoint)")
		label   = fs.Bool("save-labels", true, "write the neurons' labels into the checkpoint")
		pics    = fs.Bool("pictures", true, "draw the run's pictures and report.html beside the checkpoint")
		monitor = fs.Int("monitor", 0, "test digit whose spikes and potentials the report shows (-1: none)")
		holdout = fs.Int("holdout", 0, "classify the last H training digits instead of the test digits, labelling from the training digits before them (a network trained with -examples 60000−H never saw them): a validation score that leaves the test digits alone")
		readout = fs.String("readout", "none", "also fit a readout on the labelling digits' spike counts and score the test digits with it beside the votes: none, or logreg (multinomial logistic regression; saved into the checkpoint with the labels)")
		series  = fs.Bool("series", false, "evaluate every network the run kept (train -keep) and draw test accuracy against training examples: series.json and accuracy-series.png/.svg in the run folder")
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
	if badFlag(stderr, "eval", notNegative("assign-examples", *assignN), notNegative("test-examples", *testN),
		within("repeats", *repeats, 1, 1000), indexOrNone("monitor", *monitor, "a test digit's"),
		notNegative("workers", *workers), notNegative("holdout", *holdout), oneOf("readout", *readout, "none", experiment.ReadoutLogReg)) {
		return 2
	}
	if _, err := dataSet.Kind(); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 2
	}
	path := experiment.CheckpointPath(pos[0])
	if *out != "" {
		if err := notARunFile(*out, path); err != nil {
			fmt.Fprintf(stderr, "eval: -out %v\n", err)
			return 2
		}
	}

	ctx, stop := signalContext()
	defer stop()
	sets := evalSets{assign: *assignN, test: *testN, holdout: *holdout, monitor: *monitor}
	data := func() (assign, test *dataset.Set, err error) { return sets.load(ctx, dataSet, stderr) }
	if *series {
		return evalSeries(ctx, pos[0], data, experiment.EvalOptions{Log: stderr, Workers: *workers, Repeats: *repeats}, stdout, stderr)
	}
	job := experiment.EvalJob{
		Checkpoint: path, Out: *out, SaveLabels: *label, Pictures: *pics, Monitor: *monitor,
		EvalOptions: experiment.EvalOptions{Log: stderr, Workers: *workers, Repeats: *repeats, Readout: *readout, AfterExample: evalAfterExample},
	}
	res, err := experiment.EvaluateRun(ctx, job, data)
	var locked *experiment.LockedError
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(stderr, "eval: interrupted; nothing written (%s, the labels and the pictures are written only once every digit is classified)\n", outName(*out, path))
		return 130
	case errors.As(err, &locked):
		fmt.Fprintf(stderr, "eval: %v: a trainer may be writing it; wait for it, or evaluate with -save-labels=false -pictures=false -out FILE elsewhere\n", err)
		return 1
	case errors.As(err, new(*experiment.ShapeError)):
		fmt.Fprintf(stderr, "eval: %v %s\n", err, shapeHint)
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

// evalSets is what eval's flags ask of the data: how many digits label the
// neurons and how many are classified, from the test set or the last
// holdout training digits, and the one monitored.
type evalSets struct{ assign, test, holdout, monitor int }

// load reads the data and cuts it as the flags say; a flag that the data
// contradicts is a usageError.
func (e evalSets) load(ctx context.Context, d dataFlags, stderr io.Writer) (assign, test *dataset.Set, err error) {
	train, test, err := d.load(ctx, stderr)
	if err != nil {
		return nil, nil, err
	}
	if e.holdout > 0 {
		if e.holdout >= train.Len() {
			return nil, nil, usageError(fmt.Sprintf("-holdout %d, but the %s set has only %d examples", e.holdout, train.Name, train.Len()))
		}
		train, test = train.HoldOut(e.holdout)
	}
	for _, c := range []struct {
		flag string
		n    int
		set  *dataset.Set
	}{{"assign-examples", e.assign, train}, {"test-examples", e.test, test}} {
		if c.n > c.set.Len() {
			return nil, nil, usageError(fmt.Sprintf("-%s %d, but the %s set has only %d examples", c.flag, c.n, c.set.Name, c.set.Len()))
		}
	}
	test = test.Head(e.test)
	if e.monitor >= test.Len() {
		return nil, nil, usageError(fmt.Sprintf("-monitor %d, but only %d test digits are classified", e.monitor, test.Len()))
	}
	return train.Head(e.assign), test, nil
}

// evalAfterExample, a test hook, is called after each example eval presents.
var evalAfterExample func()

// usageError is a flag that the data contradicts (exit status 2).
type usageError string

func (e usageError) Error() string { return string(e) }

// evalSeries is eval -series: every numbered checkpoint of the run folder.
func evalSeries(ctx context.Context, dir string, data func() (*dataset.Set, *dataset.Set, error), opt experiment.EvalOptions, stdout, stderr io.Writer) int {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "eval: -series takes a run folder, not %s\n", dir)
		return 2
	}
	release, err := runlock.Acquire(dir)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v: a trainer may be writing it; evaluate the series when it has finished\n", err)
		return 1
	}
	defer release()
	if paths, _, err := experiment.Kept(dir); err != nil || len(paths) == 0 {
		fmt.Fprintf(stderr, "eval: %s holds no numbered checkpoints (train with -keep K to keep them)\n", dir)
		return 1
	}
	assign, test, err := data()
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		if errors.As(err, new(usageError)) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "%10s  %14s  %12s\n", "examples", "all-activity %", "proportion %")
	pts, err := experiment.EvaluateSeries(ctx, dir, assign, test, opt, func(p experiment.SeriesPoint) {
		fmt.Fprintf(stdout, "%10d  %14.2f  %12.2f\n", p.Examples, p.AllActivity, p.Proportion)
	})
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "eval: interrupted; nothing written (series.json and the series' pictures are written only once every network is scored; the table above has those done)")
		return 130
	}
	if errors.As(err, new(*experiment.ShapeError)) {
		fmt.Fprintf(stderr, "eval: %v %s\n", err, shapeHint)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	b, _ := json.MarshalIndent(pts, "", "  ")
	out := filepath.Join(dir, "series.json")
	if err := atomicfile.WriteBytes(out, append(b, '\n')); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	vp := make([]visual.SeriesPoint, len(pts))
	for i, p := range pts {
		vp[i] = visual.SeriesPoint{Examples: p.Examples, AllActivity: p.AllActivity, Proportion: p.Proportion}
	}
	c, err := visual.Series(vp)
	if err == nil {
		err = atomicfile.Write(filepath.Join(dir, "accuracy-series.png"), c.PNG)
	}
	if err == nil {
		err = atomicfile.Write(filepath.Join(dir, "accuracy-series.svg"), c.SVG)
	}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "wrote %s, %s\n", out, filepath.Join(dir, "accuracy-series.png"))
	return 0
}

// outName is the file eval writes its results to.
func outName(out, checkpoint string) string {
	if out != "" {
		return out
	}
	return experiment.Folder(filepath.Dir(checkpoint)).Eval()
}
