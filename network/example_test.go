package network_test

import (
	"fmt"

	"spikemnist/dataset"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

// A network learns from one image: a thin vertical bar, shown three times.
// Too faint at first, each is shown again at a higher intensity until it
// evokes 5 spikes (the boost rule); one neuron wins them all (lateral
// inhibition). The same seed gives the same spikes on every machine.
func Example() {
	cfg := network.Default(10)
	m := network.NewModel(&cfg, dataset.Pixels)
	sim := cpu.NewSim(&cfg, m, true) // learning: weights and θ change
	bar := make([]byte, dataset.Pixels)
	for row := 4; row < 24; row++ {
		bar[row*28+14] = 255
	}
	counts := make([]int32, cfg.Neurons)
	for k := 0; k < 3; k++ {
		o := sim.Present(bar, network.PurposeTrain, uint64(k), counts)
		fmt.Printf("presentation %d: %d spikes after %d showing(s), counts %v\n", k, o.Spikes, o.Presentations, counts)
	}
	// Output:
	// presentation 0: 5 spikes after 5 showing(s), counts [0 0 0 0 0 5 0 0 0 0]
	// presentation 1: 6 spikes after 5 showing(s), counts [0 0 0 0 0 6 0 0 0 0]
	// presentation 2: 6 spikes after 5 showing(s), counts [0 0 0 0 0 6 0 0 0 0]
}
