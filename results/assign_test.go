package results

import "testing"

func TestWinner(t *testing.T) {
	for _, tc := range []struct {
		score []float64
		want  int
	}{
		{[]float64{0, 0, 0}, -1}, {nil, -1}, {[]float64{0, 2, 1}, 1}, {[]float64{3, 1, 3}, 2}, {[]float64{0.5}, 0},
	} {
		if got := Winner(tc.score); got != tc.want {
			t.Errorf("Winner(%v) = %d, want %d", tc.score, got, tc.want)
		}
	}
}
