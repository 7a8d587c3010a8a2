package checkpoint

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
)

// FormatVersion is written into every checkpoint; Load refuses others.
const FormatVersion = 1

// Checkpoint is a saved network.
type Checkpoint struct {
	N            int
	Config       string // the run's configuration, JSON
	Seed         uint64
	ExamplesSeen int64     // training examples presented so far, over all epochs
	Epoch        int64     // completed epochs
	Weights      []float32 // 784 × N, row-major
	Delays       []uint8   // 784 × N, steps
	Theta        []float64 // N, mV
	Assignments  []int8    // N, class or −1; nil when not labelled
	Run          *Run      // training state for resuming; nil when not saved
}

type member struct {
	name string
	a    array
}

const inputs = dataset.Pixels

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
	members := []member{
		{"format_version", i64Scalar(FormatVersion)},
		{"config", strScalar(c.Config)},
		{"seed", u64Scalar(c.Seed)},
		{"examples_seen", i64Scalar(c.ExamplesSeen)},
		{"epoch", i64Scalar(c.Epoch)},
		{"weights", f32Array(c.Weights, inputs, c.N)},
		{"delays", u8Array(c.Delays, inputs, c.N)},
		{"theta", f64Array(c.Theta, c.N)},
	}
	if c.Assignments != nil {
		members = append(members, member{"assignments", i8Array(c.Assignments, c.N)})
	}
	if c.Run != nil {
		members = append(members, c.Run.members(c.N)...)
	}
	zw := zip.NewWriter(w)
	for _, m := range members {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: m.name + ".npy", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := writeNPY(f, m.a); err != nil {
			return err
		}
	}
	return zw.Close()
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
	f, err := os.Open(path)
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

func decode(r io.ReaderAt, size int64) (*Checkpoint, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable .npz archive (%v)", err)
	}
	arrays := map[string]array{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("member %s: %v", f.Name, err)
		}
		if f.UncompressedSize64 > uint64(size)*1032+1<<20 {
			rc.Close()
			return nil, fmt.Errorf("member %s claims %d bytes", f.Name, f.UncompressedSize64)
		}
		data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("member %s is damaged: %v", f.Name, err)
		}
		a, err := readNPY(data)
		if err != nil {
			return nil, fmt.Errorf("member %s: %v", f.Name, err)
		}
		arrays[f.Name] = a
	}
	get := func(name, descr string, shape ...int) (array, error) {
		a, ok := arrays[name+".npy"]
		if !ok {
			return a, fmt.Errorf("array %s is missing", name)
		}
		return a, a.check(name, descr, shape...)
	}
	v, err := get("format_version", "<i8")
	if err != nil {
		return nil, err
	}
	if got := int64(v.u64()); got != FormatVersion {
		return nil, fmt.Errorf("format version %d, this program reads version %d", got, FormatVersion)
	}
	th, err := arrays["theta.npy"], error(nil)
	if len(th.shape) != 1 || th.shape[0] < 1 {
		return nil, fmt.Errorf("array theta is missing or not a vector")
	}
	c := &Checkpoint{N: th.shape[0]}
	scalars := []struct {
		name, descr string
		set         func(array)
	}{
		{"config", "", func(a array) { c.Config = a.str() }},
		{"seed", "<u8", func(a array) { c.Seed = a.u64() }},
		{"examples_seen", "<i8", func(a array) { c.ExamplesSeen = int64(a.u64()) }},
		{"epoch", "<i8", func(a array) { c.Epoch = int64(a.u64()) }},
	}
	for _, s := range scalars {
		descr := s.descr
		if s.name == "config" {
			descr = arrays["config.npy"].descr
			if len(descr) < 2 || descr[1] != 'U' {
				return nil, fmt.Errorf("array config is missing or not a string")
			}
		}
		a, err := get(s.name, descr)
		if err != nil {
			return nil, err
		}
		s.set(a)
	}
	if th, err = get("theta", "<f8", c.N); err != nil {
		return nil, err
	}
	c.Theta = th.f64()
	w, err := get("weights", "<f4", inputs, c.N)
	if err != nil {
		return nil, err
	}
	c.Weights = w.f32()
	d, err := get("delays", "|u1", inputs, c.N)
	if err != nil {
		return nil, err
	}
	c.Delays = append([]uint8(nil), d.data...)
	if _, ok := arrays["assignments.npy"]; ok {
		a, err := get("assignments", "|i1", c.N)
		if err != nil {
			return nil, err
		}
		c.Assignments = a.i8()
	}
	has := func(name string) bool { _, ok := arrays[name+".npy"]; return ok }
	if name := "run_summary.npy"; has("run_summary") && (len(arrays[name].descr) < 2 || arrays[name].descr[1] != 'U') {
		return nil, fmt.Errorf("array run_summary is not a string")
	}
	getRun := func(name, descr string, shape ...int) (array, error) {
		if name == "run_summary" {
			descr = arrays[name+".npy"].descr
		}
		return get(name, descr, shape...)
	}
	if c.Run, err = loadRun(getRun, has, c.N); err != nil {
		return nil, err
	}
	return c, c.validate()
}

// validate checks the values for what a network can hold.
func (c *Checkpoint) validate() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("N = %d", c.N)
	case len(c.Weights) != inputs*c.N || len(c.Delays) != inputs*c.N || len(c.Theta) != c.N:
		return fmt.Errorf("array sizes do not match N = %d", c.N)
	case c.Assignments != nil && len(c.Assignments) != c.N:
		return fmt.Errorf("assignments has %d entries, want N = %d", len(c.Assignments), c.N)
	case c.ExamplesSeen < 0 || c.Epoch < 0:
		return fmt.Errorf("negative examples_seen or epoch")
	case !json.Valid([]byte(c.Config)):
		return fmt.Errorf("config is not valid JSON")
	}
	if c.Run != nil {
		if err := c.Run.validate(c.N); err != nil {
			return err
		}
	}
	for k, w := range c.Weights {
		if !(w >= 0) || math.IsInf(float64(w), 0) {
			return fmt.Errorf("weight %d (input %d → neuron %d) is %v", k, k/c.N, k%c.N, w)
		}
	}
	for j, t := range c.Theta {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("theta of neuron %d is %v", j, t)
		}
	}
	for j, a := range c.Assignments {
		if a < -1 || a > 9 {
			return fmt.Errorf("assignment of neuron %d is %d", j, a)
		}
	}
	return nil
}
