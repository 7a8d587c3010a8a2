package runlock

import (
	"path/filepath"
	"strings"
	"testing"
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
