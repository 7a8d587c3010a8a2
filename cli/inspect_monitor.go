package cli

import (
	"fmt"
	"path/filepath"

	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/network"
	"spikemnist/results"
)

// record shows example k of the split to the frozen network, exactly as
// evaluation draws its input, and writes the picture and the data.
func record(cfg *network.Config, m *network.Model, sh dataset.Shape, classes []int8, data dataFlags, split string, k int, dir string) ([]string, error) {
	set, err := data.loadSplit(split)
	if err != nil {
		return nil, err
	}
	if err := sh.Takes(set.Shape); err != nil {
		return nil, fmt.Errorf("%v %s", err, shapeHint)
	}
	if k >= set.Len() {
		return nil, fmt.Errorf("-monitor %d: the %s set has %d examples", k, split, set.Len())
	}
	purpose := network.PurposeTest
	if split == "train" {
		purpose = network.PurposeAssign
	}
	ex, err := experiment.RecordExample(cfg, m, sh, set, purpose, k, nil)
	if err != nil {
		return nil, err
	}
	if classes != nil {
		ex.Info.Answer = results.FromClasses(classes, sh.Classes).AllActivity(ex.Rec.Counts)
	}
	return ex.Write(filepath.Join(dir, fmt.Sprintf("example-%s-%d", split, k)))
}
