package cpu

import (
	"math"
	"math/rand/v2"

	"spikemnist/dataset"
	"spikemnist/encoding"
	"spikemnist/layers"
	"spikemnist/learning"
	"spikemnist/network"
)

// refSim is the plain, literal engine the fast one is checked against. It
// follows the step recipe of the reference document word for word: every
// synapse has its own pre trace (kept as its last arrival step), every
// arrival at every synapse is an event that depresses and clips, every
// excitatory spike potentiates all 784 of its synapses, every rest step is
// simulated. Neurons use the layers kernels, which have their own tests
// against closed-form solutions.
type refSim struct {
	cfg   *network.Config
	m     *network.Model
	learn bool
	n     int
	exc   layers.ExcState
	inh   layers.InhState
	ek    layers.ExcKernel
	ik    layers.InhKernel
	rule  refRule
	wIE   float32 // this example's (Schedule)

	t        int64
	buf      [][]float32 // buf[t%R][j]: conductance due at step t
	arrivals [][][2]int  // arrivals[t%R]: synapses (i, j) a spike reaches at step t
	lastArr  []int64     // per synapse: step of the last arrival
	xAt      []float32   // per synapse, when arrivals add to the trace: its value just after the last arrival
	counts   []int32
	observe  func(t int64, in []int16, exc, inh []int32)
	enc      encoding.Poisson
	train    encoding.Train
}

func newRefSim(cfg *network.Config, m *network.Model, learn bool) *refSim {
	n := m.N
	present, _ := cfg.Steps()
	r := &refSim{
		cfg: cfg, m: m, learn: learn, n: n,
		exc: layers.NewExcState(cfg.Exc, n), inh: layers.NewInhState(cfg.Inh, n),
		ek: cfg.Exc.Kernel(cfg.Dt, learn), ik: cfg.Inh.Kernel(cfg.Dt), rule: refRules[cfg.Plasticity.Rule()](cfg, n),
		lastArr: make([]int64, dataset.Pixels*n), xAt: make([]float32, dataset.Pixels*n), counts: make([]int32, n),
		enc: encoding.Poisson{Steps: present, Dt: cfg.Dt, RateScale: cfg.RateScale}, wIE: float32(cfg.WIE),
	}
	if learn {
		r.exc.Theta = m.Theta
	} else {
		copy(r.exc.Theta, m.Theta)
	}
	R := cfg.DelaySlots()
	r.buf = make([][]float32, R)
	r.arrivals = make([][][2]int, R)
	for k := range r.buf {
		r.buf[k] = make([]float32, n)
	}
	for k := range r.lastArr {
		r.lastArr[k] = layers.NoSpike
	}
	return r
}

func (r *refSim) step(in []int16) {
	t, n, R := r.t, r.n, int64(len(r.buf))
	espk := r.ek.Integrate(&r.exc, t, nil, nil)
	ispk := r.ik.Integrate(&r.inh, t, nil)
	for _, i := range in {
		for j := 0; j < n; j++ {
			a := (t + int64(r.m.Delay[int(i)*n+j])) % R
			r.buf[a][j] += r.m.W[int(i)*n+j]
			if r.learn {
				r.arrivals[a] = append(r.arrivals[a], [2]int{int(i), j})
			}
		}
	}
	for j := 0; j < n; j++ {
		r.exc.Ge[j] += r.buf[t%R][j]
		r.buf[t%R][j] = 0
	}
	for _, j := range espk {
		r.inh.Kick(j, float32(r.cfg.WEI))
	}
	for _, k := range ispk {
		for j := 0; j < n; j++ {
			if j != int(k) {
				r.exc.Gi[j] += r.wIE
			}
		}
	}
	if r.learn {
		decay, add := r.rule.preTrace()
		for _, s := range r.arrivals[t%R] {
			i, j := s[0], s[1]
			k := i*n + j
			if add {
				r.xAt[k] = learning.Accumulate(r.xAt[k], decay.At(t-r.lastArr[k]))
			}
			r.lastArr[k] = t
			if r.rule.actsOnArrival() {
				r.rule.arrive(&r.m.W[k], j, t, r.exc.LastSpike[j])
			}
		}
		r.arrivals[t%R] = r.arrivals[t%R][:0]
		for _, j := range espk {
			last := r.exc.LastSpike[j]
			for i := 0; i < dataset.Pixels; i++ {
				k := i*n + int(j)
				pre := decay.At(t - r.lastArr[k])
				if add {
					pre = r.xAt[k] * pre
				}
				r.rule.fire(&r.m.W[k], pre, t, last)
			}
			r.rule.fired(int(j), t, last)
		}
	}
	r.ek.Reset(&r.exc, t, espk)
	r.ik.Reset(&r.inh, t, ispk)
	for _, j := range espk {
		r.counts[j]++
	}
	if r.observe != nil {
		r.observe(t, in, espk, ispk)
	}
	r.t++
}

// present is Sim.Present's protocol, written out plainly.
func (r *refSim) present(img []byte, purpose, k uint64, counts []int32) network.Outcome {
	rng := rand.New(network.SeedPCG(new(rand.PCG), r.cfg.Seed, purpose, k))
	if r.learn {
		r.schedule(k)
	}
	present, rest := r.cfg.Steps()
	out := network.Outcome{Intensity: r.cfg.Intensity}
	for {
		if st, ok := r.rule.(interface{ startPresentation([]float32) }); ok && r.learn {
			st.startPresentation(r.m.W)
		}
		if r.learn && r.cfg.Plasticity.Params.Normalizes() {
			learning.Normalize(r.m.W, r.n, r.cfg.NormTotal, make([]float64, r.n), math.MaxFloat32, nil)
		}
		r.enc.Encode(img, out.Intensity, rng, &r.train)
		out.InputSpikes += r.train.Len()
		out.Presentations++
		for t := 0; t < present; t++ {
			r.step(r.train.At(t))
		}
		total := 0
		for _, c := range r.counts {
			total += int(c)
		}
		accept := total >= r.cfg.MinSpikes
		last := out.Presentations > r.cfg.MaxRepeats
		if accept || last {
			copy(counts, r.counts)
			out.Spikes, out.Silent = total, !accept
		}
		for j := range r.counts {
			r.counts[j] = 0
		}
		for t := 0; t < rest; t++ {
			r.step(nil)
		}
		if accept || last {
			return out
		}
		out.Intensity += r.cfg.IntensityStep
	}
}

// schedule sets w_ie and the rule's rates for the example after g examples,
// as Schedule's formulas say, written out: w_ie·(f₀ + (1 − f₀)·g/G) before
// G_inh, and the rule built anew from constants whose rates are multiplied
// by r^(min(g, G_rate)/G_rate), its per-neuron trace carried over.
func (r *refSim) schedule(g uint64) {
	sc := r.cfg.Schedule
	r.wIE = float32(r.cfg.WIE)
	if G := sc.InhibitionExamples; G > 0 && int64(g) < G {
		r.wIE = float32(r.cfg.WIE * (sc.InhibitionFrom + (1-sc.InhibitionFrom)*float64(g)/float64(G)))
	}
	if G := sc.RateExamples; G > 0 {
		f := math.Pow(sc.RateTo, float64(min(int64(g), G))/float64(G))
		cfg := *r.cfg
		cfg.Plasticity = learning.Plasticity{Params: r.cfg.Plasticity.Params.(learning.RateScaler).WithRates(f)}
		next := refRules[cfg.Plasticity.Rule()](&cfg, r.n)
		if old, ok := r.rule.(*refPrePost); ok {
			copy(next.(*refPrePost).xPost, old.xPost)
		}
		r.rule = next
	}
}

// refRule is a learning rule written out literally for refSim, one synapse
// at a time. Each rule's reference registers itself in refRules from its
// own file.
type refRule interface {
	preTrace() (decay learning.Trace, add bool)
	actsOnArrival() bool
	// arrive updates one synapse of neuron j at an arrival at step t; last
	// is j's last spike before t.
	arrive(w *float32, j int, t, last int64)
	// fire updates one synapse, with presynaptic trace pre, of a neuron
	// that fires at step t after its last spike at last.
	fire(w *float32, pre float32, t, last int64)
	// fired follows the updates of all synapses of neuron j.
	fired(j int, t, last int64)
}

var refRules = map[string]func(cfg *network.Config, n int) refRule{}

// refTriplet is the original code's rule, through the rule's own updates
// (learning's tests check them by hand).
type refTriplet struct{ r *learning.TripletRule }

func init() {
	refRules["triplet"] = func(cfg *network.Config, n int) refRule {
		return refTriplet{cfg.Plasticity.Params.(*learning.Triplet).Tabulate(cfg.Dt)}
	}
}

func (r refTriplet) preTrace() (learning.Trace, bool) { return r.r.PreTrace() }
func (r refTriplet) actsOnArrival() bool              { return true }
func (r refTriplet) arrive(w *float32, j int, t, last int64) {
	r.r.Depress(w, r.r.Post1.At(t-last))
}
func (r refTriplet) fire(w *float32, pre float32, t, last int64) {
	r.r.Potentiate(w, pre, r.r.Post2.At(t-last))
}
func (r refTriplet) fired(int, int64, int64) {}
