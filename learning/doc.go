// Package learning holds the plasticity of the input→excitatory synapses:
// the trace-based STDP rule the original Diehl & Cook code runs, and the
// per-neuron weight normalisation applied before every training
// presentation.
//
// The rule (all traces are set to 1 on a spike, not incremented, and decay
// exactly, exp(−Δt/τ)):
//
//	presynaptic spike arrives at synapse (i, j):  x_pre,ij ← 1;  w_ij ← clip(w_ij − NuPre·post1_j)
//	neuron j fires:  w_ij ← clip(w_ij + NuPost·x_pre,ij·post2_j)  for every i,
//	                 using post2_j as it was just before this spike;
//	                 then post1_j ← 1, post2_j ← 1
//
// clip bounds a weight to [WMin, WMax] after every single update. Because a
// trace only ever jumps to 1, its value is a function of the time since the
// last jump; Trace tabulates that function so that no trace is ever stepped.
package learning
