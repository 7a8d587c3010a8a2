package sweep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"spikemnist/experiment"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/readfile"
)

// Dir is a sweep folder: the sweep it was made from and its runs.
type Dir struct {
	Path string
	Spec *Spec
	Runs []Run
}

const (
	specFile  = "sweep.json"
	indexFile = "index.json"
)

// Create makes (or reopens) the sweep folder path for the sweep file at
// specPath. A folder made from a different sweep file is refused unless
// force is set, so that runs of one sweep are never mixed with another's.
func Create(path, specPath string, force bool) (*Dir, error) {
	s, raw, err := ReadSpec(specPath)
	if err != nil {
		return nil, err
	}
	if old, err := readfile.Read(filepath.Join(path, specFile), maxSpec); err == nil && !bytes.Equal(old, raw) && !force {
		return nil, fmt.Errorf("%s was made from another sweep file than %s; choose another -out, or pass -force to use it anyway (runs whose parameters match are kept)", path, specPath)
	}
	runs, err := s.Expand()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(path, "runs"), 0o755); err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(filepath.Join(path, specFile), raw); err != nil {
		return nil, err
	}
	idx, _ := json.MarshalIndent(indexOf(path, runs), "", "  ")
	if err := atomicfile.WriteBytes(filepath.Join(path, indexFile), append(idx, '\n')); err != nil {
		return nil, err
	}
	return &Dir{Path: path, Spec: s, Runs: runs}, nil
}

// Open reads a sweep folder that Create made.
func Open(path string) (*Dir, error) {
	s, _, err := ReadSpec(filepath.Join(path, specFile))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%s is not a sweep folder (no %s)", path, specFile)
		}
		return nil, err
	}
	runs, err := s.Expand()
	if err != nil {
		return nil, err
	}
	return &Dir{Path: path, Spec: s, Runs: runs}, nil
}

type indexEntry struct {
	Run
	Folder string `json:"folder"`
}

func indexOf(path string, runs []Run) []indexEntry {
	var idx []indexEntry
	for _, r := range runs {
		idx = append(idx, indexEntry{r, filepath.Join("runs", r.Name)})
	}
	return idx
}

// Folder is run r's folder.
func (d *Dir) Folder(r *Run) experiment.Folder {
	return experiment.Folder(filepath.Join(d.Path, "runs", r.Name))
}

// File is the path of name in the sweep folder.
func (d *Dir) File(name string) string { return filepath.Join(d.Path, name) }
