// Package visual draws what a network learned: pictures made with the
// standard image packages, sized for any number of neurons.
package visual
