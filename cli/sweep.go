package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"spikemnist/dataset"
	"spikemnist/internal/runlock"
	"spikemnist/sweep"
)

const sweepUsage = `usage: sweep COMMAND [flags] ARG

Commands:
  run FILE       run the sweep in FILE on this machine, -jobs runs at a time
  slurm FILE     submit the sweep as a Slurm job array and a gather job after it
  status DIR     the state of each run of the sweep folder DIR
  collect DIR    one table of every run (stdout, DIR/results.{md,csv,json}) and DIR/accuracy.png
  task DIR K     run the sweep's run K (what each Slurm task runs)

A sweep file is JSON: a base configuration, axes whose cross product gives
the runs, or an explicit list of runs, and how to evaluate them (see the
README). Its runs go into a sweep folder, by default sweeps/NAME for
NAME.json; running a sweep again skips finished runs and resumes
interrupted ones. "sweep COMMAND -h" lists a command's flags.
`

func Sweep(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-version" || args[0] == "--version") {
		printVersion(stdout)
		return 0
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, sweepUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runLocal(rest, stdout, stderr)
	case "slurm":
		return runSlurm(rest, stdout, stderr)
	case "status":
		return runStatus(rest, stdout, stderr)
	case "collect":
		return runCollect(rest, stdout, stderr)
	case "task":
		return runTask(rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "sweep: unknown command %q (run, slurm, status, collect, task)\n", cmd)
	return 2
}

// flags makes a command's flag set; parse then checks that it leaves
// exactly nargs arguments, and allows flags after them.
func flags(name, args string, stderr io.Writer) *flag.FlagSet {
	return newFlagSet("sweep "+name, fmt.Sprintf("usage: sweep %s [flags] %s\n", name, args), stderr)
}

// parse parses flags given before or after the positional arguments and
// checks that there are nargs of them; -version prints the version.
func parse(fs *flag.FlagSet, args []string, nargs int, stdout, stderr io.Writer) ([]string, int) {
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return nil, code
	}
	if len(pos) != nargs {
		fmt.Fprintf(stderr, "%s: want %d argument(s), got %d: %q\n", fs.Name(), nargs, len(pos), pos)
		fs.Usage()
		return nil, 2
	}
	return pos, -1
}

// sweepDir is the default sweep folder of a sweep file: sweeps/NAME, with a
// name that stays inside sweeps/ ("...json" would name its parent).
func sweepDir(file string) string {
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if strings.Trim(name, ".") == "" {
		name = "sweep"
	}
	return filepath.Join("sweeps", name)
}

func loadData(ctx context.Context, data dataFlags, stderr io.Writer) (sweep.Data, error) {
	train, test, err := data.load(ctx, stderr)
	return sweep.Data{Train: train, Test: test}, err
}

func runLocal(args []string, stdout, stderr io.Writer) int {
	fs := flags("run", "FILE", stderr)
	data := addDataFlags(fs, "", true)
	out := fs.String("out", "", "sweep folder (default sweeps/NAME for NAME.json)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "runs at once; the cores are shared out among them")
	force := fs.Bool("force", false, "use -out even if it was made from another sweep file")
	pos, code := parse(fs, args, 1, stdout, stderr)
	if code >= 0 {
		return code
	}
	if _, err := data.Kind(); err != nil {
		fmt.Fprintf(stderr, "sweep run: %v\n", err)
		return 2
	}
	if *jobs < 1 {
		fmt.Fprintf(stderr, "sweep run: -jobs must be at least 1, not %d\n", *jobs)
		return 2
	}
	if *out == "" {
		*out = sweepDir(pos[0])
	}
	d, err := sweep.Create(*out, pos[0], *force)
	if err != nil {
		fmt.Fprintf(stderr, "sweep run: %v\n", err)
		return 1
	}
	ctx, stop := signalContext()
	defer stop()
	sets, err := loadData(ctx, data, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sweep run: %v\n", err)
		return 1
	}
	err = sweep.RunLocal(ctx, d, sets, *jobs, stderr)
	if errors.Is(err, runlock.ErrInUse) {
		// Another runner has the folder: its table is its to write.
		fmt.Fprintf(stderr, "sweep run: %v\n", err)
		return 1
	}
	t := sweep.Collect(d)
	files, werr := t.Write(d)
	t.Markdown(stdout)
	for _, f := range files {
		fmt.Fprintf(stderr, "wrote %s\n", f)
	}
	switch {
	case errors.Is(err, sweep.ErrInterrupted):
		fmt.Fprintf(stderr, "sweep run: interrupted; every running run saved a checkpoint (run the same command again to continue)\n")
		return 130
	case err != nil:
		fmt.Fprintf(stderr, "sweep run: %v\n", err)
		return 1
	case werr != nil:
		fmt.Fprintf(stderr, "sweep run: %v\n", werr)
		return 1
	}
	return 0
}

func runSlurm(args []string, stdout, stderr io.Writer) int {
	fs := flags("slurm", "FILE", stderr)
	data := addDataFlags(fs, "folder of the four data files, as the cluster's nodes see it", false)
	out := fs.String("out", "", "sweep folder, on a file system the nodes share (default sweeps/NAME for NAME.json)")
	force := fs.Bool("force", false, "use -out even if it was made from another sweep file")
	dry := fs.Bool("dry-run", false, "print the two sbatch scripts, submit nothing")
	var o sweep.SlurmOptions
	fs.IntVar(&o.CPUs, "cpus-per-task", 1, "cores per task (--cpus-per-task); the task's training uses as many workers")
	fs.StringVar(&o.Mem, "mem", "", "memory per task (--mem), e.g. 4G; default: the cluster's")
	fs.StringVar(&o.Time, "time", "", "time limit per task (--time), e.g. 04:00:00; a task stopped by it checkpoints and requeues itself")
	fs.StringVar(&o.Partition, "partition", "", "partition (--partition)")
	fs.StringVar(&o.Account, "account", "", "account (--account)")
	fs.IntVar(&o.MaxActive, "max-running", 0, "tasks running at once (--array=0-M%K); 0: no limit")
	fs.IntVar(&o.SignalBefore, "signal-before", 120, "seconds before the time limit at which Slurm sends SIGTERM (--signal=B:TERM@S); 0: none")
	extra := fs.String("sbatch-options", "", "further sbatch options for the array, separated by spaces, e.g. \"--qos=long --gres=none\"")
	prog := fs.String("program", "", "the sweep command the tasks run (default: this one)")
	pos, code := parse(fs, args, 1, stdout, stderr)
	if code >= 0 {
		return code
	}
	if *out == "" {
		*out = sweepDir(pos[0])
	}
	o.Extra = strings.Fields(*extra)
	kind, err := data.Kind()
	if err != nil {
		fmt.Fprintf(stderr, "sweep slurm: %v\n", err)
		return 2
	}
	o.Dataset = string(kind)
	if o.Data, err = filepath.Abs(*data.dir); err != nil {
		fmt.Fprintf(stderr, "sweep slurm: -data: %v\n", err)
		return 2
	}
	if *prog == "" {
		if *prog, err = os.Executable(); err != nil {
			fmt.Fprintf(stderr, "sweep slurm: cannot tell this program's path (%v); give it with -program\n", err)
			return 1
		}
	}
	if o.Program, err = filepath.Abs(*prog); err != nil {
		fmt.Fprintf(stderr, "sweep slurm: -program: %v\n", err)
		return 2
	}
	if _, err := dataset.Path(o.Data, dataset.TrainImages); err != nil && !*dry {
		fmt.Fprintf(stderr, "sweep slurm: -data %s: %v (the tasks would each have to fetch it)\n", o.Data, err)
		return 1
	}
	var d *sweep.Dir
	if *dry {
		s, _, err := sweep.ReadSpec(pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "sweep slurm: %v\n", err)
			return 1
		}
		runs, _ := s.Expand()
		d = &sweep.Dir{Path: *out, Spec: s, Runs: runs}
		a, g, err := sweep.Scripts(d, o)
		if err != nil {
			fmt.Fprintf(stderr, "sweep slurm: %v\n", err)
			return 2
		}
		fmt.Fprintf(stdout, "%s\n# then, with --dependency=afterok:<array job id>:\n%s", a, g)
		return 0
	}
	if d, err = sweep.Create(*out, pos[0], *force); err != nil {
		fmt.Fprintf(stderr, "sweep slurm: %v\n", err)
		return 1
	}
	ctx, stop := signalContext()
	defer stop()
	array, gather, err := sweep.Submit(ctx, d, o)
	if err != nil {
		fmt.Fprintf(stderr, "sweep slurm: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "submitted job array %s (%d tasks) and gather job %s\n", array, len(d.Runs), gather)
	fmt.Fprintf(stderr, "follow it with: sweep status %s\n", d.Path)
	return 0
}

func runTask(args []string, stdout, stderr io.Writer) int {
	fs := flags("task", "DIR K", stderr)
	data := addDataFlags(fs, "", true)
	workers := fs.Int("workers", 0, "goroutines for the run (0: measured)")
	requeue := fs.Bool("requeue", true, "inside a Slurm task, requeue it after a SIGTERM (its checkpoint is saved)")
	pos, code := parse(fs, args, 2, stdout, stderr)
	if code >= 0 {
		return code
	}
	d, err := sweep.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "sweep task: %v\n", err)
		return 1
	}
	k, err := strconv.Atoi(pos[1])
	if err != nil || k < 0 || k >= len(d.Runs) {
		fmt.Fprintf(stderr, "sweep task: run %q: the sweep has runs 0 … %d\n", pos[1], len(d.Runs)-1)
		return 2
	}
	ctx, stop := signalContext()
	defer stop()
	sets, err := loadData(ctx, data, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sweep task: %v\n", err)
		if errors.As(err, new(usageError)) {
			return 2
		}
		return 1
	}
	r := &d.Runs[k]
	fmt.Fprintf(stderr, "sweep task: run %d, %s\n", k, r.Name)
	rep, err := sweep.RunOne(ctx, d, r, sets, sweep.RunOptions{Workers: *workers, Log: stderr})
	if err != nil && ctx.Err() != nil {
		fmt.Fprintf(stderr, "sweep task: run %d: %v\n", k, err)
		if *requeue {
			if job, err := sweep.RequeueSelf(); err != nil {
				fmt.Fprintf(stderr, "sweep task: %v\n", err)
			} else if job != "" {
				fmt.Fprintf(stderr, "sweep task: requeued %s; it resumes from the checkpoint\n", job)
			}
		}
		return 130
	}
	if err != nil {
		fmt.Fprintf(stderr, "sweep task: run %d: %v\n", k, err)
		return 1
	}
	fmt.Fprintf(stdout, "run %d %s: test accuracy %.2f / %.2f %% (all-activity / proportion)\n", k, r.Name, rep.Spread[0].Mean, rep.Spread[1].Mean)
	return 0
}

func runStatus(args []string, stdout, stderr io.Writer) int {
	d, code := openSweep("status", args, stdout, stderr)
	if d == nil {
		return code
	}
	sweep.PrintStatus(stdout, sweep.Statuses(d))
	return 0
}

func runCollect(args []string, stdout, stderr io.Writer) int {
	d, code := openSweep("collect", args, stdout, stderr)
	if d == nil {
		return code
	}
	t := sweep.Collect(d)
	files, err := t.Write(d)
	t.Markdown(stdout)
	for _, f := range files {
		fmt.Fprintf(stderr, "wrote %s\n", f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "sweep collect: %v\n", err)
		return 1
	}
	return 0
}

// openSweep parses the arguments of a command that takes one sweep folder
// and opens it; nil and the exit status where it cannot.
func openSweep(name string, args []string, stdout, stderr io.Writer) (*sweep.Dir, int) {
	fs := flags(name, "DIR", stderr)
	pos, code := parse(fs, args, 1, stdout, stderr)
	if code >= 0 {
		return nil, code
	}
	d, err := sweep.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "sweep %s: %v\n", name, err)
		return nil, 1
	}
	return d, 0
}
