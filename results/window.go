package results

import "fmt"

// Window is the running accuracy the original code prints while training:
// each window's examples are scored with the labels the window before gave
// the neurons, and accumulated to label them for the next. It also counts
// each neuron's wins (examples it fired most for) in the window. Its state
// between two examples is WindowState, which a checkpoint saves.
type Window struct {
	acc      *Accumulator
	labelled *Assignment // from the previous window; nil before the first
	correct  [2]int64    // window examples those labels got right, all-activity and proportion votes
	wins     []int32
}

// WindowState is a Window's data, as saved between two examples.
type WindowState struct {
	WindowSums        []float64 // N × classes: spike counts per class in the window
	WindowExamples    []int64   // classes: examples per class in the window
	WindowCorrect     int64     // examples of the window the previous labels got right (all-activity vote)
	WindowCorrectProp int64     // the same in the proportion vote (0 in checkpoints before it was kept)
	WindowWins        []int32   // N: examples of the window each neuron fired most for; nil in checkpoints before they were counted
	Labelled          []int8    // N: labels from the previous window; nil before the first
	LabelledRates     []float64 // N × classes: the rates those labels came from; nil before the first (and in older checkpoints)
}

// NewWindow is an empty first window for n neurons and k classes.
func NewWindow(n, k int) *Window {
	return &Window{acc: NewAccumulator(n, k), wins: make([]int32, n)}
}

// RestoreWindow is the window s saved, for n neurons and k classes.
func RestoreWindow(n, k int, s WindowState) (*Window, error) {
	switch {
	case len(s.WindowSums) != n*k || len(s.WindowExamples) != k:
		return nil, fmt.Errorf("accuracy window of the wrong size")
	case s.WindowWins != nil && len(s.WindowWins) != n:
		return nil, fmt.Errorf("wins for %d neurons, want %d", len(s.WindowWins), n)
	}
	w := &Window{acc: Restore(n, k, s.WindowSums, s.WindowExamples), correct: [2]int64{s.WindowCorrect, s.WindowCorrectProp}, wins: make([]int32, n)}
	copy(w.wins, s.WindowWins)
	if s.Labelled != nil {
		w.labelled = FromSaved(s.Labelled, s.LabelledRates, k)
	}
	return w, nil
}

// Add scores one training example's counts against label and adds them.
func (w *Window) Add(counts []int32, label byte) {
	if w.labelled != nil {
		p := w.labelled.Predict(counts)
		for v := range p {
			if p[v] == int(label) {
				w.correct[v]++
			}
		}
	}
	w.acc.Add(counts, label)
	if j := firstMax(counts); j >= 0 {
		w.wins[j]++
	}
}

// Scored reports whether the window had labels to score with (all but the
// first).
func (w *Window) Scored() bool { return w.labelled != nil }

// Accuracy is the percentage of the window's size examples scored right,
// in the all-activity and the proportion vote.
func (w *Window) Accuracy(size int64) (all, proportion float64) {
	return 100 * float64(w.correct[0]) / float64(size), 100 * float64(w.correct[1]) / float64(size)
}

// Spikes is each neuron's spikes in the window.
func (w *Window) Spikes() []float64 {
	s := make([]float64, w.acc.n)
	for i, v := range w.acc.sums {
		s[i/w.acc.k] += v
	}
	return s
}

// Wins is each neuron's wins in the window (the window's own array).
func (w *Window) Wins() []int32 { return w.wins }

// Next labels the neurons from this window and begins the next, empty.
func (w *Window) Next() {
	w.labelled = w.acc.Assign()
	w.acc = NewAccumulator(w.acc.n, w.acc.k)
	w.correct = [2]int64{}
	clear(w.wins)
}

// State is the window's data, copied, for saving.
func (w *Window) State() WindowState {
	s := WindowState{WindowCorrect: w.correct[0], WindowCorrectProp: w.correct[1], WindowWins: append([]int32(nil), w.wins...)}
	s.WindowSums, s.WindowExamples = w.acc.Snapshot()
	if w.labelled != nil {
		s.Labelled, s.LabelledRates = w.labelled.Classes(), w.labelled.FlatRates()
	}
	return s
}

// firstMax is the first neuron with the most spikes, −1 if none fired.
func firstMax(counts []int32) int {
	best, j := int32(0), -1
	for i, c := range counts {
		if c > best {
			best, j = c, i
		}
	}
	return j
}
