package learning

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
)

// Params are one rule's constants as a configuration names them. A rule is
// one file: its Params type, its compiled Rule, and a Register call.
type Params interface {
	// Name is the rule's name in a configuration ("triplet", …).
	Name() string
	// Validate reports the first constant that makes no sense, by its
	// JSON name.
	Validate() error
	// Normalizes tells whether a run rescales every neuron's input weights
	// to norm_total before each training presentation.
	Normalizes() bool
	// MaxWeight is the largest weight the rule's updates leave, w_max, as
	// the engine's float32 weights hold it (the compiled Rule's WMax).
	MaxWeight() float64
	// Compile prepares the rule for time step dt (ms) and n neurons.
	Compile(dt float64, n int) Rule
}

// Synapse names input I → excitatory neuron J.
type Synapse struct{ I, J int32 }

// Rule is a compiled plasticity rule and its own state. The engine calls it
// at two points of a time step (see package network): Arrive for the
// presynaptic spikes that reach their synapses in the step, then Fire for
// each excitatory neuron that fires in it, before the neuron's last spike
// time moves to this step. Weights are the row-major Inputs × n matrix,
// w[i*n+j]. Every update a rule makes leaves the weight in [0, WMax].
//
// An engine with several workers calls Arrive and Fire from several
// goroutines at once, each for its own, disjoint set of neurons: a call
// for neurons J may read and write only their columns of w, their entries
// of last and their part of the rule's own state. StartPresentation, State
// and SetState are called with no other call running.
type Rule interface {
	// PreTrace is the decay of a synapse's presynaptic trace, tabulated per
	// step, and whether an arrival adds 1 to the trace (true) or sets it to
	// 1. The engine keeps the traces; Fire receives them.
	PreTrace() (decay Trace, add bool)
	// ArrivalSpan is how many steps after a neuron's spike an arrival can
	// still change one of its weights by more than floor times the rule's
	// arrival rate; −1 if arrivals never change weights (Arrive is then
	// never called, and arrivals do not clip).
	ArrivalSpan(floor float64) int64
	// Arrive updates the synapses a presynaptic spike reaches at step t;
	// last[j] is neuron j's last spike before t (layers.NoSpike if none).
	Arrive(w []float32, n int, at []Synapse, t int64, last []int64)
	// Fire updates the weights into neuron j, which fires at step t after
	// its last spike at step last; pre[i] is the presynaptic trace of
	// synapse (i, j) at t, an arrival at t included.
	Fire(w []float32, n int, j int32, t, last int64, pre []float32)
	// WMax is the largest weight the rule leaves.
	WMax() float32
	// State is the rule's own state, one value per neuron, or nil if it
	// keeps none; SetState restores it.
	State() []float32
	SetState(s []float32) error
}

// Presenter is a Rule that also acts at the start of every training
// presentation (boosted repeats included), before normalisation: the third
// point of the step order where a rule may act. The four rules here need
// none.
type Presenter interface {
	StartPresentation(w []float32, n int)
}

var rules = map[string]func() Params{}

// Register makes a rule known by its name, with a function returning its
// default constants. Rules register themselves from init.
func Register(defaults func() Params) {
	rules[defaults().Name()] = defaults
}

// Rules lists the names of the known rules.
func Rules() []string {
	var names []string
	for k := range rules {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Plasticity is the rule a run uses and its constants. Its JSON form is
// {"rule": NAME, NAME: {constants}}: only the chosen rule's constants,
// under its own name. Decoding over an existing value keeps the constants
// a file does not name; naming another rule starts from that rule's
// defaults.
type Plasticity struct {
	Params Params // replaced, never changed in place: copies of a Config share it
}

// DefaultPlasticity is the original code's rule, the triplet.
func DefaultPlasticity() Plasticity { return Plasticity{Params: DefaultTriplet()} }

// ForRule returns the named rule with its default constants.
func ForRule(name string) (Plasticity, error) {
	def, ok := rules[name]
	if !ok {
		return Plasticity{}, fmt.Errorf("unknown learning rule %.40q (known: %s)", name, strings.Join(Rules(), ", "))
	}
	return Plasticity{Params: def()}, nil
}

// Rule is the rule's name; "" for none.
func (p Plasticity) Rule() string {
	if p.Params == nil {
		return ""
	}
	return p.Params.Name()
}

func (p Plasticity) MarshalJSON() ([]byte, error) {
	if p.Params == nil {
		return []byte("null"), nil
	}
	c, err := json.Marshal(p.Params)
	if err != nil {
		return nil, err
	}
	name, _ := json.Marshal(p.Rule())
	return []byte(fmt.Sprintf(`{"rule":%s,%s:%s}`, name, name, c)), nil
}

func (p *Plasticity) UnmarshalJSON(b []byte) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	q := *p // p changes only once everything decoded
	if raw, ok := keys["rule"]; ok {
		var name string
		if err := json.Unmarshal(raw, &name); err != nil {
			return fmt.Errorf("plasticity.rule: %w", err)
		}
		if q.Rule() != name {
			r, err := ForRule(name)
			if err != nil {
				return fmt.Errorf("plasticity.rule: %w", err)
			}
			q = r
		}
		delete(keys, "rule")
	}
	if q.Params == nil {
		q = DefaultPlasticity()
	}
	for k, raw := range keys {
		if k != q.Rule() {
			return fmt.Errorf("plasticity: %.40q is not the constants of rule %q", k, q.Rule())
		}
		// Decode over a copy of the constants: Params are shared, never
		// changed in place.
		c, _ := ForRule(q.Rule())
		cur, _ := json.Marshal(q.Params)
		if err := json.Unmarshal(cur, c.Params); err != nil {
			return err
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(c.Params); err != nil {
			return fmt.Errorf("plasticity.%s: %w", k, err)
		}
		q = c
	}
	*p = q
	return nil
}

// Validate checks the rule's constants, naming the field at fault.
func (p Plasticity) Validate() error {
	if p.Params == nil {
		return fmt.Errorf("plasticity: no rule")
	}
	if err := p.Params.Validate(); err != nil {
		return fmt.Errorf("plasticity.%s.%w", p.Rule(), err)
	}
	return nil
}

// positive checks that every named value is a positive, finite number.
func positive(vals ...any) error {
	for k := 0; k+1 < len(vals); k += 2 {
		name, v := vals[k].(string), vals[k+1].(float64)
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%s must be positive, not %v", name, v)
		}
	}
	return nil
}

// nonNegative checks that every named value is a finite number ≥ 0.
func nonNegative(vals ...any) error {
	for k := 0; k+1 < len(vals); k += 2 {
		name, v := vals[k].(string), vals[k+1].(float64)
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%s must not be negative, not %v", name, v)
		}
	}
	return nil
}

// Accumulate is an incremented trace's value just after a jump: its value
// x at the previous jump, decayed by decay since then, plus 1. The product
// is rounded on its own so that every implementation computes the same
// float32.
func Accumulate(x, decay float32) float32 {
	return float32(x*decay) + 1
}

// clip bounds w to [lo, hi].
func clip(w, lo, hi float32) float32 { return min(max(w, lo), hi) }

// The two ways an arrival moves a presynaptic trace.
const (
	TraceAdd = "add" // x ← x + 1 (the paper)
	TraceSet = "set" // x ← 1 (the original code)
)

func checkPreTrace(s string) error {
	if s != TraceAdd && s != TraceSet {
		return fmt.Errorf("pre_trace must be %q or %q, not %.40q", TraceAdd, TraceSet, s)
	}
	return nil
}

// RateScaler is a rule whose learning rates a schedule can change during
// training (network.Schedule). The four rules here are.
type RateScaler interface {
	// WithRates returns a copy of the constants with every learning rate
	// multiplied by f.
	WithRates(f float64) Params
}

// MaxTraceSpan bounds the steps a trace's table may span (NewTrace tabulates
// a trace until it falls below 1e-30, about 69 time constants): 8 MiB of
// float32, a time constant of about 15 s at a step of 0.5 ms.
const MaxTraceSpan = 1 << 21

// CheckTraces reports the first time constant of p (a field whose JSON name
// ends in _ms) whose trace would span more than MaxTraceSpan steps of dt.
func CheckTraces(p Params, dt float64) error {
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	return checkTraces(v, p.Name(), dt)
}

func checkTraces(v reflect.Value, rule string, dt float64) error {
	if v.Kind() != reflect.Struct {
		return nil
	}
	for i := range v.NumField() {
		f, x := v.Type().Field(i), v.Field(i)
		if f.Anonymous {
			if err := checkTraces(x, rule, dt); err != nil {
				return err
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !strings.HasSuffix(name, "_ms") || x.Kind() != reflect.Float64 {
			continue
		}
		if span := x.Float() / dt * math.Log(1/traceFloor); !(span <= MaxTraceSpan) {
			return fmt.Errorf("plasticity.%s.%s is %v ms: its trace would span %.3g steps of dt_ms %v, more than %d", rule, name, x.Float(), span, dt, MaxTraceSpan)
		}
	}
	return nil
}

// checkWMax bounds w_max to what the engine's float32 weights hold as a
// normal number and a histogram can draw: [1e-6, 1e6].
func checkWMax(w float64) error {
	if !(w >= 1e-6 && w <= 1e6) {
		return fmt.Errorf("w_max must be in [1e-6, 1e6], not %v", w)
	}
	return nil
}
