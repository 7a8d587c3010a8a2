//go:build unix

package sweep

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"spikemnist/internal/runlock"
)

// TestSecondRunnerRefused: while another process runs a sweep, a second
// runner refuses at once; a run another process holds (a job array's task)
// is left to it and not reported as failed.
func TestSecondRunnerRefused(t *testing.T) {
	data := testData(t)
	d, err := Create(filepath.Join(t.TempDir(), "sw"), writeSpec(t, tinySweep), false)
	if err != nil {
		t.Fatal(err)
	}
	release, err := runlock.Acquire(d.Path)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	err = RunLocal(context.Background(), d, data, 2, &log)
	release()
	if !errors.Is(err, runlock.ErrInUse) || log.Len() != 0 {
		t.Fatalf("second runner: %v\n%s", err, log.String())
	}
	for _, s := range Statuses(d) {
		if s.Seen != 0 {
			t.Fatalf("run %s trained by the refused runner", s.Run.Name)
		}
	}

	held := d.Folder(&d.Runs[1])
	releaseRun, err := runlock.Acquire(string(held))
	if err != nil {
		t.Fatal(err)
	}
	defer releaseRun()
	err = RunLocal(context.Background(), d, data, 2, &log)
	if err == nil || !strings.Contains(err.Error(), "1 of 4 runs were being run by another process") || strings.Contains(log.String(), "failed") {
		t.Fatalf("%v\n%s", err, log.String())
	}
	for i, s := range Statuses(d) {
		if (s.State == Done) != (i != 1) {
			t.Fatalf("run %s: %s\n%s", s.Run.Name, s.State, log.String())
		}
	}
}
