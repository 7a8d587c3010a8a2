package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

func TestPlainLinesWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, "train", 10, 0) // a line for every update
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); b.Add(1) }()
	}
	wg.Wait()
	b.Printf("a log line\n")
	b.Finish()
	out := buf.String()
	if !strings.Contains(out, "train: 10/10 (100%)") || !strings.Contains(out, "a log line\n") ||
		!strings.Contains(out, "train: 10 done in") || strings.Contains(out, "\r") {
		t.Fatalf("output:\n%s", out)
	}
}
