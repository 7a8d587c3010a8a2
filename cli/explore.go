package cli

import (
	"fmt"
	"io"
	"net"
	"path/filepath"

	"spikemnist/checkpoint"
	"spikemnist/experiment"
	"spikemnist/serve"
)

const exploreUsage = `usage: explore [flags] RUN...

Serves a page that questions trained networks (run folders or checkpoints;
several, such as a sweep's, are chosen from a menu): draw a digit or drop an
image, and see what the network saw, its answer and every class's vote,
the spikes of the presentation and its rest, the potentials of the neurons
that answered most and the fields of every neuron that fired; click a
neuron of the fields grid for its field, θ and label. Digits are prepared
and answered as classify does (run eval on a network first to label it).
Nothing is written. Serves until interrupted.

`

func Explore(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explore", exploreUsage, stderr)
	addr := fs.String("addr", "localhost:8080", "address to serve at (loopback by default; reach another machine through an ssh tunnel)")
	pool := fs.Int("pool", 0, "answers simulated at once (0: one per core)")
	study := fs.Int("study", 1000, "test digits each network is shown at start, for each neuron's response per class, the digits it answers most and the misclassified digits (0: none)")
	data := addDataFlags(fs, "", true)
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch {
	case len(pos) == 0:
		fmt.Fprintln(stderr, "explore: name at least one run folder or checkpoint")
		fs.Usage()
		return 2
	case len(pos) > 256:
		fmt.Fprintf(stderr, "explore: %d runs; at most 256 at once\n", len(pos))
		return 2
	case badFlag(stderr, "explore", notNegative("study", *study), within("pool", *pool, 0, 1024)):
		return 2
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		fmt.Fprintf(stderr, "explore: -addr %.40q: %v\n", *addr, err)
		return 2
	}
	var runs []serve.ExploreRun
	for _, p := range pos {
		path := experiment.CheckpointPath(p)
		ck, cfg, m, err := checkpoint.LoadNetwork(path)
		if err != nil {
			fmt.Fprintf(stderr, "explore: %v\n", err)
			return 1
		}
		if ck.Assignments == nil {
			fmt.Fprintf(stderr, "explore: warning: %s has no labels yet (run eval on it first); the page says so\n", path)
		}
		runs = append(runs, serve.ExploreRun{Name: p, Config: cfg, Model: m, Shape: ck.Shape, Classes: ck.Assignments, Readout: experiment.ReadoutOf(ck.Readout, ck.N, ck.Shape.Classes), Folder: filepath.Dir(path)})
	}
	if *study > 0 {
		if code := studyRuns(runs, *study, data, stderr); code >= 0 {
			return code
		}
	}
	ex, err := serve.NewExplorer(runs, *pool)
	if err != nil {
		fmt.Fprintf(stderr, "explore: %v\n", err)
		return 1
	}
	srv, err := serve.Listen(*addr, ex, "explore", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "explore: -addr %s: %v\n", *addr, err)
		return 1
	}
	defer srv.Close()
	fmt.Fprintf(stderr, "explore: http://%s/ (Ctrl-C to stop)\n", srv.Addr)
	ctx, stop := signalContext()
	defer stop()
	<-ctx.Done()
	return 0
}

// studyRuns shows the first n test digits to each labelled run
// (experiment.StudyNetwork); it returns an exit status, −1 to go on.
func studyRuns(runs []serve.ExploreRun, n int, data dataFlags, stderr io.Writer) int {
	ctx, stop := signalContext()
	defer stop()
	_, test, err := data.load(ctx, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "explore: %v\n", err)
		return 1
	}
	test = test.Head(min(n, test.Len()))
	for i, r := range runs {
		if r.Classes == nil {
			continue
		}
		if err := r.Shape.Takes(test.Shape); err != nil {
			fmt.Fprintf(stderr, "explore: %s: %v %s\n", r.Name, err, shapeHint)
			return 1
		}
		fmt.Fprintf(stderr, "explore: %s: showing it %d test digits\n", r.Name, test.Len())
		if runs[i].Study, err = experiment.StudyNetwork(ctx, r.Config, r.Model, r.Classes, test, 0, nil); err != nil {
			fmt.Fprintf(stderr, "explore: %v\n", err)
			return 1
		}
	}
	return -1
}
