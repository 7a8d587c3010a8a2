package experiment

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/runlock"
	"spikemnist/network"
)

// ErrOtherData is wrapped by HeldRun.Open's error when a saved run was trained
// on images of another shape than the data given.
var ErrOtherData = errors.New("another data set")

// Opening says which run HeldRun.Open opens.
type Opening struct {
	// Config is the run to train; nil continues the saved run, whatever
	// its configuration.
	Config *network.Config
	// Force replaces a saved run with a new one of Config.
	Force bool
	// Reuse continues a saved run of Config (refusing one of another
	// configuration) instead of refusing it: what a sweep does with its
	// folders.
	Reuse bool
}

// HeldRun is a run folder held by this process for training: the one way
// every command and the sweep begin or continue a run is HoldRun, then
// Open.
type HeldRun struct {
	path    string
	release func()
}

// HoldRun takes the lock of the folder of the run whose checkpoint is at
// path (refusing, with an error wrapping runlock.ErrInUse, a folder another
// process holds) and removes what a killed writer left there, saying so on
// logw.
func HoldRun(path string, logw io.Writer) (*HeldRun, error) {
	release, err := runlock.Acquire(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	removeStale(logw, path, SummaryBeside(path))
	return &HeldRun{path: path, release: release}, nil
}

// Release lets other processes have the folder.
func (h *HeldRun) Release() { h.release() }

// Open returns the trainer of a new run of o.Config on train, or of the
// saved run resumed exactly where it stopped; nil when the saved run has
// already seen every example it is to train on. A new run's checkpoint is
// CheckpointFile in the held folder.
func (h *HeldRun) Open(o Opening, train *dataset.Set, opt TrainOptions) (*Trainer, error) {
	return openLocked(h.path, o, train, opt)
}

func openLocked(path string, o Opening, train *dataset.Set, opt TrainOptions) (*Trainer, error) {
	if o.Config != nil && !o.Reuse {
		return NewTrainer(o.Config, train, Folder(filepath.Dir(path)), o.Force, opt)
	}
	c, err := checkpoint.Load(path)
	switch {
	case o.Config != nil && errors.Is(err, os.ErrNotExist):
		return NewTrainer(o.Config, train, Folder(filepath.Dir(path)), false, opt)
	case err != nil:
		return nil, err
	}
	if sh := train.Shape; sh != c.Shape {
		return nil, fmt.Errorf("checkpoint %s is a run on images of %s, but the data are %s: %w", path, c.Shape, sh, ErrOtherData)
	}
	if o.Config != nil {
		if err := sameConfig(c, o.Config); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if c.ExamplesSeen >= int64(o.Config.Epochs)*int64(train.Len()) {
			return nil, nil
		}
	}
	return ResumeTrainer(path, c, opt)
}

// sameConfig checks that a checkpoint holds a run of cfg.
func sameConfig(c *checkpoint.Checkpoint, cfg *network.Config) error {
	want, _ := json.Marshal(cfg)
	saved, _, err := c.Network()
	if err != nil {
		return err
	}
	got, _ := json.Marshal(saved)
	if string(got) != string(want) {
		return errors.New("the run folder holds a run of another configuration; move it away to run this one")
	}
	return nil
}

// removeStale deletes what an earlier writer of these files left when it
// was killed in the middle of writing one; the caller holds the run lock.
func removeStale(logw io.Writer, paths ...string) {
	if logw == nil {
		logw = io.Discard
	}
	for _, p := range paths {
		removed, err := atomicfile.RemoveStale(p)
		for _, f := range removed {
			fmt.Fprintf(logw, "removed %s, left by an interrupted write\n", f)
		}
		if err != nil {
			fmt.Fprintf(logw, "warning: %v\n", err)
		}
	}
}
