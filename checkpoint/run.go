package checkpoint

import (
	"fmt"
	"math"

	"spikemnist/dataset"
	"spikemnist/internal/npz"
	"spikemnist/network"
	"spikemnist/results"
)

// Run is the state of a training run between two examples, saved so that
// the run can continue exactly where it stopped. Checkpoints written by
// training carry it; nil otherwise.
type Run struct {
	network.State              // the engine's state between two examples; InputTrace and RuleState are nil in version 1
	results.WindowState        // the running-accuracy window
	Summary             string // the run's train.json at the time, JSON
}

func (r *Run) members(n int, sh dataset.Shape) []npz.Member {
	inputs, k := sh.Pixels(), sh.Classes
	m := []npz.Member{
		{Name: "run_step", Array: npz.I64Scalar(r.Step)},
		{Name: "run_exc_v", Array: npz.F32(r.ExcV, n)}, {Name: "run_exc_ge", Array: npz.F32(r.ExcGe, n)}, {Name: "run_exc_gi", Array: npz.F32(r.ExcGi, n)},
		{Name: "run_exc_last", Array: npz.I64(r.ExcLast, n)},
		{Name: "run_inh_v", Array: npz.F32(r.InhV, n)}, {Name: "run_inh_ge", Array: npz.F32(r.InhGe, n)}, {Name: "run_inh_last", Array: npz.I64(r.InhLast, n)},
		{Name: "run_counts", Array: npz.I32(r.Counts, n)}, {Name: "run_input_last", Array: npz.I64(r.InputLast, inputs)},
		{Name: "run_window_sums", Array: npz.F64(r.WindowSums, n, k)}, {Name: "run_window_examples", Array: npz.I64(r.WindowExamples, k)},
		{Name: "run_window_correct", Array: npz.I64Scalar(r.WindowCorrect)}, {Name: "run_summary", Array: npz.Str(r.Summary)},
	}
	if r.Labelled != nil {
		m = append(m, npz.Member{Name: "run_labelled", Array: npz.I8(r.Labelled, n)})
	}
	if r.LabelledRates != nil {
		m = append(m, npz.Member{Name: "run_labelled_rates", Array: npz.F64(r.LabelledRates, n, k)},
			npz.Member{Name: "run_window_correct_proportion", Array: npz.I64Scalar(r.WindowCorrectProp)})
	}
	if r.WindowWins != nil {
		m = append(m, npz.Member{Name: "run_window_wins", Array: npz.I32(r.WindowWins, n)})
	}
	if r.InputTrace != nil {
		m = append(m, npz.Member{Name: "run_input_trace", Array: npz.F32(r.InputTrace, inputs)})
	}
	if r.RuleState != nil {
		m = append(m, npz.Member{Name: "run_rule_state", Array: npz.F32(r.RuleState, n)})
	}
	return m
}

func (r *Run) validate(n int, sh dataset.Shape) error {
	inputs, k := sh.Pixels(), sh.Classes
	for _, l := range []int{len(r.ExcV), len(r.ExcGe), len(r.ExcGi), len(r.ExcLast), len(r.InhV), len(r.InhGe), len(r.InhLast), len(r.Counts)} {
		if l != n {
			return fmt.Errorf("run state for %d neurons, want %d", l, n)
		}
	}
	switch {
	case len(r.InputLast) != inputs:
		return fmt.Errorf("run state has %d input spike times, want %d", len(r.InputLast), inputs)
	case len(r.WindowSums) != n*k || len(r.WindowExamples) != k:
		return fmt.Errorf("run state: accuracy window of the wrong size")
	case r.InputTrace != nil && len(r.InputTrace) != inputs:
		return fmt.Errorf("run state has %d input traces, want %d", len(r.InputTrace), inputs)
	case r.WindowWins != nil && len(r.WindowWins) != n:
		return fmt.Errorf("run state: wins for %d neurons, want %d", len(r.WindowWins), n)
	case r.RuleState != nil && len(r.RuleState) != n:
		return fmt.Errorf("run state: learning rule state for %d neurons, want %d", len(r.RuleState), n)
	case r.Labelled != nil && len(r.Labelled) != n:
		return fmt.Errorf("run state: %d labels, want %d", len(r.Labelled), n)
	case r.LabelledRates != nil && (r.Labelled == nil || len(r.LabelledRates) != n*k):
		return fmt.Errorf("run state: label rates without labels, or of the wrong size")
	case r.Step < 0:
		return fmt.Errorf("run state: step %d", r.Step)
	}
	for j, a := range r.Labelled {
		if a < -1 || int(a) >= k {
			return fmt.Errorf("run state: label of neuron %d is %d (classes 0 to %d, or −1)", j, a, k-1)
		}
	}
	for c, e := range r.WindowExamples {
		if e < 0 {
			return fmt.Errorf("run state: %d examples of class %d in the window", e, c)
		}
	}
	return nil
}

// loadRun reads the run section if the archive has one.
func loadRun(get func(name, descr string, shape ...int) (npz.Array, error), has func(string) bool, n int, sh dataset.Shape) (*Run, error) {
	if !has("run_step") {
		return nil, nil
	}
	inputs, k := sh.Pixels(), sh.Classes
	r := &Run{}
	var err error
	one := func(name, descr string, set func(npz.Array), shape ...int) {
		if err != nil {
			return
		}
		var a npz.Array
		if a, err = get(name, descr, shape...); err == nil {
			set(a)
		}
	}
	one("run_step", "<i8", func(a npz.Array) { r.Step = int64(a.Uint64()) })
	one("run_exc_v", "<f4", func(a npz.Array) { r.ExcV = a.Float32s() }, n)
	one("run_exc_ge", "<f4", func(a npz.Array) { r.ExcGe = a.Float32s() }, n)
	one("run_exc_gi", "<f4", func(a npz.Array) { r.ExcGi = a.Float32s() }, n)
	one("run_exc_last", "<i8", func(a npz.Array) { r.ExcLast = a.Int64s() }, n)
	one("run_inh_v", "<f4", func(a npz.Array) { r.InhV = a.Float32s() }, n)
	one("run_inh_ge", "<f4", func(a npz.Array) { r.InhGe = a.Float32s() }, n)
	one("run_inh_last", "<i8", func(a npz.Array) { r.InhLast = a.Int64s() }, n)
	one("run_counts", "<i4", func(a npz.Array) { r.Counts = a.Int32s() }, n)
	one("run_input_last", "<i8", func(a npz.Array) { r.InputLast = a.Int64s() }, inputs)
	one("run_window_sums", "<f8", func(a npz.Array) { r.WindowSums = a.Float64s() }, n, k)
	one("run_window_examples", "<i8", func(a npz.Array) { r.WindowExamples = a.Int64s() }, k)
	one("run_window_correct", "<i8", func(a npz.Array) { r.WindowCorrect = int64(a.Uint64()) })
	if err == nil {
		var a npz.Array
		if a, err = get("run_summary", ""); err == nil {
			r.Summary = a.Text()
		}
	}
	if err == nil && has("run_labelled") {
		one("run_labelled", "|i1", func(a npz.Array) { r.Labelled = a.Int8s() }, n)
	}
	if err == nil && has("run_labelled_rates") {
		one("run_labelled_rates", "<f8", func(a npz.Array) { r.LabelledRates = a.Float64s() }, n, k)
		one("run_window_correct_proportion", "<i8", func(a npz.Array) { r.WindowCorrectProp = int64(a.Uint64()) })
		for i, v := range r.LabelledRates {
			if err == nil && (math.IsNaN(v) || v < 0 || v > 1e6) {
				err = fmt.Errorf("run state: label rate %d (neuron %d, class %d) is %v", i, i/k, i%k, v)
			}
		}
	}
	if err == nil && has("run_window_wins") {
		one("run_window_wins", "<i4", func(a npz.Array) { r.WindowWins = a.Int32s() }, n)
		for j, w := range r.WindowWins {
			if err == nil && w < 0 {
				err = fmt.Errorf("run state: neuron %d won %d examples", j, w)
			}
		}
	}
	if err == nil && has("run_input_trace") {
		one("run_input_trace", "<f4", func(a npz.Array) { r.InputTrace = a.Float32s() }, inputs)
	}
	if err == nil && has("run_rule_state") {
		one("run_rule_state", "<f4", func(a npz.Array) { r.RuleState = a.Float32s() }, n)
	}
	if err != nil {
		return nil, err
	}
	return r, r.validate(n, sh)
}
