package experiment

import (
	"spikemnist/network"
	"spikemnist/network/cpu"
)

// engineOr is the engine maker given, or the CPU engine where none is.
func engineOr(e network.EngineMaker) network.EngineMaker {
	if e == nil {
		return cpu.New
	}
	return e
}

// setWorkers spreads an engine's work over k goroutines where it can
// (network.Parallel); an engine that cannot runs as it does.
func setWorkers(e network.Engine, k int) {
	if p, ok := e.(network.Parallel); ok {
		p.SetWorkers(k)
	}
}

// workersOf is how many goroutines do an engine's work.
func workersOf(e network.Engine) int {
	if p, ok := e.(network.Parallel); ok {
		return p.Workers()
	}
	return 1
}
