// Package learning holds the plasticity of the input→excitatory synapses:
// the learning rules, each a value chosen by the configuration, and the
// per-neuron weight normalisation applied before every training
// presentation when the rule asks for it.
//
// A rule is one file: a Params type (its constants, with units, as a
// configuration names them), the Rule it compiles to (its own state kept
// there), and a Register call. The engine (package network) calls a Rule at
// two points of a time step, Arrive for presynaptic arrivals and Fire for
// postsynaptic spikes, and keeps the presynaptic traces itself. The rules:
//
//	triplet      the original code's (reference §1.8): traces set to 1;
//	             arrival w −= NuPre·post1; spike w += NuPost·x_pre·post2; normalised
//	power-law    the paper's Eq. 3: spike only, Δw = η·(x_pre − x_tar)·(w_max − w)^μ
//	exponential  Eq. 4: spike only, Δw = η·(x_pre·e^(−βw) − x_tar·e^(−β(w_max − w)))
//	pre-post     Eqs. 5–6: arrival Δw = −η_pre·x_post·w^μ; spike as power-law
//
// Every update clips w to [0 (w_min), w_max]. A trace's value is a function of
// the time since its last jump (and, for incremented traces, of its value
// then); Trace tabulates the decay so that no trace is ever stepped.
package learning
