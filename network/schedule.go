package network

import (
	"fmt"
	"math"
	"strings"

	"spikemnist/learning"
)

// Schedule changes settings over training as functions of the examples
// seen before the current one, g. The engine reads it once per example, at
// the start of Sim.Present while learning (step 0 of the step order, before
// a rule's start of presentation and normalisation); evaluation runs the
// full settings. The zero value changes nothing.
//
//	inhibition:  w_ie(g) = w_ie·(f₀ + (1 − f₀)·g/G_inh)  for g < G_inh, then w_ie
//	rates:       ν(g)    = ν·r^(min(g, G_rate)/G_rate)
//
// with f₀ = InhibitionFrom, r = RateTo. Inhibition that starts weak lets
// several neurons learn from each early example, as in the lattice-map
// networks of Hazan et al. (2018); annealed rates let fields settle late.
type Schedule struct {
	InhibitionFrom     float64 `json:"inhibition_from,omitempty"`     // w_ie's fraction at the first example, in [0, 1]
	InhibitionExamples int64   `json:"inhibition_examples,omitempty"` // examples over which w_ie grows to full; 0: full from the start
	RateTo             float64 `json:"rate_to,omitempty"`             // the learning rates' fraction at RateExamples and after, in (0, 1]
	RateExamples       int64   `json:"rate_examples,omitempty"`       // examples over which the rates fall; 0: constant rates
}

// Inhibition is the factor of w_ie for the example after g examples.
func (s Schedule) Inhibition(g int64) float64 {
	if s.InhibitionExamples <= 0 || g >= s.InhibitionExamples {
		return 1
	}
	return s.InhibitionFrom + (1-s.InhibitionFrom)*float64(g)/float64(s.InhibitionExamples)
}

// Rate is the factor of the learning rates for the example after g
// examples.
func (s Schedule) Rate(g int64) float64 {
	if s.RateExamples <= 0 {
		return 1
	}
	return math.Pow(s.RateTo, float64(min(g, s.RateExamples))/float64(s.RateExamples))
}

// String says what the schedule does in a few words, for logs and inspect.
func (s Schedule) String() string {
	if s.IsZero() {
		return "none: constant inhibition and learning rates"
	}
	var parts []string
	if s.InhibitionExamples > 0 {
		parts = append(parts, fmt.Sprintf("w_ie grows from %g of its value to full over the first %d examples", s.InhibitionFrom, s.InhibitionExamples))
	}
	if s.RateExamples > 0 {
		parts = append(parts, fmt.Sprintf("learning rates fall from full to %g over the first %d examples, then stay", s.RateTo, s.RateExamples))
	}
	return strings.Join(parts, "; ")
}

// IsZero reports whether the schedule changes nothing.
func (s Schedule) IsZero() bool { return s.InhibitionExamples <= 0 && s.RateExamples <= 0 }

func (s Schedule) validate(p learning.Params) error {
	switch {
	case s.InhibitionExamples < 0 || s.RateExamples < 0:
		return fmt.Errorf("schedule: inhibition_examples %d and rate_examples %d must not be negative", s.InhibitionExamples, s.RateExamples)
	case s.InhibitionExamples > 0 && !(s.InhibitionFrom >= 0 && s.InhibitionFrom <= 1):
		return fmt.Errorf("schedule.inhibition_from must be in [0, 1], not %v", s.InhibitionFrom)
	case s.RateExamples > 0 && !(s.RateTo > 0 && s.RateTo <= 1):
		return fmt.Errorf("schedule.rate_to must be in (0, 1], not %v", s.RateTo)
	}
	if _, ok := p.(learning.RateScaler); s.RateExamples > 0 && !ok {
		return fmt.Errorf("schedule: rule %q has no learning rates a schedule can change", p.Name())
	}
	return nil
}
