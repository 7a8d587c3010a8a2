package checkpoint

import "fmt"

// Run is the state of a training run between two examples, saved so that
// the run can continue exactly where it stopped. Checkpoints written by
// training carry it; nil otherwise.
type Run struct {
	Step               int64
	ExcV, ExcGe, ExcGi []float32 // N each
	ExcLast            []int64   // N
	InhV, InhGe        []float32 // N each
	InhLast            []int64   // N
	Counts             []int32   // N
	InputLast          []int64   // 784
	WindowSums         []float64 // N × 10: spike counts per class in the current accuracy window
	WindowExamples     []int64   // 10: examples per class in the window
	WindowCorrect      int64     // examples of the window the previous labels got right
	Labelled           []int8    // N: labels from the previous window; nil before the first
	Summary            string    // the run's train.json at the time, JSON
}

func (r *Run) members(n int) []member {
	m := []member{
		{"run_step", i64Scalar(r.Step)},
		{"run_exc_v", f32Array(r.ExcV, n)}, {"run_exc_ge", f32Array(r.ExcGe, n)}, {"run_exc_gi", f32Array(r.ExcGi, n)},
		{"run_exc_last", i64Array(r.ExcLast, n)},
		{"run_inh_v", f32Array(r.InhV, n)}, {"run_inh_ge", f32Array(r.InhGe, n)}, {"run_inh_last", i64Array(r.InhLast, n)},
		{"run_counts", i32Array(r.Counts, n)}, {"run_input_last", i64Array(r.InputLast, inputs)},
		{"run_window_sums", f64Array(r.WindowSums, n, 10)}, {"run_window_examples", i64Array(r.WindowExamples, 10)},
		{"run_window_correct", i64Scalar(r.WindowCorrect)}, {"run_summary", strScalar(r.Summary)},
	}
	if r.Labelled != nil {
		m = append(m, member{"run_labelled", i8Array(r.Labelled, n)})
	}
	return m
}

func (r *Run) validate(n int) error {
	for _, l := range []int{len(r.ExcV), len(r.ExcGe), len(r.ExcGi), len(r.ExcLast), len(r.InhV), len(r.InhGe), len(r.InhLast), len(r.Counts)} {
		if l != n {
			return fmt.Errorf("run state for %d neurons, want %d", l, n)
		}
	}
	switch {
	case len(r.InputLast) != inputs:
		return fmt.Errorf("run state has %d input spike times, want %d", len(r.InputLast), inputs)
	case len(r.WindowSums) != n*10 || len(r.WindowExamples) != 10:
		return fmt.Errorf("run state: accuracy window of the wrong size")
	case r.Labelled != nil && len(r.Labelled) != n:
		return fmt.Errorf("run state: %d labels, want %d", len(r.Labelled), n)
	case r.Step < 0:
		return fmt.Errorf("run state: step %d", r.Step)
	}
	return nil
}

// loadRun reads the run section if the archive has one.
func loadRun(get func(name, descr string, shape ...int) (array, error), has func(string) bool, n int) (*Run, error) {
	if !has("run_step") {
		return nil, nil
	}
	r := &Run{}
	var err error
	one := func(name, descr string, set func(array), shape ...int) {
		if err != nil {
			return
		}
		var a array
		if a, err = get(name, descr, shape...); err == nil {
			set(a)
		}
	}
	one("run_step", "<i8", func(a array) { r.Step = int64(a.u64()) })
	one("run_exc_v", "<f4", func(a array) { r.ExcV = a.f32() }, n)
	one("run_exc_ge", "<f4", func(a array) { r.ExcGe = a.f32() }, n)
	one("run_exc_gi", "<f4", func(a array) { r.ExcGi = a.f32() }, n)
	one("run_exc_last", "<i8", func(a array) { r.ExcLast = a.i64() }, n)
	one("run_inh_v", "<f4", func(a array) { r.InhV = a.f32() }, n)
	one("run_inh_ge", "<f4", func(a array) { r.InhGe = a.f32() }, n)
	one("run_inh_last", "<i8", func(a array) { r.InhLast = a.i64() }, n)
	one("run_counts", "<i4", func(a array) { r.Counts = a.i32() }, n)
	one("run_input_last", "<i8", func(a array) { r.InputLast = a.i64() }, inputs)
	one("run_window_sums", "<f8", func(a array) { r.WindowSums = a.f64() }, n, 10)
	one("run_window_examples", "<i8", func(a array) { r.WindowExamples = a.i64() }, 10)
	one("run_window_correct", "<i8", func(a array) { r.WindowCorrect = int64(a.u64()) })
	if err == nil {
		var a array
		if a, err = get("run_summary", ""); err == nil {
			r.Summary = a.str()
		}
	}
	if err == nil && has("run_labelled") {
		one("run_labelled", "|i1", func(a array) { r.Labelled = a.i8() }, n)
	}
	if err != nil {
		return nil, err
	}
	return r, r.validate(n)
}
