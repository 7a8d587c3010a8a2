// Package runlock makes a run folder the property of one process at a time.
package runlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Name is the lock file inside a run folder.
const Name = ".lock"

// ErrInUse is wrapped by Acquire's error when another process holds the lock.
var ErrInUse = errors.New("try again once it has finished")

// Acquire takes the lock of dir, creating dir if needed. The lock is the
// system's own (flock on Unix, LockFileEx on Windows), so the system
// releases it when the process ends, however it ends; release gives it up
// earlier.
func Acquire(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, Name)
	// The lock file is written: never through a link, which would aim the
	// write at another file.
	if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (a link or special file): remove it, it is only a lock", path)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|noFollow, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lock(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s is in use by another process (%v): %w", dir, err, ErrInUse)
	}
	f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() { f.Close() }, nil
}

// SameDir tells whether files a and b are in the same folder, so that a
// command writing a knows whether it writes into b's run folder.
func SameDir(a, b string) bool {
	da, err1 := filepath.Abs(filepath.Dir(a))
	db, err2 := filepath.Abs(filepath.Dir(b))
	return err1 == nil && err2 == nil && da == db
}

// Busy reports whether another process holds dir's lock, without taking it
// and without writing: a folder with no lock file, or with something other
// than a regular file in its place (a FIFO is never opened for reading,
// which would wait for a writer), is not busy.
func Busy(dir string) bool {
	path := filepath.Join(dir, Name)
	if st, err := os.Lstat(path); err != nil || !st.Mode().IsRegular() {
		return false
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow|nonBlock, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return false
	}
	return probe(f)
}
