package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"spikemnist/experiment"
	"spikemnist/internal/buildinfo"
	"spikemnist/internal/runlock"
)

// newFlagSet is a command's flag set: errors and -h go to stderr, -h
// prints usage and then the flags.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	return fs
}

// parseArgs parses flags given before, between or after the positional
// arguments, which it returns (after "--", names only). code is −1 when
// the command goes on, else its exit status (0 for -h, 2 for a bad flag).
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0
			}
			return nil, 2
		}
		if fs.NArg() == 0 {
			return pos, -1
		}
		// After "--" every argument is a name, even one that starts
		// with a dash: the flag package stops at it and drops it.
		if rest := fs.Args(); len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), -1
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseCommand adds -version to fs and parses args with parseArgs; with
// -version it prints the version and returns code 0.
func parseCommand(fs *flag.FlagSet, args []string, stdout io.Writer) (pos []string, code int) {
	version := versionFlag(fs)
	if pos, code = parseArgs(fs, args); code >= 0 {
		return nil, code
	}
	if *version {
		printVersion(stdout)
		return nil, 0
	}
	return pos, -1
}

// versionFlag adds -version to fs.
func versionFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("version", false, "print the program's version (module, VCS revision, Go, machine) and exit")
}

func printVersion(w io.Writer) { fmt.Fprintln(w, buildinfo.Get()) }

// signalContext is cancelled by SIGINT or SIGTERM, so that a command can
// finish its current example and save; a second signal ends the process at
// once.
func signalContext() (context.Context, func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// notARunFile refuses an output path that is (or links to) the checkpoint
// a command reads, or a record of its run: writing there would destroy the
// run.
func notARunFile(out, checkpointPath string) error {
	for _, f := range []string{checkpointPath, experiment.SummaryBeside(checkpointPath)} {
		if samePath(out, f) {
			return fmt.Errorf("%s is the run's own %s: choose another file", out, filepath.Base(f))
		}
	}
	if samePath(out, filepath.Join(filepath.Dir(checkpointPath), runlock.Name)) {
		return fmt.Errorf("%s is the run's lock file: choose another file", out)
	}
	return nil
}

// samePath reports whether a and b name the same file: the same cleaned
// absolute path, or, when both exist, the same file through links.
func samePath(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
