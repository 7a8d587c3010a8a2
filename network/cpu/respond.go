package cpu

import (
	"context"

	"spikemnist/dataset"
	"spikemnist/network"
)

// Respond is network.RespondOn with this package's engine: the frozen model
// over every example of set on workers goroutines (all cores if workers ≤
// 0), visit called with each example's index, spike counts and outcome.
func Respond(ctx context.Context, cfg *network.Config, m *network.Model, set *dataset.Set, purpose uint64, workers int,
	visit func(k int, counts []int32, o network.Outcome)) error {
	return network.RespondOn(ctx, New, cfg, m, set, purpose, workers, visit)
}
