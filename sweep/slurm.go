package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	"spikemnist/dataset"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/readfile"
)

// SlurmOptions are a job array's resources and the program its tasks run.
type SlurmOptions struct {
	Program   string // absolute path of the sweep command that the tasks run
	Data      string // absolute path of the data set's folder
	Dataset   string // what Data holds (dataset.Kind); "" or "mnist": MNIST
	CPUs      int    // --cpus-per-task, and each task's workers
	Mem       string // --mem, e.g. "4G"; "": the cluster's default
	Time      string // --time, e.g. "04:00:00"; "": the partition's limit
	Partition string // --partition; "": the default
	Account   string // --account; "": none
	MaxActive int    // %K of --array: tasks running at once; 0: no limit
	// SignalBefore is how many seconds before the time limit Slurm sends
	// SIGTERM, so that the task checkpoints and requeues itself.
	SignalBefore int
	Extra        []string // further #SBATCH lines' options, as given
}

// submission is what slurm/submitted.json records.
type submission struct {
	ArrayJob  string    `json:"array_job"`
	GatherJob string    `json:"gather_job"`
	Script    string    `json:"script"`
	Tasks     int       `json:"tasks"`
	At        time.Time `json:"submitted_at"`
}

var safeWord = regexp.MustCompile(`^[A-Za-z0-9_.:@%=+/-]*$`)

// check refuses options that would break the script.
func (o *SlurmOptions) check() error {
	for name, v := range map[string]string{"mem": o.Mem, "time": o.Time, "partition": o.Partition, "account": o.Account} {
		if !safeWord.MatchString(v) {
			return fmt.Errorf("-%s %.40q: only letters, digits and _.:@%%=+/- are allowed", name, v)
		}
	}
	for _, e := range o.Extra {
		if !strings.HasPrefix(e, "--") || strings.ContainsAny(e, "\n\r") {
			return fmt.Errorf("-sbatch-option %.40q: want one --option[=value]", e)
		}
	}
	if o.CPUs < 1 || o.CPUs > 4096 {
		return fmt.Errorf("-cpus-per-task %d: not in [1, 4096]", o.CPUs)
	}
	if o.MaxActive < 0 || o.SignalBefore < 0 || o.SignalBefore > 65535 {
		return errors.New("-max-running and -signal-before must not be negative (and -signal-before at most 65535)")
	}
	if !filepath.IsAbs(o.Program) || !filepath.IsAbs(o.Data) {
		return errors.New("the program and data paths must be absolute")
	}
	if o.Dataset != "" {
		if _, err := dataset.ParseKind(o.Dataset); err != nil {
			return err
		}
	}
	return nil
}

var arrayScript = template.Must(template.New("array").Funcs(template.FuncMap{"q": shellQuote}).Parse(`#!/bin/bash
# One task per run of the sweep in {{.Dir}}; SLURM_ARRAY_TASK_ID picks the run.
# A task checkpoints on SIGTERM (before the time limit, or on preemption) and
# a requeued task resumes from its checkpoint.
#SBATCH --job-name={{.Name}}
#SBATCH --array=0-{{.Last}}{{if .O.MaxActive}}%{{.O.MaxActive}}{{end}}
#SBATCH --output={{.Logs}}/%A_%a.out
#SBATCH --open-mode=append
#SBATCH --cpus-per-task={{.O.CPUs}}
{{if .O.Mem}}#SBATCH --mem={{.O.Mem}}
{{end}}{{if .O.Time}}#SBATCH --time={{.O.Time}}
{{end}}{{if .O.Partition}}#SBATCH --partition={{.O.Partition}}
{{end}}{{if .O.Account}}#SBATCH --account={{.O.Account}}
{{end}}{{if .O.SignalBefore}}#SBATCH --signal=B:TERM@{{.O.SignalBefore}}
{{end}}#SBATCH --requeue
{{range .O.Extra}}#SBATCH {{.}}
{{end}}
exec {{q .O.Program}} task -data {{q .O.Data}}{{if and .O.Dataset (ne .O.Dataset "mnist")}} -dataset {{q .O.Dataset}}{{end}} -workers {{.O.CPUs}} {{q .Dir}} "$SLURM_ARRAY_TASK_ID"
`))

var gatherScript = template.Must(template.New("gather").Funcs(template.FuncMap{"q": shellQuote}).Parse(`#!/bin/bash
# Collects the sweep's results once every task of the array has succeeded;
# Slurm cancels it if one fails (run "sweep collect" by hand then).
#SBATCH --job-name={{.Name}}-collect
#SBATCH --kill-on-invalid-dep=yes
#SBATCH --output={{.Logs}}/collect_%j.out
#SBATCH --cpus-per-task=1
{{if .O.Partition}}#SBATCH --partition={{.O.Partition}}
{{end}}{{if .O.Account}}#SBATCH --account={{.O.Account}}
{{end}}
exec {{q .O.Program}} collect {{q .Dir}}
`))

// shellQuote quotes s for bash.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Scripts returns the array job's and the gather job's sbatch scripts.
func Scripts(d *Dir, o SlurmOptions) (array, gather string, err error) {
	if err := o.check(); err != nil {
		return "", "", err
	}
	dir, err := filepath.Abs(d.Path)
	if err != nil {
		return "", "", err
	}
	v := map[string]any{
		"Dir": dir, "Name": "spikemnist-" + sanitize(filepath.Base(dir)), "Last": len(d.Runs) - 1,
		"Logs": filepath.Join(dir, "slurm", "logs"), "O": o,
	}
	var a, g bytes.Buffer
	if err := arrayScript.Execute(&a, v); err != nil {
		return "", "", err
	}
	if err := gatherScript.Execute(&g, v); err != nil {
		return "", "", err
	}
	return a.String(), g.String(), nil
}

// Submit writes the scripts into the sweep folder's slurm/ and submits the
// array, then the gather job after it (afterok), with sbatch --parsable.
// It returns the two job ids.
func Submit(ctx context.Context, d *Dir, o SlurmOptions) (array, gather string, err error) {
	if _, err := exec.LookPath("sbatch"); err != nil {
		return "", "", errors.New("sbatch not found: this machine is not a Slurm submit host (run the sweep here with `sweep run`, or print the script with -dry-run)")
	}
	if sub, err := readSubmission(d); err == nil {
		if live := slurmTasks(sub.ArrayJob); anyActive(live) {
			return "", "", fmt.Errorf("job array %s of this sweep is still queued or running (see `sweep status`); cancel it with scancel %s first", sub.ArrayJob, sub.ArrayJob)
		}
	}
	as, gs, err := Scripts(d, o)
	if err != nil {
		return "", "", err
	}
	sd := d.File("slurm")
	if err := os.MkdirAll(filepath.Join(sd, "logs"), 0o755); err != nil {
		return "", "", err
	}
	ap, gp := filepath.Join(sd, "array.sbatch"), filepath.Join(sd, "collect.sbatch")
	if err := atomicfile.WriteBytes(ap, []byte(as)); err != nil {
		return "", "", err
	}
	if err := atomicfile.WriteBytes(gp, []byte(gs)); err != nil {
		return "", "", err
	}
	if array, err = sbatch(ctx, ap); err != nil {
		return "", "", err
	}
	if gather, err = sbatch(ctx, gp, "--dependency=afterok:"+array); err != nil {
		return array, "", fmt.Errorf("array job %s submitted, but the gather job not: %w", array, err)
	}
	b, _ := json.MarshalIndent(submission{array, gather, ap, len(d.Runs), time.Now().UTC()}, "", "  ")
	if err := atomicfile.WriteBytes(filepath.Join(sd, "submitted.json"), append(b, '\n')); err != nil {
		return array, gather, err
	}
	return array, gather, nil
}

func anyActive(tasks map[int]string) bool {
	for _, s := range tasks {
		if st := slurmStates[s]; st == Queued || st == Running {
			return true
		}
	}
	return false
}

// sbatch submits a script and returns the job id that --parsable prints
// ("id" or "id;cluster").
func sbatch(ctx context.Context, script string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "sbatch", append(append([]string{"--parsable"}, args...), script)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("sbatch %s: %v: %s", filepath.Base(script), err, strings.TrimSpace(stderr.String()))
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return "", fmt.Errorf("sbatch %s printed %.40q, not a job id", filepath.Base(script), out)
	}
	return id, nil
}

func readSubmission(d *Dir) (*submission, error) {
	b, err := readfile.Read(filepath.Join(d.File("slurm"), "submitted.json"), maxSpec)
	if err != nil {
		return nil, err
	}
	var s submission
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if _, err := strconv.ParseUint(s.ArrayJob, 10, 64); err != nil {
		return nil, fmt.Errorf("submitted.json: array job %.40q", s.ArrayJob)
	}
	return &s, nil
}

// RequeueSelf asks Slurm to requeue the task this process runs in, if it
// runs in one; a task that checkpointed on SIGTERM then resumes.
func RequeueSelf() (string, error) {
	job := os.Getenv("SLURM_JOB_ID")
	if job == "" {
		return "", nil
	}
	if a, t := os.Getenv("SLURM_ARRAY_JOB_ID"), os.Getenv("SLURM_ARRAY_TASK_ID"); a != "" && t != "" {
		job = a + "_" + t
	}
	out, err := exec.Command("scontrol", "requeue", job).CombinedOutput()
	if err != nil {
		return job, fmt.Errorf("scontrol requeue %s: %v: %s", job, err, strings.TrimSpace(string(out)))
	}
	return job, nil
}
