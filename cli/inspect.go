package cli

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"path/filepath"

	"spikemnist/checkpoint"
	"spikemnist/experiment"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/runlock"
	"spikemnist/visual"
)

const inspectUsage = `usage: inspect [flags] CHECKPOINT|RUN_DIR

Prints what a checkpoint holds: size, training examples seen, seed, the
settings that differ from the defaults, statistics of the weights and of θ,
and, once eval has labelled it, how many neurons answer each class. Draws the
receptive fields (every neuron's input weights as a tile of the images'
size, 28×28 for MNIST, framed in its class's colour) into fields.png beside
the checkpoint.

`

func Inspect(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("inspect", inspectUsage, stderr)
	format := fs.String("format", "text", "summary format: text or json")
	fields := fs.String("fields", "", "where to write the receptive-field picture (default fields.png beside the checkpoint; \"none\" for no picture)")
	scale := fs.Int("scale", 0, "pixels per weight in the picture (default: 4 up to 100 neurons, 2 up to 1600, else 1)")
	monitor := fs.Int("monitor", -1, "record this example of -set (spike rasters, potentials) into example-SET-K.png and .npz beside the checkpoint")
	perTile := fs.Bool("per-tile", false, "draw each receptive field on its own grey scale, up to its largest weight (default: one scale for all)")
	sortBy := fs.String("sort", "neuron", "order of the receptive fields: neuron, or class (once eval has labelled them)")
	split := fs.String("set", "test", "the set -monitor takes its example from: train or test")
	data := addDataFlags(fs, dataHelp+" (for -monitor)", false)
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "inspect: name one checkpoint file or run folder, not %d arguments %q\n", len(pos), pos)
		fs.Usage()
		return 2
	}
	if badFlag(stderr, "inspect", oneOf("format", *format, "text", "json"), oneOf("sort", *sortBy, "neuron", "class"),
		oneOf("set", *split, "train", "test"), within("scale", *scale, 0, 32), indexOrNone("monitor", *monitor, "an example's")) {
		return 2
	}
	path := experiment.CheckpointPath(pos[0])
	if *fields == "" {
		*fields = filepath.Join(filepath.Dir(path), "fields.png")
	}
	if *fields != "none" {
		if err := notARunFile(*fields, path); err != nil {
			fmt.Fprintf(stderr, "inspect: -fields %v\n", err)
			return 2
		}
	}
	// Pictures written into the run folder need its lock, as every writer
	// there does.
	if *monitor >= 0 || (*fields != "none" && runlock.SameDir(*fields, path)) {
		release, err := runlock.Acquire(filepath.Dir(path))
		if err != nil {
			fmt.Fprintf(stderr, "inspect: %v: a trainer may be writing it; wait for it, or pass -fields none (or -fields PATH elsewhere) and no -monitor\n", err)
			return 1
		}
		defer release()
	}
	c, cfg, model, err := checkpoint.LoadNetwork(path)
	if err != nil {
		fmt.Fprintf(stderr, "inspect: %v\n", err)
		return 1
	}
	s, err := summarize(path, c, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "inspect: checkpoint %s: %v\n", path, err)
		return 1
	}
	if *fields != "none" {
		l := visual.LayoutFor(c.N)
		if *scale > 0 {
			l = visual.FieldsLayout{Scale: *scale, Border: *scale}
		}
		title := fmt.Sprintf("Receptive fields of %d neurons, %d examples seen", c.N, c.ExamplesSeen)
		img, _ := visual.FieldsFigure(c.Weights, c.N, c.Assignments, visual.FieldsOptions{Shape: c.Shape, Layout: l, PerTile: *perTile, SortByClass: *sortBy == "class", Title: title})
		if err := atomicfile.Write(*fields, func(w io.Writer) error { return png.Encode(w, img) }); err != nil {
			fmt.Fprintf(stderr, "inspect: %v\n", err)
			return 1
		}
		s.FieldsPicture = *fields
	}
	if *monitor >= 0 {
		files, err := record(cfg, model, c.Shape, c.Assignments, data, *split, *monitor, filepath.Dir(path))
		if err != nil {
			fmt.Fprintf(stderr, "inspect: %v\n", err)
			return 1
		}
		s.Monitor = files
	}
	if *format == "json" {
		b, _ := json.MarshalIndent(s, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		s.print(stdout)
	}
	return 0
}
