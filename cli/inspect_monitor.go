package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/network"
	"spikemnist/results"
	"spikemnist/visual"
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
	rec := network.RecordInSet(cfg, m, set, purpose, k, 4)
	base := filepath.Join(dir, fmt.Sprintf("example-%s-%d", split, k))
	info := visual.MonitorInfo{Image: set.Image(k), Shape: sh, Label: int(set.Labels[k]), Answer: -1, Neurons: m.N, PresentMs: cfg.Present, PeriodMs: cfg.Present + cfg.Rest}
	if classes != nil {
		info.Answer = results.FromClasses(classes, sh.Classes).AllActivity(rec.Counts)
	}
	if err := atomicfile.Write(base+".png", func(w io.Writer) error { return visual.MonitorPNG(w, rec, info) }); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(base+".npz", func(w io.Writer) error { return checkpoint.WriteRecording(w, rec) }); err != nil {
		return nil, err
	}
	return []string{base + ".png", base + ".npz"}, nil
}
