// Package serve holds the program's web pages and their server: the live
// view of a training run (train -serve), which reads the trainer's
// snapshots, and the explorer of trained networks (explore), which answers
// a drawn digit with a frozen simulation of its own, at most a pool's
// worth at once, and writes nothing. Pictures come from package visual,
// drawn when a browser asks for them and never on the training goroutine.
// Servers listen where they are told (loopback unless the user says
// otherwise) and end with what they serve.
package serve
