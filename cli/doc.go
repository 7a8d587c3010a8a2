// Package cli is the project's command line: each command's flags, checks
// and exit status, over the packages that do the work. The train, eval,
// inspect and sweep commands and the spikemnist command (which has them all
// as subcommands) are thin mains over Train, Eval, Inspect, Sweep, Classify
// and Main.
//
// Every command takes flags before or after its arguments and -version;
// writes results on stdout and progress and logs on stderr; and exits 0
// when done, 1 on failure, 2 on bad usage, 130 when interrupted.
package cli
