// Package encoding turns an image into input spike trains: each pixel drives
// one input neuron that fires as a Bernoulli process, with probability
// rate·dt in every time step (at most one spike per step), the rate being
// pixel × RateScale × intensity Hz. This is what Brian 1's PoissonGroup does.
//
// Spikes are drawn event by event, not step by step: the gap between two
// successes of a Bernoulli process is geometric, so each pixel costs one
// random draw per spike and dark pixels cost nothing.
package encoding
