package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// countingSource is an endless stream of zeros that counts what is read.
type countingSource struct{ n int64 }

func (c *countingSource) Read(p []byte) (int, error) {
	clear(p)
	c.n += int64(len(p))
	return len(p), nil
}

// TestReadsBoundedByShape: a header that claims more than the set can
// hold, or other image sizes, is refused before the body is read, and a
// body longer than its header is read no further than one byte past it.
func TestReadsBoundedByShape(t *testing.T) {
	for _, c := range []struct {
		n, rows, cols int
		want          string
	}{
		{10_000_000, 28, 28, "more than the 60000"},
		{60000, 280, 28, "not 28×28"},
	} {
		src := &countingSource{}
		hdr := idxImages(c.n, c.rows, c.cols, nil)
		_, _, _, _, err := readImagesUpTo(io.MultiReader(bytes.NewReader(hdr), src), shape{maxN: 60000, rows: 28, cols: 28})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d × %d×%d: error %v, want %q", c.n, c.rows, c.cols, err, c.want)
		}
		if src.n != 0 {
			t.Errorf("%d × %d×%d: read %d bytes of the body", c.n, c.rows, c.cols, src.n)
		}
	}
	src := &countingSource{}
	_, _, _, _, err := readImagesUpTo(io.MultiReader(bytes.NewReader(idxImages(3, 28, 28, nil)), src), shape{maxN: 60000, rows: 28, cols: 28})
	if err == nil || !strings.Contains(err.Error(), "trailing data") || src.n > 3*784+1<<16 {
		t.Errorf("endless body: %v after %d bytes", err, src.n)
	}
	if _, err := readLabelsUpTo(bytes.NewReader(idxLabels(10001, nil)), 10000, 10); err == nil || !strings.Contains(err.Error(), "more than the 10000") {
		t.Errorf("labels: %v", err)
	}
}

// TestGzipBombIsCheap: a small gzip file whose content is gigabytes long
// fails after reading what the header implies, without the memory.
func TestGzipBombIsCheap(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(idxImages(60000, 28, 28, nil))
	zeros := make([]byte, 1<<20)
	for k := 0; k < 256; k++ { // 256 MiB of content, a few hundred KB on disk
		zw.Write(zeros)
	}
	zw.Close()
	os.WriteFile(filepath.Join(dir, TrainImages+".gz"), buf.Bytes(), 0o644)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Load(dir, KindMNIST, "train")
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "trailing data") {
		t.Fatalf("error %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Fatalf("allocated %d MB for a file whose header implies 47 MB", grew>>20)
	}
}

// TestModuleCopyIsOfficial: the build records the GoMNIST module, the module
// cache holds it, and its four files are the official ones.
func TestModuleCopyIsOfficial(t *testing.T) {
	dir, err := ModuleDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Files {
		if err := verify(filepath.Join(dir, name+".gz"), name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Fetch into an empty folder takes them from there, with no other mirror.
	into := t.TempDir()
	if err := Fetch(context.Background(), into, []string{"file://" + dir}, nil); err != nil {
		t.Fatal(err)
	}
	if s, err := Load(into, KindMNIST, "test"); err != nil || s.Len() != 10000 {
		t.Fatalf("test set from the module copy: %v", err)
	}
}

// FuzzIDXBounded feeds arbitrary bytes to the bounded readers of a
// 100-image set: whatever the header claims, they must never hold more
// than the set's shape implies (plus the gzip and parsing overhead).
func FuzzIDXBounded(f *testing.F) {
	f.Add(idxImages(2, 28, 28, make([]byte, 2*784)))
	f.Add(gz(idxImages(1, 28, 28, make([]byte, 784))))
	f.Add(idxImages(1<<30, 28, 28, nil))
	f.Add(gz(idxLabels(100, make([]byte, 1<<16))))
	f.Fuzz(func(t *testing.T, b []byte) {
		const bound = 100*Pixels + 1<<20
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for _, parse := range []func(io.Reader) error{
			func(r io.Reader) error {
				_, _, _, _, err := readImagesUpTo(r, shape{maxN: 100, rows: 28, cols: 28})
				return err
			},
			func(r io.Reader) error { _, err := readLabelsUpTo(r, 100, 10); return err },
		} {
			r, err := decompressed(bytes.NewReader(b))
			if err != nil {
				return
			}
			parse(r)
		}
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 2*bound {
			t.Fatalf("%d bytes of input made the readers allocate %d bytes", len(b), grew)
		}
	})
}
