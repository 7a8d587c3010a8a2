// Command sweep trains and evaluates many runs of the network: the runs a
// sweep file expands to, on this machine or as a Slurm job array, and
// gathers their results into one table and chart.
//
//	sweep run sweeps/seeds.json             # here, several runs at once
//	sweep slurm -time 04:00:00 paper.json   # as a job array, then a gather job
//	sweep status sweeps/seeds               # per run: done, running, queued, failed …
//	sweep collect sweeps/seeds              # table (stdout, .csv, .json) and chart
//
// Results go to stdout; progress and logs to stderr. Exit status: 0 done,
// 1 failure, 2 bad usage, 130 interrupted (every running run saved a
// checkpoint; run the same command again to continue).
package main

import (
	"os"

	"spikemnist/cli"
)

func main() { os.Exit(cli.Sweep(os.Args[1:], os.Stdout, os.Stderr)) }
