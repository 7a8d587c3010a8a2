//go:build !unix && !windows

package runlock

import "os"

// lock does nothing where the system offers no file locks (js, wasip1,
// plan9): there a run folder is not protected against a second process.
func lock(*os.File) error { return nil }

const noFollow = 0

const nonBlock = 0

func probe(*os.File) bool { return false }
