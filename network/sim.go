package network

import (
	"math/rand/v2"

	"spikemnist/encoding"
	"spikemnist/layers"
	"spikemnist/learning"
)

// Sim is a running network: a Model plus the dynamic state of every neuron
// and synapse. A Sim is not safe for concurrent use; evaluation gives each
// worker its own Sim over a shared, frozen Model.
type Sim struct {
	cfg   *Config
	m     *Model
	learn bool
	n     int

	exc layers.ExcState
	inh layers.InhState
	ek  layers.ExcKernel
	ik  layers.InhKernel
	wEI float32
	wIE float32 // this example's, while learning (Schedule)

	slots   int       // delay slots R: delays are 0 … R−1 steps
	stride  int       // distance between ring rows, ≥ N (see ringStride)
	ring    []float32 // R rows of stride: input conductance due in the step of each slot
	slotOff []int32   // per step: start of the ring row d steps ahead (at least 32 entries, for the vector delivery)
	t       int64     // current step, counted from the start of the run

	tile       int     // neurons per sweep tile (defaultTile; tests vary it)
	counts     []int32 // excitatory spikes since the last Present read them
	espk, ispk []int32

	*plastic // the plasticity bookkeeping; nil in a frozen network

	// Observe, if set, is called at the end of every step with the step
	// number, the input spikes and the excitatory and inhibitory spikes of
	// that step. The slices are reused: copy what you keep.
	Observe func(t int64, in []int16, exc, inh []int32)

	team *team // the workers of the sweep (see SetWorkers); nil for one

	enc   encoding.Poisson
	train encoding.Train
	pcg   rand.PCG
	rng   *rand.Rand
}

// plastic is what a learning Sim keeps besides the network's state: the
// compiled rule and the bookkeeping that lets it act on events only.
type plastic struct {
	rule     learning.Rule
	rate     float64            // the factor of the rule's learning rates (Schedule)
	preDecay learning.Trace     // the rule's presynaptic trace
	preAdd   bool               // arrivals add 1 to the trace (else set it to 1)
	norm     bool               // normalise before each presentation
	starter  learning.Presenter // the rule, if it acts at the start of a presentation
	wmax     float32
	pre      []float32            // Inputs: scratch, the traces a firing neuron's synapses read
	hist     []int64              // Inputs × hlen: recent spike steps of each input
	histX    []float32            // beside hist, with preAdd: the input's trace just after that spike
	hlen     int                  // a power of two above the delay slots: an input has at most one spike per step in flight
	nhist    []uint32             // spikes of each input so far
	recent   [][]int16            // recent[t%R]: inputs that fired at step t
	dep      [][]learning.Synapse // dep[t%R]: arrivals at step t that update weights
	clipOnly [][]learning.Synapse // dep's twin for arrivals that only clip
	active   []int32              // neurons that fired within span steps (maybe stale)
	isActive []bool               // membership of active
	span     int64                // the rule's arrival updates exceed DepressionFloor for at most span steps after a spike; −1: it has none (Rule.ArrivalSpan)
	over     []int32              // flat synapse indices above WMax after normalisation
	overRow  []int32              // Inputs+1 offsets into over
	overDone []bool               // row's over-synapses already scheduled since normalisation
	colSum   []float64            // sum of each column as of its last scaling
	dirty    []bool               // column changed by plasticity since then
}

// NewSim returns a network in the initial state of a run (v at VInit,
// conductances zero, no spikes yet) over model m. While learning, Sim
// updates m's weights and θ in place; otherwise it keeps its own copy of θ
// and never writes to m. It steps on one goroutine; SetWorkers splits its
// neurons over more (with identical results).
func NewSim(cfg *Config, m *Model, learn bool) *Sim {
	n := m.N
	present, _ := cfg.Steps()
	s := &Sim{
		cfg: cfg, m: m, learn: learn, n: n,
		ek: cfg.Exc.Kernel(cfg.Dt, learn), ik: cfg.Inh.Kernel(cfg.Dt),
		wEI: float32(cfg.WEI), wIE: float32(cfg.WIE),
		slots: cfg.DelaySlots(), counts: make([]int32, n), tile: defaultTile,
		enc: encoding.Poisson{Steps: present, Dt: cfg.Dt, RateScale: cfg.RateScale},
	}
	s.stride = ringStride(n)
	s.ring = make([]float32, s.slots*s.stride)
	s.slotOff = make([]int32, max(s.slots, 32))
	s.rng = rand.New(&s.pcg)
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
		s.pre = make([]float32, m.Inputs)
		s.hlen = 1
		for s.hlen <= s.slots {
			s.hlen *= 2
		}
		s.hist = make([]int64, m.Inputs*s.hlen)
		s.nhist = make([]uint32, m.Inputs)
		if s.preAdd {
			s.histX = make([]float32, m.Inputs*s.hlen)
		}
		s.recent = make([][]int16, s.slots)
		s.dep = make([][]learning.Synapse, s.slots)
		s.clipOnly = make([][]learning.Synapse, s.slots)
		s.isActive = make([]bool, n)
		s.overRow = make([]int32, m.Inputs+1)
		s.overDone = make([]bool, m.Inputs)
		s.colSum = make([]float64, n)
		s.dirty = make([]bool, n)
		for j := range s.dirty {
			s.dirty[j] = true
		}
	} else {
		copy(s.exc.Theta, m.Theta)
	}
	return s
}

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
	clear(s.ring)
	clear(s.counts)
	s.inh.WakeAll()
}

// step advances the network by one time step with the given input spikes.
// The order of work is the one written down in the package documentation.
func (s *Sim) step(in []int16) {
	t, n := s.t, s.n
	base := int(t % int64(s.slots))
	prev := (base + s.slots - 1) % s.slots
	if len(in) > 0 {
		for d := 0; d < s.slots; d++ {
			s.slotOff[d] = int32(((base + d) % s.slots) * s.stride)
		}
	}
	// 1–3, the sweeps over neurons: integrate (the ring row due at the end
	// of the previous step is added to g_e inside the excitatory loop, see
	// ExcKernel.Integrate), then put each input spike's weights w_ij, as
	// they are now, into the ring row d_ij steps ahead, then add this
	// step's inhibition to g_i. A row reaches g_e with the integration of
	// the step after its own, which is when it first has an effect.
	s.ispk = s.ik.Integrate(&s.inh, t, s.ispk[:0])
	if s.team != nil {
		s.teamSweep(t, in, prev)
	} else {
		s.sweep(0, n, t, in, prev, &s.espk)
	}

	// Bookkeeping of the input spikes for plasticity, and excitation of the
	// inhibitory partners.
	if s.learn {
		s.beginStep(t, base)
		for _, i := range in {
			s.emitted(i, t, base)
		}
	}
	for _, j := range s.espk {
		s.inh.Kick(j, s.wEI)
	}

	// 4. Plasticity.
	if s.learn {
		s.plasticity(t, base)
	}

	// 5. Resets.
	s.ek.Reset(&s.exc, t, s.espk)
	s.ik.Reset(&s.inh, t, s.ispk)
	for _, j := range s.espk {
		s.counts[j]++
	}
	if s.Observe != nil {
		s.Observe(t, in, s.espk, s.ispk)
	}
	s.t++
}

// ringStride is the ring row length for n neurons: n rounded up to whole
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
