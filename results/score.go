package results

// Score is the accuracy of one vote over a set of examples.
type Score struct {
	Vote      string                `json:"vote"`
	Correct   int                   `json:"correct"`
	Total     int                   `json:"total"`
	Accuracy  float64               `json:"accuracy_percent"`
	PerClass  [Classes]float64      `json:"per_class_accuracy_percent"` // recall of each true class
	Confusion [Classes][Classes]int `json:"confusion"`                  // [true][predicted]
}

// Votes names the classification rules, in the order Predict returns them.
var Votes = []string{"all_activity", "proportion"}

// Predict returns the class each vote gives one example's counts.
func (a *Assignment) Predict(counts []int32) [2]int {
	return [2]int{a.AllActivity(counts), a.Proportion(counts)}
}

// NewScore scores predictions against labels.
func NewScore(vote string, labels []byte, predicted []int) Score {
	s := Score{Vote: vote}
	for k, l := range labels {
		s.Confusion[l][predicted[k]]++
	}
	for t := range s.Confusion {
		row := 0
		for _, c := range s.Confusion[t] {
			row += c
		}
		s.Total += row
		s.Correct += s.Confusion[t][t]
		if row > 0 {
			s.PerClass[t] = 100 * float64(s.Confusion[t][t]) / float64(row)
		}
	}
	if s.Total > 0 {
		s.Accuracy = 100 * float64(s.Correct) / float64(s.Total)
	}
	return s
}

// Evaluate classifies every example of counts (examples × n) with each vote
// and scores it against labels.
func Evaluate(a *Assignment, counts []int32, labels []byte) []Score {
	preds := make([][]int, len(Votes))
	for v := range preds {
		preds[v] = make([]int, len(labels))
	}
	for k := range labels {
		p := a.Predict(counts[k*a.N : (k+1)*a.N])
		for v := range preds {
			preds[v][k] = p[v]
		}
	}
	scores := make([]Score, len(Votes))
	for v, name := range Votes {
		scores[v] = NewScore(name, labels, preds[v])
	}
	return scores
}
