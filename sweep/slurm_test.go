package sweep

import (
	"strings"
	"testing"
)

func TestScripts(t *testing.T) {
	s, err := ParseSpec([]byte(`{"axes": {"neurons": [10, 20, 30]}}`))
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := s.Expand()
	d := &Dir{Path: "/shared/sweeps/it's", Spec: s, Runs: runs}
	o := SlurmOptions{Program: "/opt/bin/sweep", Data: "/shared/mnist", CPUs: 4, Mem: "8G", Time: "04:00:00", MaxActive: 2, SignalBefore: 300, Extra: []string{"--qos=long"}}
	a, g, err := Scripts(d, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#SBATCH --array=0-2%2\n", "#SBATCH --output=/shared/sweeps/it's/slurm/logs/%A_%a.out\n", "#SBATCH --cpus-per-task=4\n",
		"#SBATCH --mem=8G\n", "#SBATCH --time=04:00:00\n", "#SBATCH --signal=B:TERM@300\n", "#SBATCH --requeue\n", "#SBATCH --qos=long\n",
		`exec '/opt/bin/sweep' task -data '/shared/mnist' -workers 4 '/shared/sweeps/it'\''s' "$SLURM_ARRAY_TASK_ID"`,
	} {
		if !strings.Contains(a, want) {
			t.Errorf("array script lacks %q:\n%s", want, a)
		}
	}
	if strings.Contains(a, "--partition") || !strings.Contains(g, "#SBATCH --kill-on-invalid-dep=yes\n") || !strings.Contains(g, `exec '/opt/bin/sweep' collect '/shared/sweeps/it'\''s'`) {
		t.Errorf("scripts:\n%s\n%s", a, g)
	}
	own := o
	own.Dataset = "idx"
	if a, _, err := Scripts(d, own); err != nil || !strings.Contains(a, `task -data '/shared/mnist' -dataset 'idx' -workers 4`) {
		t.Errorf("a set of one's own is not named to the tasks (%v):\n%s", err, a)
	}
	for _, bad := range []func(*SlurmOptions){
		func(o *SlurmOptions) { o.Mem = "8G\n#SBATCH --wrap=rm" },
		func(o *SlurmOptions) { o.Time = "1:00 ; rm" },
		func(o *SlurmOptions) { o.Extra = []string{"qos=long"} },
		func(o *SlurmOptions) { o.CPUs = 0 },
		func(o *SlurmOptions) { o.Program = "sweep" },
		func(o *SlurmOptions) { o.Dataset = "idx; rm" },
	} {
		b := o
		bad(&b)
		if _, _, err := Scripts(d, b); err == nil {
			t.Errorf("options %+v accepted", b)
		}
	}
}
