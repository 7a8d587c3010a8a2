package network

// Engine is a simulator of the network, the seam between the model and the
// loops that train and evaluate it (package experiment). Sim, the
// event-driven CPU engine of this package, is the first; another (frozen
// only, batched, on an accelerator) stands beside it by meeting the same
// contract, written down in the package documentation under Engines.
type Engine interface {
	// Present shows one example and writes each excitatory neuron's
	// spikes for it into counts (see Presentations in the package doc).
	Present(img []byte, purpose, k uint64, counts []int32) Outcome
	// Rested puts every neuron at rest, as evaluation's blocks start.
	Rested()
	// State and SetState carry the run between two examples.
	State() (State, error)
	SetState(State) error
	// SetWorkers spreads the work over k goroutines, with identical
	// results; Workers says how many there are.
	SetWorkers(k int)
	Workers() int
	// CheckFinite reports a NaN or infinity in the state (and, if weights,
	// in the model).
	CheckFinite(weights bool) error
	// Close ends the workers.
	Close()
}

// EngineMaker makes an engine over model m: learning (training: it updates
// m's weights and θ in place) or frozen (evaluation: it never writes m).
type EngineMaker func(cfg *Config, m *Model, learn bool) Engine

// CPU makes the event-driven engine of this package, Sim.
func CPU(cfg *Config, m *Model, learn bool) Engine { return NewSim(cfg, m, learn) }

var _ Engine = (*Sim)(nil)
