// Command spikemnist is the whole command line in one binary: train, eval,
// inspect, classify and sweep as subcommands, the same code as the
// separate commands.
//
//	go install ./cmd/spikemnist
//	spikemnist train -neurons 400 && spikemnist eval runs/n400-s1
//
// Results go to stdout; progress and logs to stderr. Exit status: 0 done,
// 1 failure, 2 bad usage, 130 interrupted.
package main

import (
	"os"

	"spikemnist/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
