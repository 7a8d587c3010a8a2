package cli

import (
	"fmt"
	"io"
)

const mainUsage = `usage: spikemnist COMMAND [flags] [ARGS]

Learns MNIST without labels with spiking neurons and STDP (Diehl & Cook 2015).

Commands:
  train      train a network into a run folder (runs/n<N>-s<seed> by default)
  eval       label a trained network's neurons and measure its test accuracy
  inspect    summarise a checkpoint, draw its receptive fields, record an example
  classify   classify your own digit images (PNG or IDX) with a labelled checkpoint
  explore    a page to draw a digit and watch a labelled network answer
  sweep      many runs: run, slurm, status, collect, task
  version    print the program's version

"spikemnist COMMAND -h" lists a command's flags. MNIST is read from -data,
else $MNIST_DIR, else the user cache folder, and fetched there if missing.
`

// commands are Main's subcommands.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"train": Train, "eval": Eval, "inspect": Inspect, "sweep": Sweep, "classify": Classify,
	"explore": Explore,
}

// Main is the spikemnist command: its first argument names the command.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, mainUsage)
		return 0
	case "version", "-version", "--version":
		printVersion(stdout)
		return 0
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "spikemnist: unknown command %q (train, eval, inspect, classify, explore, sweep, version)\n", args[0])
	return 2
}
