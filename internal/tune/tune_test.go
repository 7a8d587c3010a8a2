package tune

import (
	"slices"
	"testing"
	"time"
)

// fake is a clock that work advances: a unit of candidate k costs cost[k].
type fake struct{ now time.Time }

func (f *fake) time() time.Time { return f.now }

func TestTrialPicksTheCheapest(t *testing.T) {
	for _, c := range []struct {
		cost  map[int]float64 // ms per unit
		want  int
		tried int
	}{
		{map[int]float64{1: 10, 2: 5.5, 4: 3, 8: 2.5, 16: 2.6}, 8, 5},
		{map[int]float64{1: 10, 2: 12, 4: 1}, 4, 3}, // past a loss
		{map[int]float64{1: 1}, 1, 1},
	} {
		var cands []int
		for k := range c.cost {
			cands = append(cands, k)
		}
		slices.Sort(cands)
		f := &fake{now: time.Unix(0, 0)}
		tr := New(cands, 20*time.Millisecond, 3)
		tr.clock = f.time
		tr.Begin()
		for n := 0; n < 1000 && !tr.Done(); n++ {
			f.now = f.now.Add(time.Duration(c.cost[tr.Setting()] * float64(time.Millisecond)))
			tr.Add(1)
		}
		if !tr.Done() || tr.Setting() != c.want || len(tr.cost) != c.tried {
			t.Errorf("costs %v: chose %d after %d candidates (%v), want %d after %d", c.cost, tr.Setting(), len(tr.cost), tr, c.want, c.tried)
		}
	}
}

func TestDoubling(t *testing.T) {
	if got := Doubling(12); !slices.Equal(got, []int{1, 2, 4, 8, 12}) {
		t.Fatal(got)
	}
	if got := Doubling(1); !slices.Equal(got, []int{1}) {
		t.Fatal(got)
	}
	if got := Doubling(16); !slices.Equal(got, []int{1, 2, 4, 8, 16}) {
		t.Fatal(got)
	}
}
