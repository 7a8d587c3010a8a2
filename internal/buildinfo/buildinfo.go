// Package buildinfo says which program made a file: its module version and
// VCS revision (from the build information), the Go version, the machine
// and the command line.
package buildinfo

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Info is what a run's records say of the program that wrote them.
type Info struct {
	Module   string   `json:"module"`
	Version  string   `json:"version"`            // module version, "(devel)" for a build from a checkout
	Revision string   `json:"revision,omitempty"` // VCS revision the binary was built from
	Modified bool     `json:"modified,omitempty"` // built with uncommitted changes
	Go       string   `json:"go"`
	OS       string   `json:"os"`
	Arch     string   `json:"arch"`
	CPU      string   `json:"cpu,omitempty"`
	Cores    int      `json:"cores"`
	Date     string   `json:"date"` // when the record was made, UTC
	Command  []string `json:"command"`
}

// Get describes this process now.
func Get() Info {
	i := Info{Version: "unknown", Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPU: cpuName(), Cores: runtime.NumCPU(),
		Date: time.Now().UTC().Format(time.RFC3339), Command: os.Args}
	if b, ok := debug.ReadBuildInfo(); ok {
		i.Module, i.Version = b.Main.Path, b.Main.Version
		for _, s := range b.Settings {
			switch s.Key {
			case "vcs.revision":
				i.Revision = s.Value
			case "vcs.modified":
				i.Modified = s.Value == "true"
			}
		}
	}
	return i
}

// String is the one line -version prints.
func (i Info) String() string {
	rev := i.Revision
	if rev == "" {
		rev = "no VCS revision"
	} else if i.Modified {
		rev += " (modified)"
	}
	cpu := i.CPU
	if cpu == "" {
		cpu = i.Arch
	}
	return fmt.Sprintf("%s %s, %s, %s, %s/%s, %s, %d cores", i.Module, i.Version, rev, i.Go, i.OS, i.Arch, cpu, i.Cores)
}

// cpuName is the processor's model name where the system says it.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan() && n < 100; n++ {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
