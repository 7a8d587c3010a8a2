package cli

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

func TestMainDispatches(t *testing.T) {
	for _, c := range []struct {
		args      []string
		code      int
		out, errs string
	}{
		{nil, 2, "", "usage: spikemnist COMMAND"},
		{[]string{"help"}, 0, "classify   classify your own digit images", ""},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"version"}, 0, runtime.Version(), ""},
		{[]string{"train", "-version"}, 0, runtime.Version(), ""},
		{[]string{"eval", "-h"}, 0, "", "usage: eval"},
		{[]string{"eval", "-version", "somewhere"}, 0, runtime.Version(), ""},
		{[]string{"inspect", "-version"}, 0, runtime.Version(), ""},
		{[]string{"classify", "-version"}, 0, runtime.Version(), ""},
		{[]string{"sweep", "-version"}, 0, runtime.Version(), ""},
		{[]string{"sweep", "status", "-version", "x"}, 0, runtime.Version(), ""},
		{[]string{"train", "-h"}, 0, "", "MNIST_DIR"},
	} {
		var out, errb bytes.Buffer
		code := Main(c.args, &out, &errb)
		if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(errb.String(), c.errs) {
			t.Errorf("%q: exit %d, stdout %q, stderr %.80q", c.args, code, out.String(), errb.String())
		}
	}
}

// TestFlagsAfterTheRunFolder: eval and inspect take flags after their
// argument as before it.
func TestFlagsAfterTheRunFolder(t *testing.T) {
	path := saveTrained(t, t.TempDir())
	code, stdout, stderr := runInspect(path, "-fields", "none", "-format", "json")
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(stdout), "{") {
		t.Fatalf("inspect RUN -fields none -format json: exit %d, %s", code, stderr)
	}
	code, _, stderr = runEval(path, "-test-examples", "-3")
	if code != 2 || !strings.Contains(stderr, "-test-examples must not be negative") {
		t.Fatalf("eval RUN -test-examples -3: exit %d, %s", code, stderr)
	}
}
