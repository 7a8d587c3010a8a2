package encoding

import (
	"math"
	"math/rand/v2"
)

// Train holds the input spikes of one presentation, grouped by step: the
// inputs firing in step t are Inputs[Start[t]:Start[t+1]], in ascending order.
type Train struct {
	Start  []int32
	Inputs []int16
	times  []int32 // scratch: spike steps, pixel by pixel
	owner  []int16 // scratch: the pixel of each entry of times
}

// Steps returns the number of steps the train covers.
func (tr *Train) Steps() int { return len(tr.Start) - 1 }

// At returns the inputs that fire in step t.
func (tr *Train) At(t int) []int16 { return tr.Inputs[tr.Start[t]:tr.Start[t+1]] }

// Len returns the number of spikes in the train.
func (tr *Train) Len() int { return len(tr.Inputs) }

// Poisson is a rate encoder.
type Poisson struct {
	Steps     int     // length of a presentation in steps
	Dt        float64 // time step, ms
	RateScale float64 // Hz per unit of pixel value at intensity 1 (the original: 1/8)
}

// Prob returns the per-step spike probability of a pixel value at the given
// intensity, capped at 1.
func (p Poisson) Prob(pixel byte, intensity float64) float64 {
	return min(float64(pixel)*p.RateScale*intensity*p.Dt/1000, 1)
}

// Encode draws the spikes of img at the given intensity from rng into tr,
// reusing its storage.
func (p Poisson) Encode(img []byte, intensity float64, rng *rand.Rand, tr *Train) {
	tr.times, tr.owner = tr.times[:0], tr.owner[:0]
	steps := int32(p.Steps)
	for i, px := range img {
		if px == 0 {
			continue
		}
		q := p.Prob(px, intensity)
		if !(q > 0) { // a rate too small to give a spike, subnormal or 0
			continue
		}
		if q >= 1 {
			for t := int32(0); t < steps; t++ {
				tr.times = append(tr.times, t)
				tr.owner = append(tr.owner, int16(i))
			}
			continue
		}
		// Number of failures before a success: floor(ln U / ln(1−q)), U in (0, 1].
		inv := 1 / math.Log1p(-q)
		t := int64(-1)
		for {
			// The gap is at least 0; one past the presentation (or +Inf, for
			// a q so small that 1/ln(1−q) overflows) ends the pixel before
			// it is converted, as any t past the end does.
			gap := math.Log(1-rng.Float64()) * inv
			if !(gap < float64(steps)) {
				break
			}
			t += 1 + int64(gap)
			if t >= int64(steps) {
				break
			}
			tr.times = append(tr.times, int32(t))
			tr.owner = append(tr.owner, int16(i))
		}
	}
	// Stable counting sort by step keeps inputs ascending within a step.
	if cap(tr.Start) < p.Steps+1 {
		tr.Start = make([]int32, p.Steps+1)
	}
	tr.Start = tr.Start[:p.Steps+1]
	clear(tr.Start)
	for _, t := range tr.times {
		tr.Start[t+1]++
	}
	for t := 1; t <= p.Steps; t++ {
		tr.Start[t] += tr.Start[t-1]
	}
	if cap(tr.Inputs) < len(tr.times) {
		tr.Inputs = make([]int16, len(tr.times), 2*len(tr.times))
	}
	tr.Inputs = tr.Inputs[:len(tr.times)]
	for k, t := range tr.times {
		tr.Inputs[tr.Start[t]] = tr.owner[k]
		tr.Start[t]++
	}
	// Start[t] now holds the end of step t; shift back to starts.
	copy(tr.Start[1:], tr.Start[:p.Steps])
	tr.Start[0] = 0
}
