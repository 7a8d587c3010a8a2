// Package checkpoint saves and loads a trained network as a NumPy .npz
// archive, so that Python reads it with numpy alone:
//
//	import numpy as np, json
//	z = np.load("checkpoint.npz")
//	W, theta = z["weights"], z["theta"]        # (784, N) float32, (N,) float64 in mV
//	config = json.loads(str(z["config"]))
//
// Arrays: weights (P×N float32, input i → neuron j at [i, j], P the pixels
// of an image: 784 for MNIST), delays (P×N uint8, in time steps), theta (N
// float64, mV), assignments (N int8, −1 for a neuron without a class; absent
// until labelled), image_shape (rows, cols int64) and classes (int64) of the
// data set trained on (absent from older files, which are MNIST's: 28, 28,
// 10), and the scalars format_version, seed, examples_seen and epoch, plus
// config (the run's configuration as a JSON string, its learning rule under
// "plasticity").
// A training run's state for resuming is in the run_* arrays; with a rule
// that keeps them, run_input_trace (P float32: each input's presynaptic
// trace just after its last spike) and run_rule_state (N float32, the
// rule's own state, e.g. the pre-post rule's postsynaptic traces); after the
// first window, run_labelled, run_labelled_rates (N × classes float64) and
// run_window_correct_proportion, and run_window_wins (N int32, the window's
// wins per neuron) (optional: older files lack them). Format
// version 2; version 1 files (triplet rule only) are read as well.
// New and Checkpoint.Network convert between a network and its checkpoint;
// the run section holds the Sim's own network.State (NewRun).
// Files are written atomically and checked
// on load: zip CRCs, array types and shapes, finite values, ranges.
package checkpoint
