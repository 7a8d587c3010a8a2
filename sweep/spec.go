package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/internal/readfile"
	"spikemnist/network"
)

// Spec is a sweep file.
//
//	{
//	  "base":  {"neurons": 100, "checkpoint_every": 10000},
//	  "axes":  {"neurons": [100, 400], "seed": [1, 2, 3], "rule": ["triplet", "power-law"]},
//	  "runs":  [{"neurons": 100, "examples": 40000}, {"neurons": 400, "epochs": 3}],
//	  "eval":  {"assign_examples": 60000, "test_examples": 10000, "repeats": 1}
//	}
//
// base is a configuration as train -config reads it. A parameter is any
// configuration field, named by its JSON path ("seed", "exc.theta_plus_mv",
// "plasticity.power-law.eta"), or "rule" (the learning rule, with its
// default constants) or "examples" (training examples per epoch; 0: all).
// The runs are the cross product of the axes, in file order (the last axis
// varying fastest), applied to each entry of runs, or to base alone when
// runs is empty.
type Spec struct {
	Base json.RawMessage   `json:"base,omitempty"`
	Axes Axes              `json:"axes,omitempty"`
	Runs []json.RawMessage `json:"runs,omitempty"`
	Eval EvalSpec          `json:"eval"`
	// Examples is the training examples per epoch where a run does not set
	// them (0: all 60000).
	Examples int `json:"examples,omitempty"`
}

// EvalSpec is how every run of a sweep is evaluated.
type EvalSpec struct {
	AssignExamples int  `json:"assign_examples"` // training digits that label the neurons (0: all 60000)
	TestExamples   int  `json:"test_examples"`   // test digits classified (0: all 10000)
	Repeats        int  `json:"repeats"`         // test presentations (0: 1)
	Pictures       bool `json:"pictures"`        // draw each run's pictures and report
	// Holdout, when positive, classifies the last Holdout training digits
	// instead of the test digits, labelling from the training digits
	// before them; every run then trains on at most 60000 − Holdout
	// examples, so that none has seen them.
	Holdout int `json:"holdout,omitempty"`
	// Readout, "logreg", also fits eval's linear readout (eval -readout).
	Readout string `json:"readout,omitempty"`
}

// Sets returns the digits that label the neurons and those classified.
func (e EvalSpec) Sets(train, test *dataset.Set) (assign, classify *dataset.Set) {
	if e.Holdout > 0 && e.Holdout < train.Len() {
		train, test = train.HoldOut(e.Holdout)
	}
	return train.Head(e.AssignExamples), test.Head(e.TestExamples)
}

// Axes are the sweep's axes in file order.
type Axes []Axis

// Axis is one parameter and its values.
type Axis struct {
	Param  string
	Values []json.RawMessage
}

// UnmarshalJSON reads an object of parameter → list of values, keeping the
// order of the file.
func (a *Axes) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return errors.New("axes: want an object of parameter → list of values")
	}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		name := tok.(string)
		var vals []json.RawMessage
		if err := d.Decode(&vals); err != nil {
			return fmt.Errorf("axes.%s: want a list of values: %w", name, err)
		}
		if len(vals) == 0 {
			return fmt.Errorf("axes.%s: no values", name)
		}
		for _, x := range *a {
			if x.Param == name {
				return fmt.Errorf("axes.%s: named twice", name)
			}
		}
		*a = append(*a, Axis{name, vals})
	}
	_, err := d.Token()
	return err
}

// MarshalJSON writes the axes in their order.
func (a Axes) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, x := range a {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(x.Param)
		v, _ := json.Marshal(x.Values)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Param is one parameter of a run: its name and its JSON value.
type Param struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// Run is one run of a sweep.
type Run struct {
	Index  int     `json:"index"`
	Name   string  `json:"name"`   // its folder's name under runs/
	Params []Param `json:"params"` // what sets it apart, in the sweep's order
}

// Param returns the value of the run's parameter name as text, and whether
// the run sets it.
func (r *Run) Param(name string) (string, bool) {
	for _, p := range r.Params {
		if p.Name == name {
			return valueText(p.Value), true
		}
	}
	return "", false
}

// maxRuns bounds a sweep's expansion.
const maxRuns = 100000

// maxSpec bounds a sweep file's size.
const maxSpec = 4 << 20

// ReadSpec reads and checks a sweep file.
func ReadSpec(path string) (*Spec, []byte, error) {
	b, err := readfile.Read(path, maxSpec)
	if err != nil {
		return nil, nil, err
	}
	s, err := ParseSpec(b)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, b, nil
}

// ParseSpec decodes a sweep file and checks that every run it expands to
// has a valid configuration.
func ParseSpec(b []byte) (*Spec, error) {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil, fmt.Errorf("a sweep file holds one JSON object, not null")
	}
	var s Spec
	if err := readfile.JSON(b, &s, true); err != nil {
		return nil, err
	}
	e := s.Eval
	switch {
	case e.AssignExamples < 0 || e.AssignExamples > 60000:
		return nil, fmt.Errorf("eval.assign_examples is %d, not in [0, 60000]", e.AssignExamples)
	case e.TestExamples < 0 || e.TestExamples > 10000:
		return nil, fmt.Errorf("eval.test_examples is %d, not in [0, 10000]", e.TestExamples)
	case e.Repeats < 0 || e.Repeats > 1000:
		return nil, fmt.Errorf("eval.repeats is %d, not in [0, 1000]", e.Repeats)
	case e.Readout != "" && e.Readout != "none" && e.Readout != experiment.ReadoutLogReg:
		return nil, fmt.Errorf("eval.readout is %.40q, not none or logreg", e.Readout)
	case e.Holdout < 0 || e.Holdout >= 60000:
		return nil, fmt.Errorf("eval.holdout is %d, not in [0, 60000)", e.Holdout)
	case e.Holdout > 0 && e.AssignExamples > 60000-e.Holdout:
		return nil, fmt.Errorf("eval.assign_examples is %d, but only %d training digits precede the %d held out", e.AssignExamples, 60000-e.Holdout, e.Holdout)
	case s.Examples < 0 || s.Examples > 60000:
		return nil, fmt.Errorf("examples is %d, not in [0, 60000]", s.Examples)
	}
	runs, err := s.Expand()
	if err != nil {
		return nil, err
	}
	for i := range runs {
		_, examples, err := s.Config(&runs[i])
		if err != nil {
			return nil, fmt.Errorf("run %d (%s): %w", i, runs[i].Name, err)
		}
		if h := e.Holdout; h > 0 && (examples == 0 || examples > 60000-h) {
			return nil, fmt.Errorf("run %d (%s) trains on %d examples, but eval.holdout %d leaves %d before the held-out digits: set examples to at most %d", i, runs[i].Name, examples, h, 60000-h, 60000-h)
		}
	}
	return &s, nil
}

// Expand lists the sweep's runs.
func (s *Spec) Expand() ([]Run, error) {
	total := max(1, len(s.Runs))
	if total > maxRuns {
		return nil, fmt.Errorf("the sweep lists %d runs, more than %d", total, maxRuns)
	}
	for _, a := range s.Axes {
		total *= len(a.Values)
		if total > maxRuns {
			return nil, fmt.Errorf("the sweep expands to more than %d runs", maxRuns)
		}
	}
	var entries [][]Param
	for i, raw := range s.Runs {
		ps, err := objectParams(raw)
		if err != nil {
			return nil, fmt.Errorf("runs[%d]: %w", i, err)
		}
		entries = append(entries, ps)
	}
	if len(entries) == 0 {
		entries = [][]Param{nil}
	}
	var runs []Run
	names := map[string]int{}
	for _, e := range entries {
		combo := make([]int, len(s.Axes))
		for {
			ps := slices.Clone(e)
			for k, a := range s.Axes {
				if slices.ContainsFunc(ps, func(p Param) bool { return p.Name == a.Param }) {
					return nil, fmt.Errorf("parameter %.40q is both an axis and set by a run", a.Param)
				}
				ps = append(ps, Param{a.Param, a.Values[combo[k]]})
			}
			r := Run{Index: len(runs), Params: ps, Name: runName(ps)}
			if j, dup := names[r.Name]; dup {
				return nil, fmt.Errorf("runs %d and %d have the same parameters (%s)", j, r.Index, r.Name)
			}
			names[r.Name] = r.Index
			runs = append(runs, r)
			k := len(combo) - 1
			for ; k >= 0; k-- {
				if combo[k]++; combo[k] < len(s.Axes[k].Values) {
					break
				}
				combo[k] = 0
			}
			if k < 0 {
				break
			}
		}
	}
	return runs, nil
}

// objectParams reads a run entry: an object of parameter → value, in order.
func objectParams(raw json.RawMessage) ([]Param, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("want an object of parameter → value")
	}
	var ps []Param
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		ps = append(ps, Param{tok.(string), v})
	}
	return ps, nil
}

// Config builds a run's configuration: the defaults, then base, then the
// run's parameters, through network.Build (which resolves the settings of
// its size once and validates the whole). It also
// returns the training examples per epoch (0: all).
func (s *Spec) Config(r *Run) (*network.Config, int, error) {
	examples := s.Examples
	tree := map[string]any{}
	for _, p := range r.Params {
		switch p.Name {
		case "examples":
			if err := json.Unmarshal(p.Value, &examples); err != nil || examples < 0 || examples > 60000 {
				return nil, 0, fmt.Errorf("examples: %s is not a count in [0, 60000]", p.Value)
			}
			continue
		case "rule":
			p.Name = "plasticity.rule"
		}
		if err := setPath(tree, p.Name, p.Value); err != nil {
			return nil, 0, err
		}
	}
	var params []byte
	if len(tree) > 0 {
		params, _ = json.Marshal(tree)
	}
	cfg, err := network.Build(network.Layer{Name: "base", JSON: s.Base}, network.Layer{Name: "parameters", JSON: params})
	if err != nil {
		return nil, 0, err
	}
	return cfg, examples, nil
}

// setPath puts v at the dotted path in tree.
func setPath(tree map[string]any, path string, v json.RawMessage) error {
	keys := strings.Split(path, ".")
	for i, k := range keys {
		if k == "" {
			return fmt.Errorf("parameter %.40q: empty name", path)
		}
		if i == len(keys)-1 {
			if _, ok := tree[k]; ok {
				return fmt.Errorf("parameter %.40q: set twice", path)
			}
			tree[k] = v
			return nil
		}
		sub, ok := tree[k].(map[string]any)
		if !ok {
			if _, taken := tree[k]; taken {
				return fmt.Errorf("parameter %.40q: %.40s is a value, not an object", path, k)
			}
			sub = map[string]any{}
			tree[k] = sub
		}
		tree = sub
	}
	return nil
}

// short names of the commonest parameters in run names.
var short = map[string]string{"neurons": "n", "seed": "s", "epochs": "e", "examples": "x", "rule": "", "plasticity.rule": ""}

// runName names a run after its parameters: n400_s2_power-law,
// exc.theta_plus_mv=0.05.
func runName(ps []Param) string {
	if len(ps) == 0 {
		return "base"
	}
	var parts []string
	for _, p := range ps {
		v := valueText(p.Value)
		if s, ok := short[p.Name]; ok {
			parts = append(parts, s+v)
		} else {
			parts = append(parts, p.Name+"="+v)
		}
	}
	return sanitize(strings.Join(parts, "_"))
}

// valueText is a JSON value as a name shows it: strings without quotes.
func valueText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var c bytes.Buffer
	if json.Compact(&c, v) == nil {
		return c.String()
	}
	return string(v)
}

// sanitize keeps a folder name to letters, digits and ._=+- .
func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._=+-", c) >= 0
		if !ok {
			b[i] = '-'
		}
	}
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}
