// Package network simulates the Diehl & Cook (2015) network: Poisson inputs,
// one per pixel (784 for MNIST), N excitatory neurons fed by plastic, delayed input synapses, and N
// inhibitory neurons, each driven by its excitatory partner and inhibiting
// every other excitatory neuron.
//
// # One time step
//
// The order of work within a step, followed by part.step and by nothing else,
// is that of the original Brian 1 code:
//
//  1. Integrate: every excitatory and inhibitory neuron advances one forward
//     Euler step from the state at the start of the step (θ decays too while
//     learning). Neurons above threshold and out of their refractory period
//     fire; an inhibitory neuron's refractory clamp is applied.
//  2. Input: each input spiking in this step adds, for every neuron j, its
//     weight w_ij as it is now into the delay ring slot d_ij steps ahead.
//     Then this step's slot is added to the excitatory g_e, so a delay of 0
//     arrives in the emission step and first moves v in the next one.
//  3. Lateral: each excitatory spike adds WEI to its partner's g_e; each
//     inhibitory spike adds WIE to g_i of every excitatory neuron but its
//     partner.
//  4. Plasticity (training only), by the configured learning rule
//     (Config.Plasticity, package learning), at two points: first
//     Rule.Arrive for the input spikes that reach their synapses in this
//     step (each arrival also moves the synapse's presynaptic trace: set to
//     1 or incremented by 1, as the rule says; post traces are read as they
//     were before this step's spikes), then Rule.Fire for every excitatory
//     neuron that fired, with each synapse's presynaptic trace, an arrival
//     of this step included, and the neuron's previous spike time (for
//     post traces just before this spike). The triplet rule (the
//     original's) depresses by NuPre·post1 at arrivals and potentiates by
//     NuPost·pre·post2 at spikes; every update clips w to [WMin, WMax].
//  5. Reset: v of a fired excitatory neuron goes to VReset and, while
//     learning, θ += ThetaPlus; fired inhibitory neurons were already set to
//     their clamp potential.
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
// this is the order above for any number of parts. Parts touch disjoint
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
// be above Config.DepressionFloor (they fired recently; Rule.ArrivalSpan),
// and, because every update also clips, to synapses that normalisation
// pushed above WMax. Rules that act only on postsynaptic spikes (power-law,
// exponential) schedule nothing at arrivals.
//
// A new rule is one file in package learning (its Params, its compiled
// Rule, a Register call) and one literal reference in this package's tests
// (refRules); the engine does not change. A rule acts at three points:
// arrivals (Rule.Arrive), excitatory spikes (Rule.Fire) and the start of a
// presentation (learning.Presenter, optional); rule_fifth_test.go defines
// one such rule in the tests.
//
// # Presentations
//
// Sim.Present shows one example: (training) let a rule that acts at the
// start of a presentation (learning.Presenter) do so, then, with a rule
// that normalises, rescale every neuron's input weights to NormTotal; present the image for Present ms, count the
// excitatory spikes since the last count, rest for Rest ms with no input.
// With fewer than MinSpikes spikes the intensity rises by IntensityStep and
// the example is shown again, at most MaxRepeats times. Nothing is reset
// between examples, so spikes fired during a rest count towards the next
// example, as in the original.
//
// # Engines
//
// Training (experiment.TrainOptions.Engine) and evaluation (RespondOn,
// experiment.EvalOptions.Engine) reach the simulation through Engine; Sim
// is the CPU engine. Every engine must:
//
//   - follow the step order above and the presentation protocol below,
//     drawing example k's input spikes from the stream (Seed, purpose, k),
//     so that it matches the literal reference engine of this package's
//     tests (refSim) spike for spike and weight for weight on real digits,
//     for every learning rule and schedule (TestFastEngineMatchesReference,
//     TestRulesMatchReference; within a stated tolerance only where a
//     shortcut such as DepressionFloor is on);
//   - give bit-identical results for any number of workers
//     (TestWorkersMatchOneWorker, TestWorkersRunAlone);
//   - carry a run between two examples in State, so that a run stopped and
//     resumed ends bit-identical to one never stopped;
//   - when frozen, never write the Model, so that evaluation's engines may
//     share one.
package network
