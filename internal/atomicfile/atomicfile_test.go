package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// failingWriter accepts some bytes, then fails as a full disk would.
type failingWriter struct {
	w    io.Writer
	left int
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.w.Write(p[:f.left])
		f.left = 0
		return n, errors.New("no space left on device")
	}
	f.left -= len(p)
	return f.w.Write(p)
}

func TestFailedWriteKeepsPreviousFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "checkpoint.npz")
	if err := WriteBytes(path, []byte("good old content")); err != nil {
		t.Fatal(err)
	}
	err := Write(path, func(w io.Writer) error {
		fw := &failingWriter{w: w, left: 5}
		_, err := fw.Write([]byte("new content that does not fit"))
		return err
	})
	if err == nil {
		t.Fatal("the failed write was not reported")
	}
	if b, _ := os.ReadFile(path); string(b) != "good old content" {
		t.Fatalf("previous file changed to %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
	if err := WriteBytes(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Fatalf("content %q", b)
	}
}

func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "checkpoint.npz")
	for _, name := range []string{".checkpoint.npz.123.tmp", ".checkpoint.npz.9.tmp", ".train.json.5.tmp", "checkpoint.npz", ".checkpoint.npzX.1.tmp"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	removed, err := RemoveStale(path)
	if err != nil || len(removed) != 2 {
		t.Fatalf("removed %v (%v)", removed, err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*")) // Glob's * matches leading dots
	if len(left) != 3 {
		t.Fatalf("left %v, want the checkpoint, the other file's and the other name's temporary files", left)
	}
}
