package network

import "spikemnist/dataset"

// Engine is a simulator of the network, the seam between the model and the
// loops that train and evaluate it (package experiment). It holds what
// every engine has; package cpu's event-driven engine is the first, and
// another (frozen only, batched, on an accelerator) stands beside it by
// meeting the same contract, written down in the package documentation
// under Engines. What only some engines can do is an optional interface:
// Parallel, Recorder.
type Engine interface {
	// Present shows one example and writes each excitatory neuron's
	// spikes for it into counts (see Presentations in the package doc).
	Present(img []byte, purpose, k uint64, counts []int32) Outcome
	// Rested puts every neuron at rest, as evaluation's blocks start.
	Rested()
	// State and SetState carry the run between two examples.
	State() (State, error)
	SetState(State) error
	// CheckFinite reports a NaN or infinity in the state (and, if weights,
	// in the model).
	CheckFinite(weights bool) error
	// Close releases what the engine holds (its workers).
	Close()
}

// Parallel is an engine that spreads one network's work over several
// goroutines, with results that do not depend on how many.
type Parallel interface {
	Engine
	// SetWorkers spreads the work over k goroutines, between examples.
	SetWorkers(k int)
	// Workers says how many goroutines do the work.
	Workers() int
}

// Recorder is an engine that can replay one example of a set as
// evaluation presented it (from the rested start of its evaluation block,
// through the block's earlier examples) and record every spike of it, with
// the potential and threshold of the traced most active neurons.
type Recorder interface {
	Engine
	RecordInSet(set *dataset.Set, purpose uint64, k, traced int) *Recording
}

// EngineMaker makes an engine over model m: learning (training: it updates
// m's weights and θ in place) or frozen (evaluation: it never writes m).
type EngineMaker func(cfg *Config, m *Model, learn bool) Engine

// Outcome describes how one example was presented.
type Outcome struct {
	Presentations int     // 1 + repeats
	Intensity     float64 // intensity of the accepted (or last) presentation
	Spikes        int     // excitatory spikes counted for the example
	Silent        bool    // still fewer than MinSpikes after MaxRepeats repeats
	InputSpikes   int     // input spikes over all presentations
}
