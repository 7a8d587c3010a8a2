// Command eval measures the accuracy of a trained network: it labels every
// excitatory neuron from a frozen pass over training digits, then classifies
// the test digits.
//
//	go run ./cmd/eval runs/n400-s1
//
// Results go to stdout and to eval.json beside the checkpoint; progress to
// stderr. Exit status: 0 done, 1 failure, 2 bad usage.
package main

import (
	"os"

	"spikemnist/cli"
)

func main() { os.Exit(cli.Eval(os.Args[1:], os.Stdout, os.Stderr)) }
