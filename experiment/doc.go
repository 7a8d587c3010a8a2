// Package experiment is a training or evaluation run as a library: the
// loops that the train and eval commands, the sweep command and any live
// view share, and the run folder whose file names they agree on. A run is
// begun or continued one way (HoldRun, then HeldRun.Open), a digit is
// classified one way (Classify) and an example recorded one way
// (RecordExample).
//
// A run folder holds one network's run:
//
//	checkpoint.npz  the network and the state to resume it (Trainer.Train)
//	train.json      the run's Summary, rewritten at every checkpoint
//	eval.json       the evaluation Report (EvaluateRun)
//	report.html     a page of the numbers and pictures, needing no server
//	*.png, *.npz    the pictures and the monitored example's recording
//
// A Trainer saves a checkpoint every cfg.CheckpointEvery examples and when
// its context is cancelled; a run resumed from any of them ends bit for bit
// as the uninterrupted run does. Callbacks in TrainOptions see the run after
// each example, each running-accuracy window and each checkpoint; they run
// on the training goroutine, between examples, and must be quick.
package experiment
