package results

import (
	"reflect"
	"testing"
)

func TestFirstMax(t *testing.T) {
	for _, tc := range []struct {
		counts []int32
		want   int
	}{{[]int32{0, 0, 0}, -1}, {[]int32{0, 3, 1}, 1}, {[]int32{2, 0, 2}, 0}, {nil, -1}} {
		if got := firstMax(tc.counts); got != tc.want {
			t.Errorf("firstMax(%v) = %d, want %d", tc.counts, got, tc.want)
		}
	}
}

// TestWindowScoresWithThePreviousLabels: the first window is not scored;
// the second is scored with the labels the first gave, in both votes; a
// window saved and restored goes on as the one never saved.
func TestWindowScoresWithThePreviousLabels(t *testing.T) {
	w := NewWindow(3, 2)
	w.Add([]int32{5, 0, 1}, 0) // neuron 0 answers class 0
	w.Add([]int32{0, 4, 0}, 1) // neuron 1 answers class 1
	if w.Scored() || !reflect.DeepEqual(w.Wins(), []int32{1, 1, 0}) || !reflect.DeepEqual(w.Spikes(), []float64{5, 4, 1}) {
		t.Fatalf("first window: scored %v, wins %v, spikes %v", w.Scored(), w.Wins(), w.Spikes())
	}
	w.Next()
	if !w.Scored() || !reflect.DeepEqual(w.Wins(), []int32{0, 0, 0}) {
		t.Fatalf("second window: scored %v, wins %v", w.Scored(), w.Wins())
	}
	w.Add([]int32{3, 0, 0}, 0) // right
	saved, err := RestoreWindow(3, 2, w.State())
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*Window{w, saved} {
		x.Add([]int32{4, 1, 0}, 1) // wrong: class 0's neurons (0 and 2) answer most
		x.Add([]int32{0, 3, 0}, 0) // wrong: neuron 1 is class 1
		if all, prop := x.Accuracy(4); all != 25 || prop != 25 {
			t.Fatalf("accuracy %v / %v, want 25 / 25", all, prop)
		}
	}
	if !reflect.DeepEqual(w.State(), saved.State()) {
		t.Fatalf("restored window differs:\n%+v\n%+v", w.State(), saved.State())
	}
	if _, err := RestoreWindow(4, 2, w.State()); err == nil {
		t.Fatal("a window of 3 neurons restored as 4")
	}
}
