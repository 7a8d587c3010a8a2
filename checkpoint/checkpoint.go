package checkpoint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/npz"
	"spikemnist/internal/readfile"
	"spikemnist/network"
)

// FormatVersion is written into every checkpoint. Load reads it and
// version 1, which predates the choice of learning rule: its runs used the
// triplet rule, whose state needs neither run_input_trace nor
// run_rule_state.
const FormatVersion = 2

// Checkpoint is a saved network.
type Checkpoint struct {
	N            int
	Config       string // the run's configuration, JSON
	Seed         uint64
	ExamplesSeen int64         // training examples presented so far, over all epochs
	Epoch        int64         // completed epochs
	Shape        dataset.Shape // the data set's: images of Rows × Cols, one input per pixel, and its classes
	Weights      []float32     // Shape.Pixels() × N, row-major
	Delays       []uint8       // Shape.Pixels() × N, steps
	Theta        []float64     // N, mV
	Assignments  []int8        // N, class or −1; nil when not labelled
	Readout      []float64     // Shape.Classes × (N+1): the linear readout's weights, each class's bias last (results.LogReg); nil when none was fitted
	Run          *Run          // training state for resuming; nil when not saved
}

// MaxTheta bounds a neuron's adaptive threshold in a checkpoint, mV: a
// potential never passes the excitatory reversal potential (0 mV), so a
// threshold far above it leaves the neuron silent, and every example would
// be shown the boost rule's most times.
const MaxTheta = 1000

// Save writes c to path atomically.
func Save(path string, c *Checkpoint) error {
	if err := c.validate(); err != nil {
		return fmt.Errorf("checkpoint %s: refusing to save: %w", path, err)
	}
	return atomicfile.Write(path, func(w io.Writer) error { return encode(w, c) })
}

// Encode writes c as an .npz archive to w.
func Encode(w io.Writer, c *Checkpoint) error {
	if err := c.validate(); err != nil {
		return fmt.Errorf("checkpoint: refusing to encode: %w", err)
	}
	return encode(w, c)
}

func encode(w io.Writer, c *Checkpoint) error {
	members := []npz.Member{
		{Name: "format_version", Array: npz.I64Scalar(FormatVersion)},
		{Name: "config", Array: npz.Str(c.Config)},
		{Name: "seed", Array: npz.U64Scalar(c.Seed)},
		{Name: "examples_seen", Array: npz.I64Scalar(c.ExamplesSeen)},
		{Name: "epoch", Array: npz.I64Scalar(c.Epoch)},
		{Name: "image_shape", Array: npz.I64([]int64{int64(c.Shape.Rows), int64(c.Shape.Cols)}, 2)},
		{Name: "classes", Array: npz.I64Scalar(int64(c.Shape.Classes))},
		{Name: "weights", Array: npz.F32(c.Weights, c.Shape.Pixels(), c.N)},
		{Name: "delays", Array: npz.U8(c.Delays, c.Shape.Pixels(), c.N)},
		{Name: "theta", Array: npz.F64(c.Theta, c.N)},
	}
	if c.Assignments != nil {
		members = append(members, npz.Member{Name: "assignments", Array: npz.I8(c.Assignments, c.N)})
	}
	if c.Readout != nil {
		members = append(members, npz.Member{Name: "readout_logreg", Array: npz.F64(c.Readout, c.Shape.Classes, c.N+1)})
	}
	if c.Run != nil {
		members = append(members, c.Run.members(c.N, c.Shape)...)
	}
	return npz.Write(w, members)
}

// Load reads and validates the checkpoint at path. Every error names the
// file and what is wrong with it.
func Load(path string) (*Checkpoint, error) {
	c, err := load(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return c, nil
}

func load(path string) (*Checkpoint, error) {
	f, err := readfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return decode(f, st.Size())
}

// Decode reads and validates a checkpoint held in memory.
func Decode(b []byte) (*Checkpoint, error) {
	return decode(bytes.NewReader(b), int64(len(b)))
}

// Bounds on what a checkpoint's members may hold, beyond their shapes.
const (
	maxNeurons  = network.MaxNeurons // theta is read before N is known
	maxText     = 64 << 20
	npyOverhead = 1 << 16 // a .npy header
)

func decode(r io.ReaderAt, size int64) (*Checkpoint, error) {
	ar, err := npz.Open(r, size)
	if err != nil {
		return nil, err
	}
	rd := archive{ar}
	c, err := rd.header()
	if err != nil {
		return nil, err
	}
	if err := rd.shape(c); err != nil {
		return nil, err
	}
	if err := rd.network(c); err != nil {
		return nil, err
	}
	summaryDescr := ar.Descr("run_summary")
	if ar.Has("run_summary") && (len(summaryDescr) < 2 || summaryDescr[1] != 'U') {
		return nil, fmt.Errorf("array run_summary is not a string")
	}
	getRun := func(name, descr string, shape ...int) (npz.Array, error) {
		if name == "run_summary" {
			descr = summaryDescr
		}
		return rd.get(name, descr, shape...)
	}
	if c.Run, err = loadRun(getRun, ar.Has, c.N, c.Shape); err != nil {
		return nil, err
	}
	return c, c.validate()
}

// archive reads a checkpoint's members, each no larger than its type and
// shape allow; members this program does not know are never read.
type archive struct{ *npz.Archive }

func (ar archive) get(name, descr string, shape ...int) (npz.Array, error) {
	limit := int64(maxText)
	if item := itemSize(descr); item > 0 {
		limit = item
		for _, d := range shape {
			limit *= int64(d)
		}
	}
	a, err := ar.Get(name, limit+npyOverhead)
	if err != nil {
		return a, err
	}
	return a, a.Check(name, descr, shape...)
}

// header reads the format version, N (from theta's length), the
// configuration, seed, position and θ.
func (ar archive) header() (*Checkpoint, error) {
	if !ar.Has("theta") {
		return nil, fmt.Errorf("array theta is missing or not a vector")
	}
	th, err := ar.Get("theta", 8*maxNeurons+npyOverhead)
	if err != nil {
		return nil, err
	}
	v, err := ar.get("format_version", "<i8")
	if err != nil {
		return nil, err
	}
	if got := int64(v.Uint64()); got != FormatVersion && got != 1 {
		return nil, fmt.Errorf("format version %d, this program reads versions 1 to %d", got, FormatVersion)
	}
	if len(th.Shape) != 1 || th.Shape[0] < 1 {
		return nil, fmt.Errorf("array theta is missing or not a vector")
	}
	c := &Checkpoint{N: th.Shape[0]}
	scalars := []struct {
		name, descr string
		set         func(npz.Array)
	}{
		{"config", "", func(a npz.Array) { c.Config = a.Text() }},
		{"seed", "<u8", func(a npz.Array) { c.Seed = a.Uint64() }},
		{"examples_seen", "<i8", func(a npz.Array) { c.ExamplesSeen = int64(a.Uint64()) }},
		{"epoch", "<i8", func(a npz.Array) { c.Epoch = int64(a.Uint64()) }},
	}
	for _, s := range scalars {
		descr := s.descr
		if s.name == "config" {
			descr = ar.Descr("config")
			if len(descr) < 2 || descr[1] != 'U' {
				return nil, fmt.Errorf("array config is missing or not a string")
			}
		}
		a, err := ar.get(s.name, descr)
		if err != nil {
			return nil, err
		}
		s.set(a)
	}
	if th, err = ar.get("theta", "<f8", c.N); err != nil {
		return nil, err
	}
	c.Theta = th.Float64s()
	return c, nil
}

// shape reads the data set's shape; files from before it was saved are
// MNIST's.
func (ar archive) shape(c *Checkpoint) error {
	c.Shape = dataset.MNIST
	if !ar.Has("image_shape") && !ar.Has("classes") {
		return nil
	}
	a, err := ar.get("image_shape", "<i8", 2)
	if err != nil {
		return err
	}
	rc := a.Int64s()
	k, err := ar.get("classes", "<i8")
	if err != nil {
		return err
	}
	c.Shape = dataset.Shape{Rows: small(rc[0]), Cols: small(rc[1]), Classes: small(int64(k.Uint64()))}
	if err := c.Shape.Check(); err != nil {
		return fmt.Errorf("image_shape and classes: %w", err)
	}
	if int64(c.Shape.Pixels())*int64(c.N) > network.MaxSynapses {
		return fmt.Errorf("%d inputs × %d neurons is more than this program holds", c.Shape.Pixels(), c.N)
	}
	return nil
}

// network reads the weights, delays and labels.
func (ar archive) network(c *Checkpoint) error {
	inputs := c.Shape.Pixels()
	w, err := ar.get("weights", "<f4", inputs, c.N)
	if err != nil {
		return err
	}
	c.Weights = w.Float32s()
	d, err := ar.get("delays", "|u1", inputs, c.N)
	if err != nil {
		return err
	}
	c.Delays = append([]uint8(nil), d.Data...)
	if ar.Has("assignments") {
		a, err := ar.get("assignments", "|i1", c.N)
		if err != nil {
			return err
		}
		c.Assignments = a.Int8s()
	}
	if ar.Has("readout_logreg") {
		r, err := ar.get("readout_logreg", "<f8", c.Shape.Classes, c.N+1)
		if err != nil {
			return err
		}
		c.Readout = r.Float64s()
	}
	return nil
}

// small is x as an int, clamped to [−1, 2²⁰] so that Shape.Check sees an
// absurd value for what it is on any platform.
func small(x int64) int { return int(min(max(x, -1), 1<<20)) }

// itemSize is the bytes per element of a numeric .npy type ("<f4": 4); 0
// for strings and unknown types.
func itemSize(descr string) int64 {
	if len(descr) < 3 || descr[1] == 'U' {
		return 0
	}
	n, err := strconv.Atoi(descr[2:])
	if err != nil || n < 1 || n > 16 {
		return 0
	}
	return int64(n)
}

// validate checks the values for what a network can hold.
func (c *Checkpoint) validate() error {
	inputs := c.Shape.Pixels()
	if err := c.Shape.Check(); err != nil {
		return fmt.Errorf("data set shape: %w", err)
	}
	switch {
	case c.N < 1:
		return fmt.Errorf("N = %d", c.N)
	case len(c.Weights) != inputs*c.N || len(c.Delays) != inputs*c.N || len(c.Theta) != c.N:
		return fmt.Errorf("array sizes do not match N = %d", c.N)
	case c.Assignments != nil && len(c.Assignments) != c.N:
		return fmt.Errorf("assignments has %d entries, want N = %d", len(c.Assignments), c.N)
	case c.Readout != nil && len(c.Readout) != c.Shape.Classes*(c.N+1):
		return fmt.Errorf("readout_logreg has %d entries, want classes × (N+1) = %d", len(c.Readout), c.Shape.Classes*(c.N+1))
	case c.ExamplesSeen < 0 || c.Epoch < 0:
		return fmt.Errorf("negative examples_seen or epoch")
	case !json.Valid([]byte(c.Config)):
		return fmt.Errorf("config is not valid JSON")
	}
	if c.Run != nil {
		if err := c.Run.validate(c.N, c.Shape); err != nil {
			return err
		}
	}
	for k, w := range c.Weights {
		if !(w >= 0) || math.IsInf(float64(w), 0) {
			return fmt.Errorf("weight %d (input %d → neuron %d) is %v", k, k/c.N, k%c.N, w)
		}
	}
	for j, t := range c.Theta {
		if !(math.Abs(t) <= MaxTheta) {
			return fmt.Errorf("theta of neuron %d is %v mV, out of range (at most %g in size: no neuron reaches a threshold that far)", j, t, float64(MaxTheta))
		}
	}
	for k, w := range c.Readout {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("readout_logreg weight %d is %v", k, w)
		}
	}
	for j, a := range c.Assignments {
		if a < -1 || int(a) >= c.Shape.Classes {
			return fmt.Errorf("assignment of neuron %d is %d (classes 0 to %d)", j, a, c.Shape.Classes-1)
		}
	}
	return nil
}
