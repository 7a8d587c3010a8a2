package network

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestScheduleFactors(t *testing.T) {
	s := Schedule{InhibitionFrom: 0.25, InhibitionExamples: 100, RateTo: 0.01, RateExamples: 200}
	for _, tc := range []struct {
		g         int64
		inh, rate float64
	}{
		{0, 0.25, 1}, {50, 0.625, math.Sqrt(0.1)}, {100, 1, 0.1}, {200, 1, 0.01}, {1e9, 1, 0.01},
	} {
		if got := s.Inhibition(tc.g); math.Abs(got-tc.inh) > 1e-12 {
			t.Errorf("inhibition after %d examples %v, want %v", tc.g, got, tc.inh)
		}
		if got := s.Rate(tc.g); math.Abs(got-tc.rate) > 1e-12 {
			t.Errorf("rate after %d examples %v, want %v", tc.g, got, tc.rate)
		}
	}
	var zero Schedule
	if !zero.IsZero() || zero.Inhibition(5) != 1 || zero.Rate(5) != 1 || s.IsZero() {
		t.Fatal("the zero schedule changes something, or a schedule nothing")
	}
}

func TestScheduleValidates(t *testing.T) {
	for _, tc := range []struct {
		s    Schedule
		rule string
		want string
	}{
		{Schedule{InhibitionExamples: -1}, "triplet", "must not be negative"},
		{Schedule{InhibitionExamples: 10, InhibitionFrom: 1.5}, "triplet", "inhibition_from must be in [0, 1]"},
		{Schedule{InhibitionExamples: 10, InhibitionFrom: math.NaN()}, "triplet", "inhibition_from"},
		{Schedule{RateExamples: 10}, "triplet", "rate_to must be in (0, 1]"},
	} {
		c := Default(10)
		if err := DecodeConfig([]byte(`{"plasticity": {"rule": "`+tc.rule+`"}}`), &c); err != nil {
			t.Fatal(err)
		}
		c.Schedule = tc.s
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.s, err, tc.want)
		}
	}
	c := Default(10)
	if err := DecodeConfig([]byte(`{"schedule": {"inhibition_from": 0.1, "inhibition_examples": 5000, "rate_to": 0.1, "rate_examples": 60000}}`), &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil || c.Schedule.RateExamples != 60000 {
		t.Fatalf("%+v: %v", c.Schedule, err)
	}
}

func TestEpochOrder(t *testing.T) {
	c := Default(10)
	if c.EpochOrder(50, 0) != nil {
		t.Fatal("the default order is not the data set's own")
	}
	c.Order = OrderShuffled
	a, b := c.EpochOrder(50, 0), c.EpochOrder(50, 1)
	if !slices.Equal(a, c.EpochOrder(50, 0)) || slices.Equal(a, b) {
		t.Fatal("an epoch's order is not fixed by the seed and the epoch")
	}
	seen := make([]bool, 50)
	for _, k := range a {
		seen[k] = true
	}
	if slices.Contains(seen, false) {
		t.Fatalf("not a permutation: %v", a)
	}
	third := c.EpochOrder(50, 2)
	c.Order = OrderFixedThenShuffled
	if c.EpochOrder(50, 0) != nil || !slices.Equal(c.EpochOrder(50, 1), b) || !slices.Equal(c.EpochOrder(50, 2), third) {
		t.Fatal("fixed_then_shuffled is not the data set's order in the first epoch and the shuffled one after it")
	}
	c.Order = "random"
	if err := c.Validate(); err == nil {
		t.Fatal(`order "random" accepted`)
	}
}

// TestOrderBySize: the order Default gives each size, and an order a
// configuration names kept whatever the size.
func TestOrderBySize(t *testing.T) {
	for n, want := range map[int]string{1: OrderFixedThenShuffled, 100: OrderFixedThenShuffled, 399: OrderFixedThenShuffled, 400: OrderFixed, 1600: OrderFixed, 3199: OrderFixed, DataStartFrom: OrderShuffled, 6400: OrderShuffled, 12800: OrderShuffled} {
		if c := Default(n); c.Order != want {
			t.Errorf("N = %d trains in order %q, want %q", n, c.Order, want)
		}
	}
	for _, tc := range []struct {
		json, want string
	}{
		{`{"neurons": 6400}`, OrderShuffled},
		{`{"neurons": 6400, "order": "fixed"}`, OrderFixed},
		{`{"neurons": 100, "Order": "shuffled"}`, OrderShuffled},
		{`{"neurons": 100}`, OrderFixedThenShuffled},
	} {
		c, err := Build(Layer{Name: "test", JSON: []byte(tc.json)})
		if err != nil {
			t.Fatal(err)
		}
		if c.Order != tc.want {
			t.Errorf("%s: order %q, want %q", tc.json, c.Order, tc.want)
		}
	}
}

func TestScheduleString(t *testing.T) {
	for s, want := range map[Schedule]string{
		{}:                               "none: constant inhibition and learning rates",
		{RateTo: 0.1, RateExamples: 2e4}: "learning rates fall from full to 0.1 over the first 20000 examples, then stay",
		{InhibitionFrom: 0.5, InhibitionExamples: 5000, RateTo: 0.3, RateExamples: 10}: "w_ie grows from 0.5 of its value to full over the first 5000 examples; learning rates fall from full to 0.3 over the first 10 examples, then stay",
	} {
		if got := s.String(); got != want {
			t.Errorf("%#v: %q, want %q", s, got, want)
		}
	}
}
