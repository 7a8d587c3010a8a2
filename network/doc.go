// Package network simulates the Diehl & Cook (2015) network: 784 Poisson
// inputs, N excitatory neurons fed by plastic, delayed input synapses, and N
// inhibitory neurons, each driven by its excitatory partner and inhibiting
// every other excitatory neuron.
//
// # One time step
//
// The order of work within a step, followed by Sim.step and by nothing else,
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
//  4. Plasticity (training only): input spikes arriving at their synapses in
//     this step set the synapse's pre trace to 1 and depress w by
//     NuPre·post1 (post1 read before this step's spikes); then every
//     excitatory neuron that fired potentiates its synapses by
//     NuPost·pre·post2, post2 read just before its spike, and its post traces
//     become 1. Every update clips w to [WMin, WMax].
//  5. Reset: v of a fired excitatory neuron goes to VReset and, while
//     learning, θ += ThetaPlus; fired inhibitory neurons were already set to
//     their clamp potential.
//
// Sim.step does the per-neuron work of 1–3 for the excitatory neurons in one
// sweep over a range of neurons (integration, the ring cells of those
// neurons, their inhibition), so that the range can be split over cores
// and walked in tiles that keep their ring cells in cache; those parts
// touch disjoint state, so this is the order above. Each ring
// row due at the end of a step is added to g_e inside the next step's
// integration loop, which is the first time it has an effect.
//
// # Events, not sweeps
//
// Only the membrane update is a sweep over all neurons. Inputs are drawn as
// events (package encoding); synaptic delivery touches one weight row per
// input spike; traces are never stepped, but read from the time since their
// last jump; potentiation reads each synapse's last arrival from a short
// history of its input's spike times. Depression is applied only where it
// can matter: to neurons whose post1 trace may still be above
// Config.DepressionFloor (they fired recently), and, because every update
// also clips, to synapses that normalisation pushed above WMax.
//
// # Presentations
//
// Sim.Present shows one example: (training) normalise every neuron's input
// weights to NormTotal, present the image for Present ms, count the
// excitatory spikes since the last count, rest for Rest ms with no input.
// With fewer than MinSpikes spikes the intensity rises by IntensityStep and
// the example is shown again, at most MaxRepeats times. Nothing is reset
// between examples, so spikes fired during a rest count towards the next
// example, as in the original.
package network
