package results

import "gonum.org/v1/gonum/stat"

// Score is the accuracy of one vote over a set of examples.
type Score struct {
	Vote      string    `json:"vote"`
	Correct   int       `json:"correct"`
	Total     int       `json:"total"`
	Accuracy  float64   `json:"accuracy_percent"`
	PerClass  []float64 `json:"per_class_accuracy_percent"` // recall of each true class
	Confusion [][]int   `json:"confusion"`                  // [true][predicted]
}

// Votes names the classification rules, in the order Predict returns them.
var Votes = []string{"all_activity", "proportion"}

// Predict returns the class each vote gives one example's counts.
func (a *Assignment) Predict(counts []int32) [2]int {
	return [2]int{a.AllActivity(counts), a.Proportion(counts)}
}

// NewScore scores predictions of k classes against labels.
func NewScore(vote string, labels []byte, predicted []int, k int) Score {
	s := Score{Vote: vote, PerClass: make([]float64, k), Confusion: make([][]int, k)}
	for t := range s.Confusion {
		s.Confusion[t] = make([]int, k)
	}
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

// Spread is an accuracy measured over several presentations of a test set:
// each presentation's accuracy, their mean and their sample standard
// deviation (0 for one presentation), in percent.
type Spread struct {
	Vote string    `json:"vote"`
	Each []float64 `json:"each_percent"`
	Mean float64   `json:"mean_percent"`
	SD   float64   `json:"sd_percent"`
}

// NewSpread summarises the accuracies of one vote over presentations.
func NewSpread(vote string, each []float64) Spread {
	s := Spread{Vote: vote, Each: each}
	switch len(each) {
	case 0:
	case 1:
		s.Mean = each[0]
	default:
		s.Mean, s.SD = stat.MeanStdDev(each, nil) // SD with n − 1, as the paper's ± is read
	}
	return s
}
