package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
	"spikemnist/internal/runlock"
)

// TestInterruptAndResumeMatchStraightRun interrupts a run with a real
// SIGINT, resumes it, and requires the final weights and θ to be
// bit-identical to those of the same run done straight through: with the
// default rule, and with the pre-post rule, whose traces and state the
// checkpoint must carry.
func TestInterruptAndResumeMatchStraightRun(t *testing.T) {
	for _, tc := range []struct{ rule, start string }{{"triplet", "random"}, {"pre-post", "random"}, {"triplet", "data"}} {
		t.Run(tc.rule+"-"+tc.start, func(t *testing.T) { testInterruptAndResume(t, tc.rule, tc.start) })
	}
}

func testInterruptAndResume(t *testing.T, rule, start string) {
	data := datasettest.Dir(t)
	dir := t.TempDir()
	args := func(out string) []string {
		return []string{"-data", data, "-neurons", "15", "-examples", "60", "-epochs", "2", "-checkpoint-every", "25", "-seed", "3", "-rule", rule, "-start", start, "-out", out}
	}
	straight := filepath.Join(dir, "straight")
	if code, _, stderr := runTrain(args(straight)...); code != 0 {
		t.Fatalf("straight run: exit %d: %s", code, stderr)
	}

	split := filepath.Join(dir, "split")
	afterExample = func(seen int64) {
		if seen == 37 {
			syscall.Kill(syscall.Getpid(), syscall.SIGINT)
			time.Sleep(50 * time.Millisecond) // let the signal land before the next example
		}
	}
	code, _, stderr := runTrain(args(split)...)
	afterExample = nil
	if code != 130 || !strings.Contains(stderr, "interrupted") {
		t.Fatalf("interrupted run: exit %d: %s", code, stderr)
	}
	mid, err := checkpoint.Load(filepath.Join(split, experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if mid.ExamplesSeen < 37 || mid.ExamplesSeen >= 120 || mid.Run == nil {
		t.Fatalf("interrupted checkpoint after %d examples (run state %v)", mid.ExamplesSeen, mid.Run != nil)
	}
	if has := rule == "pre-post"; (mid.Run.RuleState != nil) != has || (mid.Run.InputTrace != nil) != has {
		t.Fatalf("rule %s: checkpoint with %d rule values, %d input traces", rule, len(mid.Run.RuleState), len(mid.Run.InputTrace))
	}
	if code, _, stderr := runTrain("-resume", split, "-data", data, "-epochs", "9223372036854775807"); code != 2 || !strings.Contains(stderr, "epochs") {
		t.Fatalf("resume with -epochs near the int64 limit: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runTrain("-resume", split, "-data", data, "-rule", "power-law"); code != 2 || !strings.Contains(stderr, "-rule cannot be combined with -resume") {
		t.Fatalf("resume with -rule: exit %d: %s", code, stderr)
	}
	// Flags that would change the run are refused; the data folder is not.
	if code, _, stderr := runTrain("-resume", split, "-data", data, "-neurons", "16"); code != 1 || !strings.Contains(stderr, "has 15 neurons") {
		t.Fatalf("resume with another N: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runTrain("-resume", split, "-data", data); code != 0 {
		t.Fatalf("resumed run: exit %d: %s", code, stderr)
	}

	a, err := checkpoint.Load(filepath.Join(straight, experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := checkpoint.Load(filepath.Join(split, experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if a.ExamplesSeen != 120 || b.ExamplesSeen != 120 {
		t.Fatalf("examples seen %d and %d", a.ExamplesSeen, b.ExamplesSeen)
	}
	if !slices.Equal(a.Weights, b.Weights) || !slices.Equal(a.Theta, b.Theta) {
		t.Fatal("interrupted and resumed run ended with other weights or θ than the straight run")
	}
	if !slices.Equal(a.Run.Counts, b.Run.Counts) || a.Run.WindowCorrect != b.Run.WindowCorrect || a.Run.WindowCorrectProp != b.Run.WindowCorrectProp {
		t.Fatal("run state differs")
	}
	// The running accuracy, both votes, as the straight run logged it:
	// the resumed run's labels kept their rates for the proportion vote.
	running := func(dir string) string {
		s, err := experiment.ReadSummary(filepath.Join(dir, experiment.SummaryFile))
		if err != nil || len(s.Running) == 0 {
			t.Fatalf("%s: %v", dir, err)
		}
		var out []string
		for _, w := range s.Running {
			if w.Proportion == nil {
				t.Fatalf("%s: window %d without the proportion vote", dir, w.Examples)
			}
			out = append(out, fmt.Sprintf("%d:%v/%v", w.Examples, w.Accuracy, *w.Proportion))
		}
		return strings.Join(out, " ")
	}
	if ra, rb := running(straight), running(split); ra != rb {
		t.Fatalf("running accuracy: straight %s, resumed %s", ra, rb)
	}
	// How far learning reached, every window: wins kept in the checkpoint,
	// the start rebuilt on resume.
	learning := func(dir string) string {
		s, err := experiment.ReadSummary(filepath.Join(dir, experiment.SummaryFile))
		if err != nil || len(s.Learning) != 4 || s.Learning[3].Moved == nil {
			t.Fatalf("%s: learning %+v, %v", dir, s.Learning, err)
		}
		b, _ := json.Marshal(s.Learning)
		return string(b)
	}
	if la, lb := learning(straight), learning(split); la != lb {
		t.Fatalf("learning: straight %s, resumed %s", la, lb)
	}
}

func TestRunFolderIsLocked(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	release, err := runlock.Acquire(out)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, _, stderr := runTrain("-data", t.TempDir(), "-fetch=false", "-out", out)
	if code != 1 || !strings.Contains(stderr, "in use by another process") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestResumeACopyWritesToTheCopy: resuming DIR/backup.npz continues that
// file and leaves DIR's own checkpoint and summary as they were.
func TestResumeACopyWritesToTheCopy(t *testing.T) {
	data := datasettest.Dir(t)
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := runTrain("-data", data, "-neurons", "8", "-examples", "20", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	own, _ := os.ReadFile(filepath.Join(dir, experiment.CheckpointFile))
	sum, _ := os.ReadFile(filepath.Join(dir, experiment.SummaryFile))
	backup := filepath.Join(dir, "backup.npz")
	os.WriteFile(backup, own, 0o644)
	code, stdout, stderr := runTrain("-resume", backup, "-data", data, "-epochs", "2")
	if code != 0 || !strings.Contains(stdout, backup) {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, experiment.CheckpointFile)); !bytes.Equal(now, own) {
		t.Fatal("resuming the copy rewrote the run's own checkpoint")
	}
	if now, _ := os.ReadFile(filepath.Join(dir, experiment.SummaryFile)); !bytes.Equal(now, sum) {
		t.Fatal("resuming the copy rewrote the run's own train.json")
	}
	c, err := checkpoint.Load(backup)
	if err != nil || c.ExamplesSeen != 40 {
		t.Fatalf("the copy after resuming: %v examples (%v)", c.ExamplesSeen, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "backup.train.json")); err != nil {
		t.Fatal(err)
	}
}

// TestStaleTemporaryFilesRemoved: what a killed trainer left half-written is
// removed by the next trainer of the folder, and nothing else is.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	data := datasettest.Dir(t)
	dir := filepath.Join(t.TempDir(), "run")
	os.MkdirAll(dir, 0o755)
	stale := filepath.Join(dir, "."+experiment.CheckpointFile+".12345.tmp")
	other := filepath.Join(dir, ".eval.json.777.tmp")
	os.WriteFile(stale, make([]byte, 1<<20), 0o644)
	os.WriteFile(other, []byte("{}"), 0o644)
	code, _, stderr := runTrain("-data", data, "-neurons", "4", "-examples", "5", "-out", dir)
	if code != 0 || !strings.Contains(stderr, "removed "+stale) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Fatal("the stale temporary checkpoint is still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("another file's temporary file was removed")
	}
}
