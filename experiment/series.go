package experiment

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
)

// numbered is the file name of the network kept after seen examples.
func numbered(seen int64) string { return fmt.Sprintf("checkpoint-%d.npz", seen) }

// Kept lists the numbered checkpoints in dir, by examples seen.
func Kept(dir string) ([]string, []int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	type kept struct {
		path string
		seen int64
	}
	var ks []kept
	for _, e := range entries {
		name := e.Name()
		num, ok := strings.CutPrefix(name, "checkpoint-")
		if !ok || !strings.HasSuffix(num, ".npz") {
			continue
		}
		seen, err := strconv.ParseInt(strings.TrimSuffix(num, ".npz"), 10, 64)
		if err != nil || seen < 0 || numbered(seen) != name {
			continue
		}
		ks = append(ks, kept{filepath.Join(dir, name), seen})
	}
	slices.SortFunc(ks, func(a, b kept) int { return int(a.seen - b.seen) })
	paths, seens := make([]string, len(ks)), make([]int64, len(ks))
	for i, k := range ks {
		paths[i], seens[i] = k.path, k.seen
	}
	return paths, seens, nil
}

// keep saves the network as checkpoint-SEEN.npz and removes the oldest
// numbered checkpoints beyond opt.Keep.
func (t *Trainer) keep(seen int64) error {
	c, err := checkpoint.New(t.cfg, t.model, t.shape, seen, t.sum.Epoch, nil)
	if err != nil {
		return err
	}
	dir := filepath.Dir(t.ckpt)
	if err := checkpoint.Save(filepath.Join(dir, numbered(seen)), c); err != nil {
		return err
	}
	paths, _, err := Kept(dir)
	if err != nil {
		return err
	}
	for _, p := range paths[:max(0, len(paths)-t.opt.Keep)] {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// SeriesPoint is the test accuracy of the network kept after Examples.
type SeriesPoint struct {
	Checkpoint  string  `json:"checkpoint"`
	Examples    int64   `json:"examples"`
	AllActivity float64 `json:"accuracy_all_activity_percent"`
	Proportion  float64 `json:"accuracy_proportion_percent"`
}

// EvaluateSeries evaluates every numbered checkpoint of a run folder
// (TrainOptions.Keep) on the same data, labels saved into none of them, and
// returns test accuracy against training examples. visit, if set, sees
// each point as it is measured.
func EvaluateSeries(ctx context.Context, dir string, assign, test *dataset.Set, opt EvalOptions, visit func(SeriesPoint)) ([]SeriesPoint, error) {
	paths, seens, err := Kept(dir)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s holds no numbered checkpoints (train with -keep K to keep them)", dir)
	}
	var out []SeriesPoint
	for i, p := range paths {
		ck, cfg, m, err := checkpoint.LoadNetwork(p)
		if err != nil {
			return nil, err
		}
		if err := takes(ck, p, assign, test); err != nil {
			return nil, err
		}
		rep, _, err := Evaluate(ctx, cfg, m, assign, test, opt)
		if err != nil {
			return nil, err
		}
		pt := SeriesPoint{Checkpoint: p, Examples: seens[i], AllActivity: rep.Spread[0].Mean, Proportion: rep.Spread[1].Mean}
		out = append(out, pt)
		if visit != nil {
			visit(pt)
		}
	}
	return out, nil
}
