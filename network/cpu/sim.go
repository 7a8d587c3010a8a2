package cpu

import (
	"math/rand/v2"

	"spikemnist/encoding"
	"spikemnist/layers"
	"spikemnist/learning"
	"spikemnist/network"
)

// Sim is a running network: a Model plus the dynamic state of every neuron
// and synapse. A Sim is not safe for concurrent use; evaluation gives each
// worker its own Sim over a shared, frozen Model.
type Sim struct {
	cfg   *network.Config
	m     *network.Model
	learn bool
	n     int

	exc layers.ExcState
	inh layers.InhState
	ek  layers.ExcKernel
	ik  layers.InhKernel
	wEI float32
	wIE float32 // this example's, while learning (Schedule)

	slots int   // delay slots R: delays are 0 … R−1 steps (each part has the ring of its neurons)
	t     int64 // current step, counted from the start of the run

	tile       int     // neurons per sweep tile (defaultTile; tests vary it)
	counts     []int32 // excitatory spikes since the last Present read them
	espk, ispk []int32 // a step's spikes of all parts, for Observe

	*plastic // the plasticity rule and what its parts share; nil in a frozen network

	parts []*part // the workers' shares of the neurons, in order

	// Observe, if set, is called at the end of every step with the step
	// number, the input spikes and the excitatory and inhibitory spikes of
	// that step. The slices are reused: copy what you keep.
	Observe func(t int64, in []int16, exc, inh []int32)

	team *team  // the workers of the parts (see SetWorkers); nil for one
	gen  uint64 // the Model's Generation when the Sim last took its values (sync)

	enc   encoding.Poisson
	train encoding.Train
	pcg   rand.PCG
	rng   *rand.Rand
}

// plastic is what a learning Sim keeps besides the network's state and
// its parts' bookkeeping (book): the compiled rule, and per neuron what
// only the neuron's part writes.
type plastic struct {
	rule     learning.Rule
	rate     float64            // the factor of the rule's learning rates (Schedule)
	preDecay learning.Trace     // the rule's presynaptic trace
	preAdd   bool               // arrivals add 1 to the trace (else set it to 1)
	norm     bool               // normalise before each presentation
	starter  learning.Presenter // the rule, if it acts at the start of a presentation
	wmax     float32
	hlen     int       // a power of two above the delay slots: an input has at most one spike per step in flight
	span     int64     // the rule's arrival updates exceed DepressionFloor for at most span steps after a spike; −1: it has none (Rule.ArrivalSpan)
	colSum   []float64 // sum of each column as of its last scaling
}

// NewSim returns a network in the initial state of a run (v at VInit,
// conductances zero, no spikes yet) over model m. While learning, Sim
// updates m's weights and θ in place; otherwise it keeps its own copy of θ
// and never writes to m. It steps on one goroutine; SetWorkers splits its
// neurons over more (with identical results).
func NewSim(cfg *network.Config, m *network.Model, learn bool) *Sim {
	n := m.N
	present, _ := cfg.Steps()
	s := &Sim{
		cfg: cfg, m: m, learn: learn, n: n,
		ek: cfg.Exc.Kernel(cfg.Dt, learn), ik: cfg.Inh.Kernel(cfg.Dt),
		wEI: float32(cfg.WEI), wIE: float32(cfg.WIE),
		slots: cfg.DelaySlots(), counts: make([]int32, n), tile: defaultTile,
		enc: encoding.Poisson{Steps: present, Dt: cfg.Dt, RateScale: cfg.RateScale},
	}
	s.rng = rand.New(&s.pcg)
	s.gen = m.Generation()
	s.exc = layers.NewExcState(cfg.Exc, n)
	s.inh = layers.NewInhState(cfg.Inh, n)
	if learn {
		s.plastic = &plastic{rate: 1}
		s.exc.Theta = m.Theta
		p := cfg.Plasticity.Params
		s.rule = p.Compile(cfg.Dt, n)
		s.preDecay, s.preAdd = s.rule.PreTrace()
		s.span = s.rule.ArrivalSpan(cfg.DepressionFloor)
		s.norm = p.Normalizes()
		s.starter, _ = s.rule.(learning.Presenter)
		s.wmax = s.rule.WMax()
		s.hlen = 1
		for s.hlen <= s.slots {
			s.hlen *= 2
		}
		s.colSum = make([]float64, n)
	} else {
		copy(s.exc.Theta, m.Theta)
	}
	s.regroup(teamBounds(n, 1))
	return s
}

// New makes the event-driven engine, a Sim (a network.EngineMaker).
func New(cfg *network.Config, m *network.Model, learn bool) network.Engine {
	return NewSim(cfg, m, learn)
}

var (
	_ network.Parallel = (*Sim)(nil)
	_ network.Recorder = (*Sim)(nil)
)

// Rested puts every neuron at its resting potential with no conductance, as
// after a long pause, with no refractory period running; θ and weights
// are kept.
func (s *Sim) Rested() {
	for j := range s.exc.V {
		s.exc.V[j] = float32(s.cfg.Exc.VRest)
		s.inh.V[j] = float32(s.cfg.Inh.VRest)
		s.exc.LastSpike[j] = layers.NoSpike
		s.inh.LastSpike[j] = layers.NoSpike
	}
	clear(s.exc.Ge)
	clear(s.exc.Gi)
	clear(s.inh.Ge)
	clear(s.counts)
	for _, p := range s.parts {
		clear(p.ring)
		p.inh.WakeAll()
	}
}

// ringStride is the ring row length for a part of n neurons: n rounded up to whole
// 64-byte lines, and to an odd number of lines. Rows a power-of-two number
// of lines apart would share the same few sets of the L1 cache, and the 20
// rows of a tile would evict each other (N = 8192 took 30 ms per training
// example that way, N = 9600 21 ms).
func ringStride(n int) int {
	lines := (n + 15) / 16
	if lines%2 == 0 {
		lines++
	}
	return 16 * lines
}

// deliver adds one input's weight row into the ring rows its delays
// select: ring[slotOff[d_j] + j] += w_j. vector allows the vector version,
// which needs the delays to fit its 32-entry table; both give the same sums.
func deliver(ring []float32, slotOff []int32, vector bool, row []float32, drow []uint8) {
	drow = drow[:len(row)]
	done := 0
	if vector && useAVX512 && len(row) >= 16 {
		groups := len(row) / 16
		deliverAVX512(&ring[0], &slotOff[0], &row[0], &drow[0], groups)
		done = 16 * groups
	}
	for j := done; j < len(row); j++ {
		ring[int(slotOff[drow[j]])+j] += row[j]
	}
}
