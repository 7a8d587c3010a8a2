package sweep

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"spikemnist/experiment"
	"spikemnist/internal/runlock"
)

// State is where a run stands.
type State string

const (
	Done        State = "done"        // trained and evaluated
	Running     State = "running"     // a process holds its folder
	Queued      State = "queued"      // waiting in the Slurm queue
	Failed      State = "failed"      // its Slurm task ended in failure and it is not done
	Interrupted State = "interrupted" // a checkpoint short of the end, nobody running it
	Trained     State = "trained"     // trained to the end, not evaluated
	NotStarted  State = "not started"
)

// Status is a run's state and progress.
type Status struct {
	Run   *Run
	State State
	Seen  int64 // training examples done, as of the last checkpoint
	Total int64
	Slurm string // the Slurm task's state, if the sweep was submitted and Slurm knows it
}

// RunState reads run r's state from its folder.
func RunState(d *Dir, r *Run) Status {
	st := Status{Run: r, State: NotStarted}
	cfg, examples, err := d.Spec.Config(r)
	if err != nil {
		st.State = Failed
		return st
	}
	per := int64(examples)
	if per == 0 {
		per = 60000
	}
	st.Total = int64(cfg.Epochs) * per
	f := d.Folder(r)
	if _, err := os.Stat(string(f)); err != nil {
		return st
	}
	if s, err := experiment.ReadSummary(f.Summary()); err == nil {
		st.Seen = s.ExamplesSeen
		if s.Config != nil {
			st.Total = s.Total()
		}
		st.State = Interrupted
		if st.Seen >= st.Total {
			st.State = Trained
		}
	}
	if rep, err := experiment.ReadReport(f.Eval()); err == nil && rep.ExamplesSeen == st.Total {
		st.State = Done
		return st
	}
	if release, err := runlock.Acquire(string(f)); err != nil {
		st.State = Running
	} else {
		release()
	}
	return st
}

// Statuses reads every run's state; with a Slurm submission recorded in the
// folder and squeue or sacct at hand, it adds what Slurm says of each task.
func Statuses(d *Dir) []Status {
	var out []Status
	for i := range d.Runs {
		out = append(out, RunState(d, &d.Runs[i]))
	}
	sub, err := readSubmission(d)
	if err != nil {
		return out
	}
	tasks := slurmTasks(sub.ArrayJob)
	for i := range out {
		s, ok := tasks[out[i].Run.Index]
		if !ok {
			continue
		}
		out[i].Slurm = s
		if out[i].State == Done || out[i].State == Running {
			continue
		}
		if st, ok := slurmStates[s]; ok {
			out[i].State = st
		}
	}
	return out
}

// slurmStates is what a task's Slurm state says of its run, where the run
// folder does not already say it is done or running.
var slurmStates = map[string]State{
	"PENDING": Queued, "REQUEUED": Queued, "CONFIGURING": Queued, "SUSPENDED": Queued,
	"RUNNING": Running, "COMPLETING": Running,
	"FAILED": Failed, "TIMEOUT": Failed, "CANCELLED": Failed, "NODE_FAIL": Failed, "OUT_OF_MEMORY": Failed,
	"PREEMPTED": Failed, "BOOT_FAIL": Failed, "DEADLINE": Failed,
}

// slurmTasks asks squeue, then sacct, for the state of each task of an
// array job; tasks squeue lists (pending or running) take its word.
func slurmTasks(array string) map[int]string {
	tasks := map[int]string{}
	parse := func(out []byte, sep string) {
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			f := strings.Split(strings.TrimSpace(sc.Text()), sep)
			if len(f) < 2 {
				continue
			}
			id, state := f[0], strings.Fields(f[1])
			if len(state) == 0 {
				continue
			}
			_, task, ok := strings.Cut(id, "_")
			if !ok {
				continue
			}
			if k, err := strconv.Atoi(task); err == nil {
				if _, seen := tasks[k]; !seen {
					tasks[k] = state[0]
				}
			}
		}
	}
	if out, err := exec.Command("squeue", "-h", "-r", "-j", array, "-o", "%i|%T").Output(); err == nil {
		parse(out, "|")
	}
	if out, err := exec.Command("sacct", "-X", "-n", "-P", "-j", array, "-o", "JobID,State").Output(); err == nil {
		parse(out, "|")
	}
	return tasks
}

// PrintStatus writes one line per run and a count of each state.
func PrintStatus(w io.Writer, sts []Status) {
	count := map[State]int{}
	fmt.Fprintf(w, "%-5s %-12s %-24s %s\n", "run", "state", "examples", "name")
	for _, s := range sts {
		count[s.State]++
		slurm := ""
		if s.Slurm != "" {
			slurm = " (slurm: " + s.Slurm + ")"
		}
		fmt.Fprintf(w, "%-5d %-12s %-24s %s%s\n", s.Run.Index, s.State, fmt.Sprintf("%d/%d", s.Seen, s.Total), s.Run.Name, slurm)
	}
	var parts []string
	for _, st := range []State{Done, Running, Queued, Trained, Interrupted, Failed, NotStarted} {
		if count[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
		}
	}
	fmt.Fprintf(w, "%d runs: %s\n", len(sts), strings.Join(parts, ", "))
}
