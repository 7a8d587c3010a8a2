// Command inspect summarises a checkpoint and draws its receptive fields.
//
//	go run ./cmd/inspect runs/n400-s1
//
// The summary goes to stdout (-format text or json); the picture of every
// neuron's input weights to fields.png beside the checkpoint. Exit status:
// 0 done, 1 failure, 2 bad usage.
package main

import (
	"os"

	"spikemnist/cli"
)

func main() { os.Exit(cli.Inspect(os.Args[1:], os.Stdout, os.Stderr)) }
