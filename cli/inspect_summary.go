package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strings"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/learning"
	"spikemnist/network"
)

// summary is what inspect reports about a checkpoint.
type summary struct {
	Checkpoint   string        `json:"checkpoint"`
	Neurons      int           `json:"neurons"`
	Data         dataset.Shape `json:"data_shape"` // the images' size and the classes
	ExamplesSeen int64         `json:"examples_seen"`
	Epochs       int64         `json:"epochs_done"`
	Seed         uint64        `json:"seed"`
	Resumable    bool          `json:"resumable"` // holds the state to continue training
	Changed      []setting     `json:"settings_changed"`
	Weights      stats         `json:"weights"`
	WeightSums   stats         `json:"weight_sums_per_neuron"`
	Theta        stats         `json:"theta_mv"`
	ThetaMedian  float64       `json:"theta_median_mv"`
	// ThetaAtRest counts the neurons whose threshold is at or below the
	// resting potential: with θ frozen they fire with no input.
	ThetaAtRest  int                  `json:"theta_at_rest"`
	RestTheta    float64              `json:"rest_theta_mv"`
	ThetaPlus    float64              `json:"theta_plus_mv"`
	TauTheta     float64              `json:"tau_theta_ms"`
	ThetaScaling network.ThetaScaling `json:"theta_scaling"`
	Rule         learning.Plasticity  `json:"plasticity"`
	Start        network.WeightStart  `json:"weight_start"`
	Order        string               `json:"order"`
	Schedule     network.Schedule     `json:"schedule"`
	// Learning is the last training window's diagnostics (the run's
	// train.json, kept in a resumable checkpoint); nil if it has none.
	Learning        *experiment.Learning `json:"learning,omitempty"`
	Labelled        bool                 `json:"labelled"`
	NeuronsPerClass []int                `json:"neurons_per_class"`
	Unassigned      int                  `json:"unassigned_neurons"`
	FieldsPicture   string               `json:"fields_png,omitempty"`
	Monitor         []string             `json:"monitor_files,omitempty"`
}

// setting is a configuration value that differs from the default.
type setting struct {
	Name    string `json:"name"`
	Value   any    `json:"value"`
	Default any    `json:"default"`
}

// String gives the setting as inspect prints it. A setting whose default
// is its zero value (a schedule's) is left out of the defaults' JSON: it
// is unset there.
func (c setting) String() string {
	def := c.Default
	if def == nil {
		def = "unset"
	}
	return fmt.Sprintf("%s = %v (default %v)", c.Name, c.Value, def)
}

type stats struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

func statsOf(n int, at func(int) float64) stats {
	s := stats{Min: math.Inf(1), Max: math.Inf(-1)}
	for k := 0; k < n; k++ {
		x := at(k)
		s.Min, s.Max = min(s.Min, x), max(s.Max, x)
		s.Mean += x
	}
	s.Mean /= float64(n)
	return s
}

func summarize(path string, c *checkpoint.Checkpoint, cfg *network.Config) (*summary, error) {
	n := c.N
	s := &summary{
		Checkpoint: path, Neurons: n, Data: c.Shape, ExamplesSeen: c.ExamplesSeen, Epochs: c.Epoch, Seed: c.Seed,
		Resumable: c.Run != nil, Labelled: c.Assignments != nil, NeuronsPerClass: make([]int, c.Shape.Classes),
	}
	s.Weights = statsOf(len(c.Weights), func(k int) float64 { return float64(c.Weights[k]) })
	sums := make([]float64, n)
	for k, w := range c.Weights {
		sums[k%n] += float64(w)
	}
	s.WeightSums = statsOf(n, func(j int) float64 { return sums[j] })
	s.Theta = statsOf(n, func(j int) float64 { return c.Theta[j] })
	th := cfg.ThetaStats(c.Theta)
	s.ThetaMedian, s.ThetaAtRest, s.RestTheta = th.Median, th.AtRest, th.RestTheta
	s.ThetaPlus, s.TauTheta, s.ThetaScaling = cfg.Exc.ThetaPlus, cfg.Exc.TauTheta, cfg.ThetaScaling
	for _, a := range c.Assignments {
		if a < 0 {
			s.Unassigned++
		} else {
			s.NeuronsPerClass[a]++
		}
	}
	s.Rule, s.Start, s.Order, s.Schedule = cfg.Plasticity, cfg.WeightStart, cfg.Order, cfg.Schedule
	if s.Order == "" {
		s.Order = network.OrderFixed // saved before the choice existed
	}
	if c.Run != nil {
		var run experiment.Summary
		if json.Unmarshal([]byte(c.Run.Summary), &run) == nil && len(run.Learning) > 0 {
			s.Learning = &run.Learning[len(run.Learning)-1]
		}
	}
	def := network.Default(n)
	// Constants are listed against the defaults of the run's own rule; the
	// rule itself has its own line.
	def.Plasticity, _ = learning.ForRule(cfg.Plasticity.Rule())
	var err error
	s.Changed, err = changes(&def, cfg)
	return s, err
}

// changes lists the leaves of cfg's JSON form that differ from def's.
func changes(def, cfg *network.Config) ([]setting, error) {
	flat := func(c *network.Config) (map[string]any, error) {
		b, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		out := map[string]any{}
		var walk func(prefix string, v any)
		walk = func(prefix string, v any) {
			if sub, ok := v.(map[string]any); ok {
				for k, x := range sub {
					walk(prefix+k+".", x)
				}
				return
			}
			out[prefix[:len(prefix)-1]] = v
		}
		walk("", m)
		return out, nil
	}
	a, err := flat(def)
	if err != nil {
		return nil, err
	}
	b, err := flat(cfg)
	if err != nil {
		return nil, err
	}
	out := []setting{}
	for k, v := range b {
		if !reflect.DeepEqual(a[k], v) {
			out = append(out, setting{k, v, a[k]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *summary) print(w io.Writer) {
	fmt.Fprintf(w, "checkpoint     %s\n", s.Checkpoint)
	fmt.Fprintf(w, "network        %d excitatory + %d inhibitory neurons, %d inputs (images of %s)\n", s.Neurons, s.Neurons, s.Data.Pixels(), s.Data)
	fmt.Fprintf(w, "training       %d examples seen (%d epochs done), seed %d, resumable: %v\n", s.ExamplesSeen, s.Epochs, s.Seed, s.Resumable)
	if len(s.Changed) == 0 {
		fmt.Fprintln(w, "settings       all defaults")
	} else {
		fmt.Fprintln(w, "settings       changed from the defaults:")
		for _, c := range s.Changed {
			fmt.Fprintf(w, "                 %s\n", c)
		}
	}
	fmt.Fprintf(w, "weights        min %.4g  mean %.4g  max %.4g\n", s.Weights.Min, s.Weights.Mean, s.Weights.Max)
	fmt.Fprintf(w, "sum per neuron min %.4g  mean %.4g  max %.4g\n", s.WeightSums.Min, s.WeightSums.Mean, s.WeightSums.Max)
	fmt.Fprintf(w, "theta (mV)     min %.4g  median %.4g  mean %.4g  max %.4g\n", s.Theta.Min, s.ThetaMedian, s.Theta.Mean, s.Theta.Max)
	fmt.Fprintf(w, "               %d of %d at or below rest (θ ≤ %.4g mV)", s.ThetaAtRest, s.Neurons, s.RestTheta)
	if s.ThetaAtRest > 0 {
		fmt.Fprint(w, ": they fire with no input once θ is frozen")
	}
	fmt.Fprintln(w)
	norm := "not normalised"
	if s.Rule.Params.Normalizes() {
		norm = "normalised before each presentation"
	}
	fmt.Fprintf(w, "learning       rule %s, %s\n", s.Rule.Rule(), norm)
	fmt.Fprintf(w, "start          %s\n", s.Start)
	fmt.Fprintf(w, "order          %s\n", network.DescribeOrder(s.Order))
	fmt.Fprintf(w, "schedule       %s\n", s.Schedule)
	if l := s.Learning; l != nil {
		fmt.Fprintf(w, "last window    at %d examples: %v\n", l.Examples, l)
	}
	fmt.Fprintf(w, "homeostasis    θ+ %.4g mV per spike, τ_θ %.4g ms; %s\n", s.ThetaPlus, s.TauTheta, describeScaling(s.ThetaScaling, s.Neurons, s.ThetaPlus, s.TauTheta))
	if s.Labelled {
		fmt.Fprintf(w, "labels         neurons per class %v, %d unassigned (never fired)\n", s.NeuronsPerClass, s.Unassigned)
	} else {
		fmt.Fprintln(w, "labels         none yet (run eval)")
	}
	if s.FieldsPicture != "" {
		fmt.Fprintf(w, "picture        %s\n", s.FieldsPicture)
	}
	for _, f := range s.Monitor {
		fmt.Fprintf(w, "monitor        %s\n", f)
	}
}

// describeScaling says how the θ constants of an n-neuron network, plus and
// tau, were derived: by the rule, or set explicitly.
func describeScaling(r network.ThetaScaling, n int, plus, tau float64) string {
	fp, ft := r.Factor(n)
	how := fmt.Sprintf("theta_scaling %q: θ+ ×%.4g and τ_θ ×%.4g of their values at %d neurons", r.Rule, fp, ft, r.Reference)
	if r.Rule != network.ThetaBySize {
		how = fmt.Sprintf("theta_scaling %q: the same constants at every size", r.Rule)
	}
	rulePlus, ruleTau := r.Constants(n)
	var set []string
	if plus != rulePlus {
		set = append(set, "θ+")
	}
	if tau != ruleTau {
		set = append(set, "τ_θ")
	}
	if len(set) > 0 {
		how += "; " + strings.Join(set, " and ") + " set explicitly"
	}
	return how
}
