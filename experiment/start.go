package experiment

import (
	"fmt"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/network"
)

// StartModel makes the network a new run of cfg begins with, as
// cfg.WeightStart says: random, from the images of train (their pixels
// only: the labels are never read), or grown from the checkpoint it names.
func StartModel(cfg *network.Config, train *dataset.Set) (*network.Model, error) {
	m := network.NewModel(cfg, train.Shape.Pixels())
	switch s := cfg.WeightStart; s.Kind {
	case network.StartData:
		if train.Len() == 0 {
			return nil, fmt.Errorf("a data start needs training images, and the set is empty")
		}
		if err := m.StartFromImages(cfg, train.Pixels[:train.Len()*train.Shape.Pixels()]); err != nil {
			return nil, err
		}
	case network.StartGrow:
		c, _, src, err := checkpoint.LoadNetwork(CheckpointPath(s.From))
		if err != nil {
			return nil, fmt.Errorf("weight start: %w", err)
		}
		if err := c.Shape.Takes(train.Shape); err != nil {
			return nil, fmt.Errorf("weight start: %s: %w", s.From, err)
		}
		if err := m.GrowFrom(cfg, src); err != nil {
			return nil, fmt.Errorf("weight start: %s: %w", s.From, err)
		}
	}
	return m, nil
}
