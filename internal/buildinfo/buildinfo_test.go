package buildinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	i := Get()
	if i.Go != runtime.Version() || i.Cores < 1 || len(i.Command) == 0 || len(i.Date) != len("2006-01-02T15:04:05Z") {
		t.Fatalf("%+v", i)
	}
	if s := i.String(); !strings.Contains(s, runtime.Version()) || !strings.Contains(s, "cores") {
		t.Fatalf("String: %q", s)
	}
}
