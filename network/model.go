package network

import (
	"fmt"
	"math/rand/v2"
)

// MaxSynapses bounds Inputs × N: 784 inputs of MaxNeurons neurons, 0.5 GB of
// weights and delays.
const MaxSynapses = 784 * MaxNeurons

// Model is what training learns and evaluation uses: the input→excitatory
// weights, their delays, and the adaptive thresholds.
type Model struct {
	N      int
	Inputs int       // input neurons, one per pixel (784 for MNIST)
	W      []float32 // Inputs × N, row-major: W[i*N+j] is input i → neuron j
	Delay  []uint8   // same layout: delay of each synapse in steps
	Theta  []float64 // adaptive threshold of each excitatory neuron, mV

	gen uint64 // counts the writes from outside an engine (Wrote)
}

// Wrote says that W, Delay or Theta were written from outside an engine
// (the Model's own methods say it themselves): every engine over m takes
// the new values before its next example, whatever copies it keeps.
func (m *Model) Wrote() { m.gen++ }

// Generation counts the writes Wrote announced; an engine that keeps
// copies of the weights compares it with the count its copies were taken
// at.
func (m *Model) Generation() uint64 { return m.gen }

// CheckSize reports a network of n neurons on the given inputs that this
// program will not hold.
func CheckSize(inputs, n int) error {
	if inputs < 1 || int64(inputs)*int64(n) > MaxSynapses {
		return fmt.Errorf("%d inputs × %d neurons is more synapses than this program supports (%d)", inputs, n, MaxSynapses)
	}
	return nil
}

// NewModel draws the initial weights and delays of cfg.Neurons neurons on
// the given inputs (CheckSize bounds them) from cfg.Seed: w =
// WInit·(U + WInitShift) and delay = ⌊U·MaxDelay/dt⌋ steps, U uniform in
// [0, 1); θ starts at Exc.ThetaInit.
func NewModel(cfg *Config, inputs int) *Model {
	n := cfg.Neurons
	m := &Model{N: n, Inputs: inputs, W: make([]float32, inputs*n), Delay: make([]uint8, inputs*n), Theta: make([]float64, n)}
	rw := stream(cfg.Seed, purposeWeights, 0)
	for k := range m.W {
		m.W[k] = float32(cfg.WInit * (rw.Float64() + cfg.WInitShift))
	}
	rd := stream(cfg.Seed, purposeDelays, 0)
	slots := cfg.DelaySlots()
	for k := range m.Delay {
		m.Delay[k] = uint8(min(int(rd.Float64()*cfg.MaxDelay/cfg.Dt), slots-1))
	}
	for j := range m.Theta {
		m.Theta[j] = cfg.Exc.ThetaInit
	}
	return m
}

// Clone returns a deep copy of m.
func (m *Model) Clone() *Model {
	return &Model{
		N: m.N, Inputs: m.Inputs, W: append([]float32(nil), m.W...),
		Delay: append([]uint8(nil), m.Delay...), Theta: append([]float64(nil), m.Theta...),
	}
}

// Random streams. Every random choice comes from a PCG stream fixed by the
// run's seed, a purpose and an index, so that a result never depends on the
// order in which work is done or on how many workers do it.
const (
	purposeWeights uint64 = iota + 1
	purposeDelays
	PurposeTrain  // input spikes of training example k
	PurposeAssign // input spikes of labelling example k
	PurposeTest   // input spikes of test example k
	purposeStart  // a data start's choice of images (k = 0), a grown start's noise (k = 1)
	purposeOrder  // the order of the training examples in epoch k (OrderShuffled)
)

// TestRepeat is the purpose of the input spikes of the r-th presentation of
// the test set: PurposeTest for r = 0, and for every other r a stream of
// its own, so that repeated presentations see fresh Poisson trains.
func TestRepeat(r int) uint64 {
	if r == 0 {
		return PurposeTest
	}
	return PurposeTest + uint64(r)<<8
}

func stream(seed, purpose, k uint64) *rand.Rand {
	return rand.New(SeedPCG(new(rand.PCG), seed, purpose, k))
}

// SeedPCG seeds p as the stream (seed, purpose, k): every random choice of
// a run, an engine's input spikes included, comes from such a stream.
func SeedPCG(p *rand.PCG, seed, purpose, k uint64) *rand.PCG {
	p.Seed(splitmix(seed^splitmix(purpose)), splitmix(k^0x9e3779b97f4a7c15*purpose))
	return p
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
