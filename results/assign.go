package results

// Unassigned marks a neuron that never fired on the labelling examples.
const Unassigned = -1

// Assignment is the class of each neuron and its mean response per class.
type Assignment struct {
	N        int
	K        int         // classes (10 for MNIST)
	Class    []int       // class of neuron j, or Unassigned
	Rates    [][]float64 // Rates[j][c]: mean count of neuron j over examples of class c
	PerClass []int       // neurons assigned to each class
}

// Accumulator gathers spike counts per class, one example at a time, for
// an assignment: memory is N × K whatever the number of examples.
type Accumulator struct {
	n, k     int
	sums     []float64
	examples []int
}

// NewAccumulator returns an empty accumulator for n neurons and k classes.
func NewAccumulator(n, k int) *Accumulator {
	return &Accumulator{n: n, k: k, sums: make([]float64, n*k), examples: make([]int, k)}
}

// Add records one example's counts and label.
func (acc *Accumulator) Add(counts []int32, label byte) {
	acc.examples[label]++
	for j, c := range counts[:acc.n] {
		acc.sums[j*acc.k+int(label)] += float64(c)
	}
}

// Assign labels each neuron with the class of its highest mean count. The
// comparison is strict against a running maximum that starts at 0, so a
// neuron that never fired stays Unassigned and ties go to the lower class.
func (acc *Accumulator) Assign() *Assignment {
	n, k := acc.n, acc.k
	a := &Assignment{N: n, K: k, Class: make([]int, n), Rates: make([][]float64, n), PerClass: make([]int, k)}
	for j := 0; j < n; j++ {
		a.Rates[j] = make([]float64, k)
		a.Class[j] = Unassigned
		best := 0.0
		for c := 0; c < k; c++ {
			if acc.examples[c] == 0 {
				continue
			}
			r := acc.sums[j*k+c] / float64(acc.examples[c])
			a.Rates[j][c] = r
			if r > best {
				best, a.Class[j] = r, c
			}
		}
		if a.Class[j] != Unassigned {
			a.PerClass[a.Class[j]]++
		}
	}
	return a
}

// Assign labels neurons from counts (examples × n, row-major) and the
// examples' labels, of k classes; see Accumulator.Assign.
func Assign(counts []int32, labels []byte, n, k int) *Assignment {
	acc := NewAccumulator(n, k)
	for k, l := range labels {
		acc.Add(counts[k*n:(k+1)*n], l)
	}
	return acc.Assign()
}

// FromClasses rebuilds an assignment to k classes from saved classes alone;
// it supports the all-activity vote (the proportion vote needs the rates).
func FromClasses(classes []int8, k int) *Assignment {
	a := &Assignment{N: len(classes), K: k, Class: make([]int, len(classes)), PerClass: make([]int, k)}
	for j, c := range classes {
		a.Class[j] = int(c)
		if c >= 0 {
			a.PerClass[c]++
		}
	}
	return a
}

// FromSaved rebuilds an assignment from its classes and its rates, flat
// (N × k), as a checkpoint's run state keeps them; nil rates give
// FromClasses.
func FromSaved(classes []int8, rates []float64, k int) *Assignment {
	a := FromClasses(classes, k)
	if rates != nil {
		a.Rates = make([][]float64, a.N)
		for j := range a.Rates {
			a.Rates[j] = rates[j*k : (j+1)*k : (j+1)*k]
		}
	}
	return a
}

// FlatRates is the assignment's rates, N × K in one slice; nil when it
// has none.
func (a *Assignment) FlatRates() []float64 {
	if a.Rates == nil {
		return nil
	}
	out := make([]float64, 0, a.N*a.K)
	for _, r := range a.Rates {
		out = append(out, r...)
	}
	return out
}

// Classes returns the assignment as saved in a checkpoint.
func (a *Assignment) Classes() []int8 {
	c := make([]int8, a.N)
	for j, k := range a.Class {
		c[j] = int8(k)
	}
	return c
}

// Silent returns how many neurons have no class.
func (a *Assignment) Silent() int {
	s := 0
	for _, c := range a.Class {
		if c == Unassigned {
			s++
		}
	}
	return s
}

// AllActivity returns the class whose assigned neurons have the highest mean
// count in one example's counts. Classes without neurons score 0.
func (a *Assignment) AllActivity(counts []int32) int {
	return argmaxHigh(a.AllActivityScores(counts))
}

// AllActivityScores is each class's score in the all-activity vote: the
// mean count of its assigned neurons.
func (a *Assignment) AllActivityScores(counts []int32) []float64 {
	score := make([]float64, a.K)
	for j, c := range counts {
		if k := a.Class[j]; k != Unassigned {
			score[k] += float64(c)
		}
	}
	for k := range score {
		if a.PerClass[k] > 0 {
			score[k] /= float64(a.PerClass[k])
		}
	}
	return score
}

// Proportion returns the class with the highest proportion-weighted score:
// each assigned neuron adds count × (its rate for the class ÷ its total
// rate), averaged over the class's neurons.
func (a *Assignment) Proportion(counts []int32) int {
	return argmaxHigh(a.ProportionScores(counts))
}

// ProportionScores is each class's score in the proportion vote; without
// the labelling's rates (an assignment rebuilt from saved classes) it is the
// all-activity score.
func (a *Assignment) ProportionScores(counts []int32) []float64 {
	if a.Rates == nil {
		return a.AllActivityScores(counts)
	}
	score := make([]float64, a.K)
	for j, c := range counts {
		k := a.Class[j]
		if k == Unassigned || c == 0 {
			continue
		}
		total := 0.0
		for _, r := range a.Rates[j] {
			total += r
		}
		score[k] += float64(c) * a.Rates[j][k] / total
	}
	for k := range score {
		if a.PerClass[k] > 0 {
			score[k] /= float64(a.PerClass[k])
		}
	}
	return score
}

// Winner returns the class with the highest score, the higher class on a
// tie as in the votes, or −1 when no class scored (no labelled neuron
// fired): the answer classify gives.
func Winner(score []float64) int {
	if best := argmaxHigh(score); len(score) > 0 && score[best] > 0 {
		return best
	}
	return -1
}

// argmaxHigh returns the index of the largest score, the highest index on a tie.
func argmaxHigh(score []float64) int {
	best := 0
	for k := 1; k < len(score); k++ {
		if score[k] >= score[best] {
			best = k
		}
	}
	return best
}

// Snapshot returns the accumulator's sums (n × k) and examples per class,
// for saving; Restore rebuilds an accumulator from them.
func (acc *Accumulator) Snapshot() (sums []float64, examples []int64) {
	examples = make([]int64, acc.k)
	for c, e := range acc.examples {
		examples[c] = int64(e)
	}
	return append([]float64(nil), acc.sums...), examples
}

// Restore returns an accumulator for n neurons and k classes holding the
// given snapshot.
func Restore(n, k int, sums []float64, examples []int64) *Accumulator {
	acc := NewAccumulator(n, k)
	copy(acc.sums, sums)
	for c := range acc.examples {
		acc.examples[c] = int(examples[c])
	}
	return acc
}
