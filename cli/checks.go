package cli

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// check is one flag's test: the message to print, empty if the value is
// fine. Every command says a bad flag the same way: "CMD: -FLAG must …,
// not VALUE", and exits with status 2.
type check string

// notNegative checks an integer flag that must not be negative.
func notNegative(flag string, v int) check {
	if v < 0 {
		return check(fmt.Sprintf("-%s must not be negative, not %d", flag, v))
	}
	return ""
}

// within checks an integer flag that must lie in [lo, hi].
func within(flag string, v, lo, hi int) check {
	if v < lo || v > hi {
		return check(fmt.Sprintf("-%s must be in [%d, %d], not %d", flag, lo, hi, v))
	}
	return ""
}

// positiveFinite checks a number flag that must be positive and finite
// (NaN and ±Inf, which flag parses, cannot go into a configuration).
func positiveFinite(flag string, v float64, what string) check {
	if !(v > 0) || math.IsInf(v, 0) {
		return check(fmt.Sprintf("-%s must be a positive, finite %s, not %v", flag, what, v))
	}
	return ""
}

// oneOf checks a flag that must be one of the words given.
func oneOf(flag, v string, words ...string) check {
	if slices.Contains(words, v) {
		return ""
	}
	list := strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
	return check(fmt.Sprintf("-%s must be %s, not %.40q", flag, list, v))
}

// indexOrNone checks a flag that names an example by its index, or -1 for
// none.
func indexOrNone(flag string, v int, what string) check {
	if v < -1 {
		return check(fmt.Sprintf("-%s must be %s index, or -1 for none, not %d", flag, what, v))
	}
	return ""
}

// badFlag prints the first failing check as one line and reports whether
// there was one.
func badFlag(stderr io.Writer, cmd string, checks ...check) bool {
	for _, c := range checks {
		if c != "" {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, c)
			return true
		}
	}
	return false
}
