//go:build unix

package runlock

import (
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on f, failing at once if another
// process holds one.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// noFollow makes opening the lock file fail on a link put in its place
// after the check.
const noFollow = syscall.O_NOFOLLOW

// nonBlock keeps Busy's open from waiting on a FIFO put in the lock's place.
const nonBlock = syscall.O_NONBLOCK

// probe reports whether another open file description holds f's lock.
func probe(f *os.File) bool {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}
