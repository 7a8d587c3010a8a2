// Command train trains the Diehl & Cook (2015) spiking network on MNIST
// without labels and saves checkpoints into a run folder.
//
//	go run ./cmd/train -neurons 400 -epochs 1 -out runs/n400
//
// Progress and logs go to stderr; the final summary to stdout. Exit status:
// 0 done, 1 failure, 2 bad usage, 130 interrupted (a checkpoint was saved).
package main

import (
	"os"

	"spikemnist/cli"
)

func main() { os.Exit(cli.Train(os.Args[1:], os.Stdout, os.Stderr)) }
