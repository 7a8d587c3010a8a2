package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"spikemnist/checkpoint"
	"spikemnist/dataset/datasettest"
	"spikemnist/experiment"
)

// needSlurm makes sure a Slurm cluster answers: the one running, or the
// single-node cluster of ../shared/slurm, started here and stopped when the
// test ends. SPIKEMNIST_REQUIRE_SLURM=1 (as CI sets) turns a missing Slurm
// into a failure instead of a skip.
func needSlurm(t *testing.T) {
	t.Helper()
	if raceBuild {
		t.Skip("the Slurm tests run without the race detector only")
	}
	if exec.Command("sinfo", "-h").Run() == nil {
		return
	}
	missing := func(why string) {
		if os.Getenv("SPIKEMNIST_REQUIRE_SLURM") == "1" {
			t.Fatalf("no Slurm, and SPIKEMNIST_REQUIRE_SLURM=1: %s", why)
		}
		t.Skipf("no Slurm here: %s (start one with ../shared/slurm/start-slurm.sh, as root)", why)
	}
	scripts := os.Getenv("SPIKEMNIST_SLURM_SCRIPTS")
	if scripts == "" {
		root, err := filepath.Abs("..")
		if err != nil {
			missing(err.Error())
		}
		scripts = filepath.Join(root, "..", "shared", "slurm")
	}
	start := filepath.Join(scripts, "start-slurm.sh")
	if _, err := os.Stat(start); err != nil {
		missing("sinfo does not answer and " + start + " is missing")
	}
	if os.Geteuid() != 0 {
		missing("sinfo does not answer and starting Slurm needs root")
	}
	out, err := exec.Command("bash", start).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", start, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("bash", filepath.Join(scripts, "stop-slurm.sh")).CombinedOutput(); err != nil {
			t.Errorf("stop-slurm.sh: %v\n%s", err, out)
		}
	})
}

// submitAsTests lets the tasks run this test binary as the sweep command.
func submitAsTests(t *testing.T) string {
	t.Setenv(asMain, "1")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// waitFor polls cond every 100 ms for up to limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("waited %v for %s", limit, what)
}

func queueEmpty(jobs ...string) func() bool {
	return func() bool {
		out, err := exec.Command("squeue", "-h", "-j", strings.Join(jobs, ",")).Output()
		return err == nil && strings.TrimSpace(string(out)) == ""
	}
}

func submitted(t *testing.T, stdout string) (array, gather string) {
	t.Helper()
	if _, err := fmt.Sscanf(stdout, "submitted job array %s", &array); err != nil {
		t.Fatalf("sweep slurm printed %q", stdout)
	}
	i := strings.Index(stdout, "gather job ")
	if i < 0 {
		t.Fatalf("sweep slurm printed %q", stdout)
	}
	return array, strings.TrimSpace(stdout[i+len("gather job "):])
}

// results reads results.csv without the timing columns.
func resultsCSV(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		recs[i] = r[:len(r)-2] // train_seconds, train_examples_per_second
	}
	return recs
}

// TestSlurmSweepMatchesLocal submits a sweep of four small runs as a real
// job array with a gather job after it, and compares the table it collects
// with the same sweep run here.
func TestSlurmSweepMatchesLocal(t *testing.T) {
	needSlurm(t)
	data := datasettest.Dir(t)
	exe := submitAsTests(t)
	spec := writeFile(t, `{
  "base": {"checkpoint_every": 100},
  "examples": 200,
  "axes": {"neurons": [10, 16], "seed": [1, 2]},
  "eval": {"assign_examples": 200, "test_examples": 100}
}`)
	local, remote := filepath.Join(t.TempDir(), "local"), filepath.Join(t.TempDir(), "slurm")
	if code, _, stderr := runSweep("run", "-data", data, "-out", local, spec); code != 0 {
		t.Fatalf("sweep run: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runSweep("slurm", "-data", data, "-out", remote, "-program", exe, "-max-running", "2", spec)
	if code != 0 {
		t.Fatalf("sweep slurm: exit %d: %s", code, stderr)
	}
	array, gather := submitted(t, stdout)
	waitFor(t, 3*time.Minute, "the job array and the gather job", queueEmpty(array, gather))
	if _, err := os.Stat(filepath.Join(remote, "slurm", "logs", "collect_"+gather+".out")); err != nil {
		t.Fatalf("the gather job left no log: %v", err)
	}
	want, got := resultsCSV(t, local), resultsCSV(t, remote)
	if len(got) != 5 || !slices.EqualFunc(want, got, slices.Equal) {
		t.Fatalf("results.csv from Slurm:\n%v\nrun here:\n%v", got, want)
	}
	for _, r := range got[1:] {
		if r[4] != "done" {
			t.Fatalf("run %s: %s", r[1], r[4])
		}
	}
	code, stdout, _ = runSweep("status", remote)
	if code != 0 || !strings.Contains(stdout, "4 runs: 4 done") {
		t.Fatalf("sweep status: exit %d:\n%s", code, stdout)
	}
}

// TestSlurmTaskPreemptedResumes sends a running task SIGTERM as Slurm does
// before a time limit: the task checkpoints and requeues itself, Slurm runs
// it again, and it ends bit-identical to the run never stopped.
func TestSlurmTaskPreemptedResumes(t *testing.T) {
	needSlurm(t)
	data := datasettest.Dir(t)
	exe := submitAsTests(t)
	spec := writeFile(t, `{
  "base": {"neurons": 100, "checkpoint_every": 250},
  "examples": 6000,
  "eval": {"assign_examples": 300, "test_examples": 100}
}`)
	remote := filepath.Join(t.TempDir(), "slurm")
	code, stdout, stderr := runSweep("slurm", "-data", data, "-out", remote, "-program", exe, "-cpus-per-task", "1", spec)
	if code != 0 {
		t.Fatalf("sweep slurm: exit %d: %s", code, stderr)
	}
	array, gather := submitted(t, stdout)
	task := array + "_0"
	sum := filepath.Join(remote, "runs", "base", experiment.SummaryFile)
	waitFor(t, 2*time.Minute, "the first checkpoint", func() bool {
		s, err := experiment.ReadSummary(sum)
		return err == nil && s.ExamplesSeen >= 250
	})
	if out, err := exec.Command("scancel", "--batch", "--signal=TERM", task).CombinedOutput(); err != nil {
		t.Fatalf("scancel: %v: %s", err, out)
	}
	// The task requeues itself; Slurm holds a requeued job back for a
	// while (BeginTime), which an administrator may lift.
	waitFor(t, time.Minute, "the task to be requeued", func() bool {
		out, _ := exec.Command("squeue", "-h", "-j", task, "-o", "%T").Output()
		return strings.TrimSpace(string(out)) == "PENDING"
	})
	exec.Command("scontrol", "update", "JobId="+task, "StartTime=now").Run()
	waitFor(t, 3*time.Minute, "the requeued task and the gather job", queueEmpty(array, gather))

	s, err := experiment.ReadSummary(sum)
	if err != nil || len(s.Resumed) != 1 || s.Resumed[0] < 250 || s.Resumed[0] >= 6000 || !s.Done() {
		log, _ := os.ReadFile(filepath.Join(remote, "slurm", "logs", task+".out"))
		t.Fatalf("summary %+v, %v; task log:\n%s", s, err, log)
	}
	log, _ := os.ReadFile(filepath.Join(remote, "slurm", "logs", task+".out"))
	if !strings.Contains(string(log), "requeued "+task) {
		t.Fatalf("the task log does not show the requeue:\n%s", log)
	}

	local := filepath.Join(t.TempDir(), "local")
	if code, _, stderr := runSweep("run", "-data", data, "-out", local, spec); code != 0 {
		t.Fatalf("sweep run: exit %d: %s", code, stderr)
	}
	a, err := checkpoint.Load(filepath.Join(remote, "runs", "base", experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := checkpoint.Load(filepath.Join(local, "runs", "base", experiment.CheckpointFile))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Weights, b.Weights) || !slices.Equal(a.Theta, b.Theta) || !slices.Equal(a.Assignments, b.Assignments) {
		t.Fatal("the preempted and requeued run differs from the run never stopped")
	}
	if !slices.EqualFunc(resultsCSV(t, remote), resultsCSV(t, local), slices.Equal) {
		t.Fatal("the tables differ")
	}
	var sub struct {
		ArrayJob string `json:"array_job"`
	}
	b2, _ := os.ReadFile(filepath.Join(remote, "slurm", "submitted.json"))
	if json.Unmarshal(b2, &sub) != nil || sub.ArrayJob != array {
		t.Fatalf("submitted.json: %s", b2)
	}
}
