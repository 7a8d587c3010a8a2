package experiment

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"spikemnist/internal/readfile"
)

// File names inside a run folder.
const (
	CheckpointFile = "checkpoint.npz"
	SummaryFile    = "train.json"
	EvalFile       = "eval.json"
	ReportFile     = "report.html"
)

// Folder is a run folder.
type Folder string

// Checkpoint is the path of the run's checkpoint.
func (f Folder) Checkpoint() string { return filepath.Join(string(f), CheckpointFile) }

// Summary is the path of the run's train.json.
func (f Folder) Summary() string { return filepath.Join(string(f), SummaryFile) }

// Eval is the path of the run's eval.json.
func (f Folder) Eval() string { return filepath.Join(string(f), EvalFile) }

// File is the path of name inside the folder.
func (f Folder) File(name string) string { return filepath.Join(string(f), name) }

// CheckpointPath is the checkpoint a command names by path: the run
// folder's checkpoint when path is a folder, else path itself.
func CheckpointPath(path string) string {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return Folder(path).Checkpoint()
	}
	return path
}

// SummaryBeside is the summary file of the checkpoint at path: train.json
// for a run folder's checkpoint.npz, NAME.train.json for another file
// NAME.npz, so that resuming a copy never writes over the run's own files.
func SummaryBeside(path string) string {
	dir, base := filepath.Split(path)
	if base == CheckpointFile {
		return filepath.Join(dir, SummaryFile)
	}
	return filepath.Join(dir, strings.TrimSuffix(base, ".npz")+"."+SummaryFile)
}

// maxJSON caps the JSON files of a run folder that are read back: far above
// what a run writes (a 15-epoch train.json is a few tens of KB).
const maxJSON = 16 << 20

// ReadSummary reads a train.json.
func ReadSummary(path string) (*Summary, error) { return readJSON[Summary](path) }

// readJSON reads a run folder's JSON file of at most maxJSON bytes.
func readJSON[T any](path string) (*T, error) {
	b, err := readfile.Read(path, maxJSON)
	if err != nil {
		return nil, err
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &v, nil
}
