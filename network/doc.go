// Package network simulates the Diehl & Cook (2015) network: Poisson inputs,
// one per pixel (784 for MNIST), N excitatory neurons fed by plastic, delayed input synapses, and N
// inhibitory neurons, each driven by its excitatory partner and inhibiting
// every other excitatory neuron.
//
// # One time step
//
// The order of work within a step, followed by every engine (in package cpu
// by part.step and by nothing else),
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
// A new rule is one file in package learning (its Params, its compiled
// Rule, a Register call) and one literal reference in the engine's tests
// (package cpu, refRules); the engine does not change. A rule acts at three points:
// arrivals (Rule.Arrive), excitatory spikes (Rule.Fire) and the start of a
// presentation (learning.Presenter, optional); rule_fifth_test.go defines
// one such rule in the tests.
//
// # Presentations
//
// An engine's Present shows one example: (training) let a rule that acts at the
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
// experiment.EvalOptions.Engine) reach the simulation through Engine; the
// event-driven CPU engine is package cpu below this one (cpu.New), which
// also holds the literal reference engine of the tests. Every engine must:
//
//   - follow the step order above and the presentation protocol below,
//     drawing example k's input spikes from the stream (Seed, purpose, k),
//     so that it matches the literal reference engine of package cpu's
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
