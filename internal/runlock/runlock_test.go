package runlock

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSecondHolderIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	release, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open, even in this
	// process, is refused while the first holds it.
	if _, err := Acquire(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second lock: %v", err)
	}
	release()
	again, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}

// TestLinkedLockRefused: a lock file that is a link is refused, and the
// file it points at is left as it was.
func TestLinkedLockRefused(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious")
	if err := os.WriteFile(precious, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	os.Mkdir(run, 0o755)
	if err := os.Symlink(precious, filepath.Join(run, Name)); err != nil {
		t.Skip("no symbolic links here")
	}
	if _, err := Acquire(run); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a linked lock: %v", err)
	}
	if b, _ := os.ReadFile(precious); string(b) != "keep me" {
		t.Fatalf("the link's target now holds %q", b)
	}
}

func TestBusy(t *testing.T) {
	dir := t.TempDir()
	if Busy(dir) {
		t.Fatal("a folder with no lock is busy")
	}
	release, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !Busy(dir) {
		t.Fatal("a held folder is not busy")
	}
	release()
	if Busy(dir) {
		t.Fatal("a released folder is busy")
	}
}

// TestBusyNeverWaitsOnAFIFO: a FIFO in the lock's place answers at once,
// not busy, where opening it for reading would wait for a writer forever.
func TestBusyNeverWaitsOnAFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, Name), 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan bool)
	go func() { done <- Busy(dir) }()
	select {
	case busy := <-done:
		if busy {
			t.Fatal("a FIFO reads as a held lock")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Busy waited on a FIFO")
	}
}
