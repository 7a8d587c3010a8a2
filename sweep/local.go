package sweep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/internal/progress"
	"spikemnist/internal/runlock"
)

// Data is the MNIST data a sweep's runs train and are evaluated on.
type Data struct{ Train, Test *dataset.Set }

// ErrInterrupted is RunOne's error for a run stopped by its context; its
// checkpoint holds what it did.
var ErrInterrupted = errors.New("interrupted; the checkpoint holds the examples finished so far")

// RunOptions are how RunOne runs, not what it computes.
type RunOptions struct {
	Workers int       // goroutines per run for training and evaluation; 0: as the run measures
	Log     io.Writer // besides the run's own log.txt; nil: only there
	// AfterExample is called after each example trained or evaluated (by
	// evaluation's workers concurrently).
	AfterExample func()
}

// RunOne brings run r to its end: trains it from scratch, resumes it from
// its checkpoint, or only evaluates it, whatever its folder holds; a run
// already evaluated is left as it is. It returns the run's evaluation.
func RunOne(ctx context.Context, d *Dir, r *Run, data Data, opt RunOptions) (*experiment.Report, error) {
	cfg, examples, err := d.Spec.Config(r)
	if err != nil {
		return nil, err
	}
	train := data.Train.Head(examples)
	total := int64(cfg.Epochs) * int64(train.Len())
	f := d.Folder(r)
	if rep, err := experiment.ReadReport(f.Eval()); err == nil && rep.ExamplesSeen == total {
		return rep, nil
	}
	logf, err := openLog(f)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	var logw io.Writer = logf
	if opt.Log != nil {
		logw = io.MultiWriter(logf, opt.Log)
	}
	topt := experiment.TrainOptions{Log: logw, Workers: opt.Workers}
	if opt.AfterExample != nil {
		topt.AfterExample = func(int64) { opt.AfterExample() }
	}
	held, err := experiment.HoldRun(f.Checkpoint(), logw)
	if err != nil {
		return nil, err
	}
	release := held.Release
	defer func() { release() }()
	t, err := held.Open(experiment.Opening{Config: cfg, Reuse: true}, train, topt)
	if err != nil {
		return nil, err
	}
	if t != nil {
		sum, err := t.Train(ctx, train)
		if err != nil {
			return nil, err
		}
		if sum.Interrupted {
			return nil, ErrInterrupted
		}
	}
	release() // EvaluateRun takes the lock itself
	release = func() {}
	spec := d.Spec.Eval
	job := experiment.EvalJob{
		Checkpoint: f.Checkpoint(), SaveLabels: true, Pictures: spec.Pictures, Monitor: -1,
		EvalOptions: experiment.EvalOptions{Log: logw, Workers: opt.Workers, Repeats: spec.Repeats, AfterExample: opt.AfterExample, Readout: spec.Readout},
	}
	if spec.Pictures {
		job.Monitor = 0
	}
	res, err := experiment.EvaluateRun(ctx, job, func() (*dataset.Set, *dataset.Set, error) {
		assign, test := spec.Sets(data.Train, data.Test)
		return assign, test, nil
	})
	if err != nil {
		return nil, err
	}
	return res.Report, nil
}

// openLog opens the run's log.txt for appending, making its folder.
func openLog(f experiment.Folder) (*os.File, error) {
	if err := os.MkdirAll(string(f), 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(f.File("log.txt"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}

// RunLocal runs every run of the sweep that is not finished, jobs at a time
// (0: one per core), each with an equal share of the cores, on one
// progress line. It returns once all have ended or ctx is cancelled (then
// each running run saves a checkpoint first).
func RunLocal(ctx context.Context, d *Dir, data Data, jobs int, logw io.Writer) error {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	// One local runner per sweep: a second waits for nothing and
	// refuses at once, rather than finding each run locked.
	release, err := runlock.Acquire(d.Path)
	if err != nil {
		return fmt.Errorf("sweep %w", err)
	}
	defer release()
	type item struct {
		r    *Run
		left int64
	}
	var todo []item
	var left int64
	for i := range d.Runs {
		r := &d.Runs[i]
		st := RunState(d, r)
		if st.State == Done {
			continue
		}
		work := st.Total - st.Seen + d.evalExamples(data)
		todo = append(todo, item{r, work})
		left += work
	}
	jobs = min(jobs, max(1, len(todo)))
	// One run at a time measures its fastest worker count; several share
	// the cores out.
	workers, share := 0, "the fastest worker count, measured"
	if jobs > 1 {
		workers = max(1, runtime.GOMAXPROCS(0)/jobs)
		share = fmt.Sprintf("%d workers each", workers)
	}
	fmt.Fprintf(logw, "sweep %s: %d runs, %d to do, %d at a time with %s\n", d.Path, len(d.Runs), len(todo), jobs, share)
	bar := progress.New(logw, "sweep", int(left), 10*time.Second)
	var (
		next   atomic.Int64
		mu     sync.Mutex
		done   int
		failed []string
		busy   []string
		wg     sync.WaitGroup
	)
	for w := 0; w < jobs && w < len(todo); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(todo) || ctx.Err() != nil {
					return
				}
				it := todo[k]
				start := time.Now()
				rep, err := RunOne(ctx, d, it.r, data, RunOptions{Workers: workers, AfterExample: func() { bar.Add(1) }})
				mu.Lock()
				done++
				switch {
				case errors.Is(err, ErrInterrupted) || (err != nil && ctx.Err() != nil):
					bar.Printf("[%d/%d] %s: interrupted, resumable\n", done, len(todo), it.r.Name)
				case errors.Is(err, runlock.ErrInUse):
					// A job array's task or a train command has it:
					// not this runner's to report as failed.
					busy = append(busy, it.r.Name)
					bar.Printf("[%d/%d] %s: being run by another process, left to it\n", done, len(todo), it.r.Name)
				case err != nil:
					failed = append(failed, it.r.Name)
					bar.Printf("[%d/%d] %s: failed: %v\n", done, len(todo), it.r.Name, err)
				default:
					bar.Printf("[%d/%d] %s: %s (%.1f s)\n", done, len(todo), it.r.Name, accuracyText(rep), time.Since(start).Seconds())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	bar.Finish()
	switch {
	case ctx.Err() != nil:
		return ErrInterrupted
	case len(failed) > 0:
		return fmt.Errorf("%d of %d runs failed: %v (each run's log.txt says why)", len(failed), len(todo), failed)
	case len(busy) > 0:
		return fmt.Errorf("%d of %d runs were being run by another process, which finishes them: %v (sweep status shows them)", len(busy), len(todo), busy)
	}
	return nil
}

// evalExamples is how many presentations a run's evaluation makes.
func (d *Dir) evalExamples(data Data) int64 {
	e := d.Spec.Eval
	assign, test := e.Sets(data.Train, data.Test)
	return int64(assign.Len() + max(1, e.Repeats)*test.Len())
}

// accuracyText is a report's test accuracy in both votes.
func accuracyText(r *experiment.Report) string {
	if r.Repeats > 1 {
		return fmt.Sprintf("%.2f ± %.2f / %.2f ± %.2f %% (all-activity / proportion, %d presentations)",
			r.Spread[0].Mean, r.Spread[0].SD, r.Spread[1].Mean, r.Spread[1].SD, r.Repeats)
	}
	return fmt.Sprintf("%.2f / %.2f %% (all-activity / proportion)", r.Scores[0].Accuracy, r.Scores[1].Accuracy)
}
