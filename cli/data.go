package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"spikemnist/dataset"
)

// dataHelp is the -data flag's text, naming MNIST_DIR.
const dataHelp = "folder of the four data files in MNIST's names (gzip or plain); default $MNIST_DIR, else the user cache folder; MNIST is copied or downloaded there if missing"

// kindHelp is the -dataset flag's text.
const kindHelp = "what -data holds: mnist (the official files, each checked against its published sha256) or idx (a set of your own in MNIST's layout and file names: images of any size up to 32767 pixels, labels 0 … K−1 for up to 127 classes, no checksum)"

// dataFlags are the flags that say where the data set is and what it is.
type dataFlags struct {
	dir, kind *string
	fetch     *bool
}

// addDataFlags adds -data and -dataset to fs, and -fetch if fetch is set;
// dirHelp "" gives dataHelp.
func addDataFlags(fs *flag.FlagSet, dirHelp string, fetch bool) dataFlags {
	if dirHelp == "" {
		dirHelp = dataHelp
	}
	d := dataFlags{
		dir:   fs.String("data", dataset.DefaultDir(), dirHelp),
		kind:  fs.String("dataset", string(dataset.KindMNIST), kindHelp),
		fetch: new(bool),
	}
	if fetch {
		d.fetch = fs.Bool("fetch", true, "download MNIST into -data when it is missing (-dataset mnist only)")
	}
	return d
}

// Kind is the -dataset flag's value, checked.
func (d dataFlags) Kind() (dataset.Kind, error) {
	k, err := dataset.ParseKind(*d.kind)
	if err != nil {
		return "", fmt.Errorf("-dataset: %w", err)
	}
	return k, nil
}

// load reads both splits.
func (d dataFlags) load(ctx context.Context, logw io.Writer) (train, test *dataset.Set, err error) {
	k, err := d.Kind()
	if err != nil {
		return nil, nil, usageError(err.Error())
	}
	return dataset.LoadAll(ctx, *d.dir, k, *d.fetch, logw)
}

// loadSplit reads one split.
func (d dataFlags) loadSplit(split string) (*dataset.Set, error) {
	k, err := d.Kind()
	if err != nil {
		return nil, usageError(err.Error())
	}
	return dataset.Load(*d.dir, k, split)
}

// shapeHint is what to say after an error about data that a network was not
// made for.
const shapeHint = "(give the data set it was trained on with -data and -dataset)"
