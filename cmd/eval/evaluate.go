package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/progress"
	"spikemnist/network"
	"spikemnist/results"
)

type evaluation struct {
	cfg        *network.Config
	model      *network.Model
	workers    int
	repeats    int // presentations of the test set
	logw       io.Writer
	assignment *results.Assignment
}

// report is what eval.json holds.
type report struct {
	Checkpoint     string           `json:"checkpoint"`
	Neurons        int              `json:"neurons"`
	ExamplesSeen   int64            `json:"examples_seen"`
	Seed           uint64           `json:"seed"`
	Config         *network.Config  `json:"config"`
	Workers        int              `json:"workers"`
	Labelling      phase            `json:"labelling"`
	Test           phase            `json:"test"`
	NeuronsInClass [10]int          `json:"neurons_per_class"`
	Unassigned     int              `json:"unassigned_neurons"`
	Scores         []results.Score  `json:"scores"` // one per vote, first presentation; all_activity is the paper's
	Repeats        int              `json:"test_presentations"`
	Spread         []results.Spread `json:"accuracy_over_presentations"` // one per vote: each presentation, mean, sd

	Theta        network.ThetaStats `json:"theta"`
	FinalRunning *float64           `json:"final_running_accuracy_percent,omitempty"` // logged at the end of training
	Warnings     []string           `json:"warnings,omitempty"`
}

// phase describes the frozen passes over a set of examples (the test set's
// presentations together).
type phase struct {
	Set               string  `json:"set"`
	Examples          int     `json:"examples"`
	Seconds           float64 `json:"seconds"`
	ExamplesPerSecond float64 `json:"examples_per_second"`
	Presentations     int64   `json:"presentations"`
	Silent            int     `json:"silent_examples"`
}

func (e *evaluation) run(ctx context.Context, assign, test *dataset.Set) (*report, error) {
	workers := e.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &report{Neurons: e.model.N, Seed: e.cfg.Seed, Config: e.cfg, Workers: workers}

	acc := results.NewAccumulator(e.model.N)
	var mu sync.Mutex
	ph, err := e.pass(ctx, assign, network.PurposeAssign, "labelling", func(k int, counts []int32) {
		mu.Lock()
		acc.Add(counts, assign.Labels[k])
		mu.Unlock()
	})
	if err != nil {
		return nil, err
	}
	r.Labelling = ph
	e.assignment = acc.Assign()
	r.NeuronsInClass, r.Unassigned = e.assignment.PerClass, e.assignment.Silent()

	r.Repeats = max(1, e.repeats)
	each := make([][]float64, len(results.Votes))
	for rep := 0; rep < r.Repeats; rep++ {
		preds := make([][]int, len(results.Votes))
		for v := range preds {
			preds[v] = make([]int, test.Len())
		}
		name := "test"
		if r.Repeats > 1 {
			name = fmt.Sprintf("test %d/%d", rep+1, r.Repeats)
		}
		ph, err := e.pass(ctx, test, network.TestRepeat(rep), name, func(k int, counts []int32) {
			p := e.assignment.Predict(counts)
			for v := range preds {
				preds[v][k] = p[v] // each k is written by one worker only
			}
		})
		if err != nil {
			return nil, err
		}
		if rep == 0 {
			r.Test = ph
		} else {
			r.Test.Examples += ph.Examples
			r.Test.Seconds += ph.Seconds
			r.Test.Presentations += ph.Presentations
			r.Test.Silent += ph.Silent
		}
		for v, name := range results.Votes {
			sc := results.NewScore(name, test.Labels, preds[v])
			if rep == 0 {
				r.Scores = append(r.Scores, sc)
			}
			each[v] = append(each[v], sc.Accuracy)
		}
	}
	r.Test.ExamplesPerSecond = float64(r.Test.Examples) / r.Test.Seconds
	for v, name := range results.Votes {
		r.Spread = append(r.Spread, results.NewSpread(name, each[v]))
	}
	return r, nil
}

func (e *evaluation) pass(ctx context.Context, set *dataset.Set, purpose uint64, name string, use func(int, []int32)) (phase, error) {
	ph := phase{Set: set.Name, Examples: set.Len()}
	bar := progress.New(e.logw, name, set.Len(), 10*time.Second)
	var mu sync.Mutex
	err := network.Respond(ctx, e.cfg, e.model, set, purpose, e.workers, func(k int, counts []int32, o network.Outcome) {
		use(k, counts)
		mu.Lock()
		ph.Presentations += int64(o.Presentations)
		if o.Silent {
			ph.Silent++
		}
		mu.Unlock()
		bar.Add(1)
	})
	el := bar.Finish()
	ph.Seconds = el.Seconds()
	ph.ExamplesPerSecond = float64(ph.Examples) / ph.Seconds
	return ph, err
}

func (r *report) write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, append(b, '\n'))
}

func (r *report) print(w io.Writer) {
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
	for c := 0; c < 10; c++ {
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
