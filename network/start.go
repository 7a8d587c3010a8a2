package network

import (
	"fmt"
	"math"
)

// WeightStart is how a run's input weights begin. The zero value, like
// every configuration saved before it existed, is the random start.
//
//   - StartRandom: the paper's and the original code's: w = WInit·(U +
//     WInitShift), U uniform in [0, 1).
//   - StartData: each neuron starts as a training image of its own, drawn by
//     the seed from the images the run trains on (never from their labels):
//     w_i ∝ Floor + (1 − Floor)·x_i/255, scaled to the weight a neuron's
//     inputs sum to while training (NormTotal with a rule that normalises,
//     the random start's mean sum otherwise). A large network's neurons
//     each win too rarely to move far from a random start in an epoch; from
//     a digit they start where learning would take them.
//   - StartGrow: from a trained network of the same inputs (From): neuron j
//     copies neuron j mod N_from, each weight multiplied by 1 + Noise·(2U − 1)
//     so that the copies can part, and its θ.
//
// Delays are drawn as in the random start whatever the kind.
type WeightStart struct {
	Kind  string  `json:"kind"`            // StartRandom, StartData or StartGrow
	Floor float64 `json:"floor,omitempty"` // data: a dark pixel's weight as a fraction of a bright one's, in [0, 1]
	Noise float64 `json:"noise,omitempty"` // grow: relative spread of each copied weight, in [0, 1]
	From  string  `json:"from,omitempty"`  // grow: the checkpoint grown from, as given
}

// Weight start kinds.
const (
	StartRandom = "random"
	StartData   = "data"
	StartGrow   = "grow"
)

// DefaultGrowNoise is the relative noise of a grown start unless set.
const DefaultGrowNoise = 0.05

// IsRandom reports whether the start is the random one (also the zero value).
func (s WeightStart) IsRandom() bool { return s.Kind == "" || s.Kind == StartRandom }

// String describes the start in a few words, for logs and inspect.
func (s WeightStart) String() string {
	switch s.Kind {
	case StartData:
		return fmt.Sprintf("data (each neuron a training image drawn by the seed, floor %g)", s.Floor)
	case StartGrow:
		return fmt.Sprintf("grown from %s (noise %g)", s.From, s.Noise)
	}
	return "random (the original's)"
}

func (s WeightStart) validate() error {
	switch {
	case !s.IsRandom() && s.Kind != StartData && s.Kind != StartGrow:
		return fmt.Errorf("weight_start.kind must be %q, %q or %q, not %s", StartRandom, StartData, StartGrow, quoteShort(s.Kind))
	case !(s.Floor >= 0 && s.Floor <= 1):
		return fmt.Errorf("weight_start.floor must be in [0, 1], not %v", s.Floor)
	case !(s.Noise >= 0 && s.Noise <= 1):
		return fmt.Errorf("weight_start.noise must be in [0, 1], not %v", s.Noise)
	case len(s.From) > 4096:
		return fmt.Errorf("weight_start.from is %d bytes long: not a path", len(s.From))
	case s.Kind == StartGrow && s.From == "":
		return fmt.Errorf("weight_start.kind %q needs weight_start.from, the checkpoint to grow from", StartGrow)
	}
	return nil
}

// quoteShort quotes v, cut to 40 bytes, so that an error line stays a line.
func quoteShort(v string) string {
	if len(v) > 40 {
		return fmt.Sprintf("%q… (%d bytes)", v[:40], len(v))
	}
	return fmt.Sprintf("%q", v)
}

// startSum is what a started neuron's input weights sum to: what training
// normalises them to, or the random start's mean.
func (c *Config) startSum(inputs int) float64 {
	if c.Plasticity.Params.Normalizes() {
		return c.NormTotal
	}
	return float64(inputs) * c.WInit * (0.5 + c.WInitShift)
}

// StartFromImages sets every neuron's input weights from an image of its
// own (StartData): images holds count = len(images)/m.Inputs images,
// row-major, 0–255, and nothing else, so no label can be read. Neuron j gets
// the image at position j of a permutation of the images drawn from
// cfg.Seed (a fresh permutation for each further count neurons, when there
// are more neurons than images). A blank image leaves its neuron's random
// weights.
func (m *Model) StartFromImages(cfg *Config, images []byte) error {
	count := len(images) / m.Inputs
	if count == 0 || len(images)%m.Inputs != 0 {
		return fmt.Errorf("a data start needs images of %d pixels, got %d bytes", m.Inputs, len(images))
	}
	r := stream(cfg.Seed, purposeStart, 0)
	var perm []int
	floor, sum := cfg.WeightStart.Floor, cfg.startSum(m.Inputs)
	wmax := cfg.TrainedWeightBound()
	col := make([]float64, m.Inputs)
	for j := range m.N {
		if j%count == 0 {
			perm = r.Perm(count)
		}
		img := images[perm[j%count]*m.Inputs:][:m.Inputs]
		total := 0.0
		for i, x := range img {
			col[i] = floor + (1-floor)*float64(x)/255
			total += col[i]
		}
		if total == 0 {
			continue
		}
		for i, v := range col {
			m.W[i*m.N+j] = float32(min(v*sum/total, wmax))
		}
	}
	m.Wrote()
	return nil
}

// GrowFrom sets m's weights and θ from the trained network src (StartGrow):
// neuron j copies neuron j mod src.N, each weight times 1 + noise·(2U − 1),
// U drawn from cfg.Seed.
func (m *Model) GrowFrom(cfg *Config, src *Model) error {
	if src.Inputs != m.Inputs || src.N < 1 {
		return fmt.Errorf("cannot grow a network of %d inputs from one of %d inputs and %d neurons", m.Inputs, src.Inputs, src.N)
	}
	r := stream(cfg.Seed, purposeStart, 1)
	noise, wmax := cfg.WeightStart.Noise, cfg.TrainedWeightBound()
	for i := range m.Inputs {
		row, from := m.W[i*m.N:][:m.N], src.W[i*src.N:][:src.N]
		for j := range row {
			w := float64(from[j%src.N]) * (1 + noise*(2*r.Float64()-1))
			row[j] = float32(min(max(w, 0), wmax))
		}
	}
	for j := range m.Theta {
		m.Theta[j] = src.Theta[j%src.N]
	}
	m.Wrote()
	return nil
}

// TrainedWeightBound is the largest weight a rule leaves after a
// presentation: w_max, or norm_total for a rule that normalises, since
// normalisation may lift a weight above w_max. A started network keeps
// within it too; checkpoint loading checks weights against it.
func (c *Config) TrainedWeightBound() float64 {
	b := c.Plasticity.Params.MaxWeight()
	if c.Plasticity.Params.Normalizes() {
		b = max(b, c.NormTotal)
	}
	return b
}

// Moved returns each neuron's Σ_i |w_ij − start_ij| / Σ_i start_ij: how far
// its field has moved from start, weights of the same layout (0 for a
// neuron that started with no weight).
func (m *Model) Moved(start []float32) []float64 {
	d, s := make([]float64, m.N), make([]float64, m.N)
	for i := range m.Inputs {
		row, from := m.W[i*m.N:][:m.N], start[i*m.N:][:m.N]
		for j, w := range row {
			d[j] += math.Abs(float64(w) - float64(from[j]))
			s[j] += float64(from[j])
		}
	}
	for j := range d {
		if s[j] > 0 {
			d[j] /= s[j]
		} else {
			d[j] = 0
		}
	}
	return d
}
