// Package cpu is the event-driven CPU engine of package network: a Sim
// steps one network through the step order and presentation protocol
// written down in network's documentation, on one goroutine or several,
// with identical results. New is its network.EngineMaker; Respond runs
// evaluation on it. Its tests hold the literal reference engine (refSim)
// that defines the network, and every rule's literal reference.
//
// The Sim divides its neurons into parts, one per worker (SetWorkers), and
// each part does the whole step for its own neurons: one sweep over its
// excitatory neurons (integration, then their ring cells, walked in tiles
// that keep those cells in cache), the excitation of their inhibitory
// partners, this step's inhibition, its synapses' plasticity and its
// resets. An inhibitory neuron's step 1 depends only on its partner's
// spikes of the step before, so a part integrates its inhibitory neurons
// of step t+1 as soon as it has kicked them in step t (those of the first
// step of a run of steps at its start), and publishes their spikes then: a
// step before the other parts add them to g_i (part.step, split.go). Every
// neuron and synapse still sees the operations above in their order, so
// this is the order of network's documentation for any number of parts. Parts touch disjoint
// state; what crosses between them is only those inhibitory spikes. Each
// ring row due at the end of a step is added to g_e inside the next step's
// integration loop, which is the first time it has an effect.
//
// # Events, not sweeps
//
// Only the membrane update is a sweep over all neurons. Inputs are drawn as
// events (package encoding); synaptic delivery touches one weight row per
// input spike; traces are never stepped, but read from the time since their
// last jump; potentiation reads each synapse's last arrival from a short
// history of its input's spike times (and, for incremented traces, the
// input's trace just after each of them). A rule's arrival updates are
// applied only where they can matter: to neurons whose post trace may still
// be above network.Config.DepressionFloor (they fired recently; learning.Rule.ArrivalSpan),
// and, because every update also clips, to synapses that normalisation
// pushed above WMax. Rules that act only on postsynaptic spikes (power-law,
// exponential) schedule nothing at arrivals.
//
// # Shared model
//
// A learning Sim writes the Model's weights and θ in place; a frozen one
// keeps its own θ and never writes the Model, so that evaluation's Sims
// may share one. A Sim with several workers delivers from copies of the
// weights; a write from outside is announced with network.Model.Wrote and
// taken before the next example.
package cpu
