package experiment

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/buildinfo"
	"spikemnist/internal/progress"
	"spikemnist/internal/runlock"
	"spikemnist/network"
	"spikemnist/results"
)

// Report is what eval.json holds.
type Report struct {
	Checkpoint     string           `json:"checkpoint"`
	Neurons        int              `json:"neurons"`
	ExamplesSeen   int64            `json:"examples_seen"`
	Seed           uint64           `json:"seed"`
	Config         *network.Config  `json:"config"`
	Workers        int              `json:"workers"`
	Labelling      Phase            `json:"labelling"`
	Test           Phase            `json:"test"`
	Data           dataset.Shape    `json:"data_shape"` // the images' size and the classes
	NeuronsInClass []int            `json:"neurons_per_class"`
	Unassigned     int              `json:"unassigned_neurons"`
	Scores         []results.Score  `json:"scores"` // one per vote, first presentation; all_activity is the paper's
	Repeats        int              `json:"test_presentations"`
	Spread         []results.Spread `json:"accuracy_over_presentations"` // one per vote: each presentation, mean, sd

	// LogReg is the linear readout, if one was asked for (its score is
	// among Scores); saved into the checkpoint, not into eval.json.
	LogReg *results.LogReg `json:"-"`

	Theta        network.ThetaStats `json:"theta"`
	FinalRunning *float64           `json:"final_running_accuracy_percent,omitempty"` // logged at the end of training
	Warnings     []string           `json:"warnings,omitempty"`
	Program      *buildinfo.Info    `json:"program,omitempty"` // what made the report

	// Predictions is each vote's answer for each test digit in the first
	// presentation (for the pictures; not saved).
	Predictions [][]int `json:"-"`
}

// Phase describes the frozen passes over a set of examples (the test set's
// presentations together).
type Phase struct {
	Set               string  `json:"set"`
	Examples          int     `json:"examples"`
	Seconds           float64 `json:"seconds"`
	ExamplesPerSecond float64 `json:"examples_per_second"`
	Presentations     int64   `json:"presentations"`
	Silent            int     `json:"silent_examples"`
}

// EvalOptions are an evaluation's settings.
type EvalOptions struct {
	Log     io.Writer // progress; nil: discarded
	Workers int       // parallel workers; 0: one per core (results do not depend on it)
	Repeats int       // presentations of the test set, each with fresh input spikes; 0: 1
	// AfterExample, if set, is called after each example presented, from
	// the workers concurrently.
	AfterExample func()
	// Engine makes the frozen engines that present the examples; nil:
	// the CPU engine (package network/cpu).
	Engine network.EngineMaker
	// Readout, if "logreg", also fits a linear readout on the labelling
	// digits' spike counts (results.FitLogReg) and scores the test digits
	// with it beside the votes, as the vote "logreg".
	Readout string
}

// ReadoutLogReg is the one readout Evaluate fits besides the votes.
const ReadoutLogReg = "logreg"

// Evaluate labels the frozen network's neurons from its responses to
// assign and classifies test, Repeats times. It returns the report (without
// the checkpoint's name and the diagnostics) and the neurons' labels.
func Evaluate(ctx context.Context, cfg *network.Config, m *network.Model, assign, test *dataset.Set, opt EvalOptions) (*Report, *results.Assignment, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sh := assign.Shape
	sh.Classes = max(sh.Classes, test.Shape.Classes)
	r := &Report{Neurons: m.N, Seed: cfg.Seed, Config: cfg, Workers: workers, Data: sh}

	acc := results.NewAccumulator(m.N, sh.Classes)
	var mu sync.Mutex
	var responses []results.Sparse
	if opt.Readout == ReadoutLogReg {
		responses = make([]results.Sparse, assign.Len())
	}
	ph, err := pass(ctx, cfg, m, assign, network.PurposeAssign, "labelling", opt, func(k int, counts []int32) {
		if responses != nil {
			responses[k] = results.SparseOf(counts) // each k is written by one worker only
		}
		mu.Lock()
		acc.Add(counts, assign.Labels[k])
		mu.Unlock()
	})
	if err != nil {
		return nil, nil, err
	}
	r.Labelling = ph
	a := acc.Assign()
	r.NeuronsInClass, r.Unassigned = a.PerClass, a.Silent()
	votes := results.Votes
	if responses != nil {
		t0 := time.Now()
		if r.LogReg, err = results.FitLogReg(responses, assign.Labels, m.N, sh.Classes, results.DefaultLambda); err != nil {
			return nil, nil, err
		}
		fmt.Fprintf(opt.Log, "readout: logistic regression fitted on %d labelling digits in %.1f s\n", len(responses), time.Since(t0).Seconds())
		votes = append(slices.Clone(votes), ReadoutLogReg)
	}

	r.Repeats = max(1, opt.Repeats)
	each := make([][]float64, len(votes))
	for rep := 0; rep < r.Repeats; rep++ {
		preds := make([][]int, len(votes))
		for v := range preds {
			preds[v] = make([]int, test.Len())
		}
		name := "test"
		if r.Repeats > 1 {
			name = fmt.Sprintf("test %d/%d", rep+1, r.Repeats)
		}
		ph, err := pass(ctx, cfg, m, test, network.TestRepeat(rep), name, opt, func(k int, counts []int32) {
			p := a.Predict(counts)
			for v := range p {
				preds[v][k] = p[v] // each k is written by one worker only
			}
			if r.LogReg != nil {
				preds[len(p)][k] = r.LogReg.Predict(counts)
			}
		})
		if err != nil {
			return nil, nil, err
		}
		if rep == 0 {
			r.Test = ph
		} else {
			r.Test.Examples += ph.Examples
			r.Test.Seconds += ph.Seconds
			r.Test.Presentations += ph.Presentations
			r.Test.Silent += ph.Silent
		}
		for v, name := range votes {
			sc := results.NewScore(name, test.Labels, preds[v], sh.Classes)
			if rep == 0 {
				r.Scores = append(r.Scores, sc)
				r.Predictions = append(r.Predictions, preds[v])
			}
			each[v] = append(each[v], sc.Accuracy)
		}
	}
	r.Test.ExamplesPerSecond = float64(r.Test.Examples) / r.Test.Seconds
	for v, name := range votes {
		r.Spread = append(r.Spread, results.NewSpread(name, each[v]))
	}
	return r, a, nil
}

func pass(ctx context.Context, cfg *network.Config, m *network.Model, set *dataset.Set, purpose uint64, name string, opt EvalOptions, use func(int, []int32)) (Phase, error) {
	ph := Phase{Set: set.Name, Examples: set.Len()}
	bar := progress.New(opt.Log, name, set.Len(), 10*time.Second)
	var mu sync.Mutex
	err := network.RespondOn(ctx, engineOr(opt.Engine), cfg, m, set, purpose, opt.Workers, func(k int, counts []int32, o network.Outcome) {
		use(k, counts)
		mu.Lock()
		ph.Presentations += int64(o.Presentations)
		if o.Silent {
			ph.Silent++
		}
		mu.Unlock()
		bar.Add(1)
		if opt.AfterExample != nil {
			opt.AfterExample()
		}
	})
	el := bar.Finish()
	ph.Seconds = el.Seconds()
	ph.ExamplesPerSecond = float64(ph.Examples) / ph.Seconds
	return ph, err
}

// Write saves the report as JSON, atomically.
func (r *Report) Write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, append(b, '\n'))
}

// ReadReport reads an eval.json.
func ReadReport(path string) (*Report, error) { return readJSON[Report](path) }

// Print writes the report as text: accuracy, per-class accuracy and the
// confusion matrix.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "network: %d neurons, %d training examples seen (%s)\n", r.Neurons, r.ExamplesSeen, r.Checkpoint)
	fmt.Fprintf(w, "labelled on %d %s examples (%d silent); %d neurons unassigned; neurons per class %v\n",
		r.Labelling.Examples, r.Labelling.Set, r.Labelling.Silent, r.Unassigned, r.NeuronsInClass)
	fmt.Fprintf(w, "thresholds: %v\n", r.Theta)
	for _, s := range r.Scores {
		fmt.Fprintf(w, "test accuracy (%s vote): %.2f%% (%d/%d)\n", s.Vote, s.Accuracy, s.Correct, s.Total)
	}
	if r.Repeats > 1 {
		for _, s := range r.Spread {
			fmt.Fprintf(w, "test accuracy over %d presentations (%s vote): %.2f ± %.2f%%\n", r.Repeats, s.Vote, s.Mean, s.SD)
		}
		fmt.Fprintln(w, "(the confusion matrix below is the first presentation's)")
	}
	s := r.Scores[0]
	fmt.Fprintf(w, "\nper class (%s):", s.Vote)
	for c, a := range s.PerClass {
		fmt.Fprintf(w, " %d:%.1f%%", c, a)
	}
	fmt.Fprintf(w, "\n\nconfusion (%s; rows true, columns predicted):\n     ", s.Vote)
	for c := range s.Confusion {
		fmt.Fprintf(w, "%6d", c)
	}
	fmt.Fprintln(w)
	for t, row := range s.Confusion {
		fmt.Fprintf(w, "%5d", t)
		for _, c := range row {
			fmt.Fprintf(w, "%6d", c)
		}
		fmt.Fprintln(w)
	}
}

// EvalJob is the evaluation of one saved network, as the eval command and a
// sweep make it.
type EvalJob struct {
	Checkpoint string // the checkpoint file
	Out        string // where eval.json goes; "": beside the checkpoint
	SaveLabels bool   // write the neurons' labels into the checkpoint
	Pictures   bool   // draw the pictures and report.html beside the checkpoint
	Monitor    int    // test example the report records and shows; −1: none
	EvalOptions
}

// EvalResult is what EvaluateRun made.
type EvalResult struct {
	Report   *Report
	Out      string   // the eval.json written
	Warnings []string // signs that the evaluation does not measure what was learned (also in the report)
	Files    []string // pictures and report written
}

// EvaluateRun evaluates the network saved in job.Checkpoint on the sets
// data returns, and writes eval.json, the labels and the pictures as the
// job says. data is called once the checkpoint has loaded, so that a bad
// checkpoint fails before the data set is read. Writing into the run folder
// needs its lock, held from reading the checkpoint to the last write, so
// that a trainer cannot replace the checkpoint in between; a folder a
// trainer holds is refused.
func EvaluateRun(ctx context.Context, job EvalJob, data func() (assign, test *dataset.Set, err error)) (*EvalResult, error) {
	path := job.Checkpoint
	dir := filepath.Dir(path)
	out := job.Out
	if out == "" {
		out = Folder(dir).Eval()
	}
	if job.SaveLabels || job.Pictures || runlock.SameDir(out, path) {
		release, err := runlock.Acquire(dir)
		if err != nil {
			return nil, &LockedError{err}
		}
		defer release()
	}
	ck, cfg, m, err := checkpoint.LoadNetwork(path)
	if err != nil {
		return nil, err
	}
	assign, test, err := data()
	if err != nil {
		return nil, err
	}
	if err := takes(ck, path, assign, test); err != nil {
		return nil, err
	}
	rep, a, err := Evaluate(ctx, cfg, m, assign, test, job.EvalOptions)
	if err != nil {
		return nil, err
	}
	rep.Checkpoint, rep.ExamplesSeen = path, ck.ExamplesSeen
	info := buildinfo.Get()
	rep.Program = &info
	res := &EvalResult{Report: rep, Out: out}
	train := trainingSummary(ck, path)
	res.Warnings = Diagnose(rep, cfg, m.Theta, train)
	if err := rep.Write(out); err != nil {
		return nil, err
	}
	if job.SaveLabels {
		// The readout is saved with the labels it was fitted beside; a
		// labelling without one drops an earlier one.
		ck.Assignments, ck.Readout = a.Classes(), nil
		if rep.LogReg != nil && rep.LogReg.K == ck.Shape.Classes {
			ck.Readout = rep.LogReg.W
		}
		if err := checkpoint.Save(path, ck); err != nil {
			return nil, err
		}
	}
	if job.Pictures {
		p := pictureJob{dir: dir, rep: rep, train: train, cfg: cfg, model: m, assignment: a, test: test, monitor: job.Monitor, engine: job.Engine}
		if res.Files, err = p.draw(); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// ShapeError is EvaluateRun's error for data the checkpoint's network was
// not made for.
type ShapeError struct {
	Path string
	Err  error
}

func (e *ShapeError) Error() string { return fmt.Sprintf("checkpoint %s: %v", e.Path, e.Err) }
func (e *ShapeError) Unwrap() error { return e.Err }

// takes reports sets that the network of checkpoint ck (read from path)
// was not made for, as a ShapeError.
func takes(ck *checkpoint.Checkpoint, path string, sets ...*dataset.Set) error {
	for _, set := range sets {
		if err := ck.Shape.Takes(set.Shape); err != nil {
			return &ShapeError{Path: path, Err: err}
		}
	}
	return nil
}

// LockedError is EvaluateRun's error for a run folder that a trainer holds.
type LockedError struct{ Err error }

func (e *LockedError) Error() string { return e.Err.Error() }
func (e *LockedError) Unwrap() error { return e.Err }

// trainingSummary returns the run summary saved in the checkpoint, or the
// one beside it; nil if neither is there.
func trainingSummary(ck *checkpoint.Checkpoint, path string) *Summary {
	if ck.Run != nil {
		var s Summary
		if json.Unmarshal([]byte(ck.Run.Summary), &s) == nil {
			return &s
		}
	}
	for _, p := range []string{SummaryBeside(path), Folder(filepath.Dir(path)).Summary()} {
		if s, err := ReadSummary(p); err == nil {
			return s
		}
	}
	return nil
}
