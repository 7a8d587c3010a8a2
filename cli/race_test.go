//go:build race

package cli

// raceBuild: the Slurm tests submit this test binary as their tasks' program;
// under the race detector they would only repeat, far slower, what the
// plain run checks.
const raceBuild = true
