//go:build unix

package readfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(fifo, link); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo: "named pipe", link: "named pipe", dir: "directory", "/dev/zero": "device", "/dev/null": "device",
	} {
		done := make(chan error, 1)
		go func() { _, err := Read(path, 100); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: %v, want a line naming it and %q", path, err, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: still reading after 5 s", path)
		}
	}
}

func TestReadBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, []byte("0123456789"), 0o644)
	if b, err := Read(path, 10); err != nil || string(b) != "0123456789" {
		t.Fatalf("%q, %v", b, err)
	}
	if _, err := Read(path, 9); err == nil || !strings.Contains(err.Error(), "more than 9 bytes") {
		t.Fatalf("over the limit: %v", err)
	}
	link := filepath.Join(t.TempDir(), "l")
	os.Symlink(path, link)
	if b, err := Read(link, 10); err != nil || len(b) != 10 {
		t.Fatalf("a link to a regular file: %v", err)
	}
}

func TestJSONOneValue(t *testing.T) {
	var v struct{ A int }
	for in, ok := range map[string]bool{
		`{"A": 1}`: true, "{\"A\": 1}\n \t": true, `{"A": 1} x`: false, `{"A": 1}{"A": 2}`: false, `{"A": 1, "B": 2}`: false,
	} {
		if err := JSON([]byte(in), &v, true); (err == nil) != ok {
			t.Errorf("%q: %v", in, err)
		}
	}
	if err := JSON([]byte(`{"A": 1, "B": 2}`), &v, false); err != nil {
		t.Errorf("unknown field, not strict: %v", err)
	}
}
