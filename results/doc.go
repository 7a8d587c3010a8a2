// Package results turns the spike counts of a frozen network into labels and
// accuracy: each excitatory neuron is assigned the class it answers most,
// and a digit is classified by the assigned groups' responses.
//
// Two votes are offered. AllActivity is the paper's: the mean count of each
// class's neurons. Proportion is BindsNET's proportion weighting: each
// neuron's count weighted by the share of its responses that went to the
// class. Both rank classes by score and break ties towards the higher class,
// as numpy's stable argsort does in the original evaluation script.
package results
