package results

import "testing"

func TestAssignRules(t *testing.T) {
	// Three neurons, four examples of classes 0, 0, 1, 2.
	counts := []int32{
		4, 0, 0,
		2, 0, 0,
		1, 3, 0,
		0, 3, 0,
	}
	a := Assign(counts, []byte{0, 0, 1, 2}, 3, 10)
	// Neuron 0: mean 3 for class 0. Neuron 1: means 0, 3, 3: the strict
	// comparison keeps the first, class 1. Neuron 2 never fired.
	if a.Class[0] != 0 || a.Class[1] != 1 || a.Class[2] != Unassigned {
		t.Fatalf("classes %v", a.Class)
	}
	if a.PerClass[0] != 1 || a.PerClass[1] != 1 || a.Silent() != 1 {
		t.Fatalf("per class %v, silent %d", a.PerClass, a.Silent())
	}
	if a.Rates[0][0] != 3 || a.Rates[0][1] != 1 {
		t.Fatalf("rates %v", a.Rates[0])
	}
}

func TestVotes(t *testing.T) {
	a := &Assignment{N: 4, K: 10, PerClass: make([]int, 10), Class: []int{3, 3, 5, Unassigned}, Rates: [][]float64{
		{0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
		{0, 0, 0, 1, 0, 3, 0, 0, 0, 0},
		{0, 0, 0, 0, 0, 2, 0, 0, 0, 0},
		make([]float64, 10),
	}}
	a.PerClass[3], a.PerClass[5] = 2, 1
	// Class 3: (4 + 0)/2 = 2; class 5: 3/1 = 3.
	if got := a.AllActivity([]int32{4, 0, 3, 9}); got != 5 {
		t.Fatalf("all activity: %d", got)
	}
	// Class 3: (2·1 + 0)/2 = 1 vs class 5: 1·1 = 1: a tie goes to the higher class.
	if got := a.AllActivity([]int32{2, 0, 1, 0}); got != 5 {
		t.Fatalf("tie: %d", got)
	}
	// Proportion: neuron 1 gives class 3 only a quarter of its count.
	// Class 3: (0·1 + 8·0.25)/2 = 1; class 5: 1.5. All-activity would say 3.
	counts := []int32{0, 8, 0, 0}
	if a.AllActivity(counts) != 3 || a.Proportion(counts) != 3 {
		// (0 + 8)/2 = 4 > 0 for all-activity; proportion 1 > 0 too.
		t.Fatalf("votes %d %d", a.AllActivity(counts), a.Proportion(counts))
	}
	counts = []int32{0, 8, 2, 0}
	if a.AllActivity(counts) != 3 || a.Proportion(counts) != 5 {
		t.Fatalf("votes %d %d, want 3 and 5", a.AllActivity(counts), a.Proportion(counts))
	}
	// No spikes at all: every score is 0 and the highest class wins, as in
	// the original's argsort.
	if got := a.AllActivity(make([]int32, 4)); got != 9 {
		t.Fatalf("silent example: %d", got)
	}
}

func TestScore(t *testing.T) {
	s := NewScore("x", []byte{0, 0, 1, 1, 1}, []int{0, 1, 1, 1, 0}, 10)
	if s.Correct != 3 || s.Total != 5 || s.Accuracy != 60 || s.PerClass[0] != 50 || s.Confusion[1][0] != 1 {
		t.Fatalf("%+v", s)
	}
}

// TestThreeClasses labels and scores a set of three classes: every array is
// sized by the classes, and a silent example goes to the highest class
// there is, not to 9.
func TestThreeClasses(t *testing.T) {
	counts := []int32{
		5, 0, 0,
		0, 4, 1,
		0, 0, 7,
	}
	a := Assign(counts, []byte{2, 0, 1}, 3, 3)
	if a.K != 3 || len(a.PerClass) != 3 || a.Class[0] != 2 || a.Class[1] != 0 || a.Class[2] != 1 {
		t.Fatalf("assignment %+v", a)
	}
	if got := a.AllActivity(make([]int32, 3)); got != 2 {
		t.Fatalf("silent example: class %d, want 2", got)
	}
	if got := a.ProportionScores([]int32{0, 8, 0}); len(got) != 3 || got[0] != 8 {
		t.Fatalf("proportion scores %v", got)
	}
	s := NewScore("x", []byte{0, 1, 2, 2}, []int{0, 1, 2, 0}, 3)
	if len(s.Confusion) != 3 || len(s.Confusion[2]) != 3 || s.Confusion[2][0] != 1 || s.PerClass[2] != 50 || s.Accuracy != 75 {
		t.Fatalf("%+v", s)
	}
	sums, ex := NewAccumulator(3, 3).Snapshot()
	if len(sums) != 9 || len(ex) != 3 {
		t.Fatalf("snapshot of %d sums and %d classes, want 9 and 3", len(sums), len(ex))
	}
}
