// Package tune picks, by measurement, the fastest of several settings of a
// repeated piece of work (such as the number of workers that train a
// network): each candidate in turn does some of the real work, and the one
// with the lowest cost per unit stays.
package tune

import (
	"fmt"
	"strings"
	"time"
)

// Trial tries every candidate in order on successive units of work. The
// costs need not rise past the best one: two workers training a network
// on 16 cores measured slower than one at the start of a run (32.6 against
// 26 ms per presentation) and eight much faster, so no candidate is
// skipped.
type Trial struct {
	cands    []int
	minTime  time.Duration
	minUnits float64
	clock    func() time.Time

	cur   int // index of the candidate being measured; len(cands) when done
	start time.Time
	units float64
	cost  []float64 // seconds per unit of the candidates measured
	best  int
}

// New returns a Trial over cands that measures each for at least minTime
// and minUnits units.
func New(cands []int, minTime time.Duration, minUnits float64) *Trial {
	return &Trial{cands: cands, minTime: minTime, minUnits: minUnits, clock: time.Now}
}

// Setting is the candidate to use for the next units: the one being
// measured, or the best once the trial is over.
func (t *Trial) Setting() int {
	if t.cur < len(t.cands) {
		return t.cands[t.cur]
	}
	return t.cands[t.best]
}

// Done tells whether the trial is over.
func (t *Trial) Done() bool { return t.cur >= len(t.cands) }

// Begin starts (or restarts) the measurement of the current candidate.
func (t *Trial) Begin() { t.start, t.units = t.clock(), 0 }

// Add records units of work finished since the last call with the current
// setting. It returns true when Setting changes.
func (t *Trial) Add(units float64) bool {
	if t.Done() {
		return false
	}
	if t.start.IsZero() {
		t.Begin()
	}
	t.units += units
	el := t.clock().Sub(t.start)
	if el < t.minTime || t.units < t.minUnits {
		return false
	}
	c := el.Seconds() / t.units
	t.cost = append(t.cost, c)
	if c < t.cost[t.best] {
		t.best = t.cur
	}
	was := t.Setting()
	t.cur++
	t.Begin()
	return t.Setting() != was
}

// String reports the measured costs, in milliseconds per unit, and the
// choice.
func (t *Trial) String() string {
	var b strings.Builder
	for i, c := range t.cost {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d: %.3g ms", t.cands[i], 1000*c)
	}
	if t.Done() {
		fmt.Fprintf(&b, "; chose %d", t.Setting())
	}
	return b.String()
}

// Doubling returns 1, 2, 4, … up to max, and max itself.
func Doubling(max int) []int {
	var c []int
	for k := 1; k < max; k *= 2 {
		c = append(c, k)
	}
	return append(c, max)
}
