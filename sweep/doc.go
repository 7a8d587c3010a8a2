// Package sweep runs many training runs: a sweep file's base configuration
// and axes expand into runs, each trained and evaluated in a run folder of
// its own under one sweep folder, on this machine (RunLocal) or as a Slurm
// job array (WriteScript, Submit), and their results are gathered into one
// table and chart (Collect).
//
// A sweep folder holds:
//
//	sweep.json      the sweep file it was made from
//	index.json      every run: its index, name, parameters and folder
//	runs/NAME/      each run's folder (see package experiment)
//	slurm/          the job scripts, the submitted job ids and the task logs
//	results.*       what Collect wrote: .md, .csv, .json, accuracy.png/.svg
//
// A sweep is resumable whichever way it runs: a run that is evaluated is
// skipped, one that was interrupted resumes from its checkpoint (ending bit
// for bit as it would have), and one that was trained but not evaluated is
// only evaluated.
package sweep
