package dataset_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	. "spikemnist/dataset"
	"spikemnist/dataset/datasettest"
)

func TestLoadRealMNIST(t *testing.T) {
	train, test := datasettest.Load(t, "train"), datasettest.Load(t, "test")
	if train.Len() != 60000 || test.Len() != 10000 || len(train.Pixels) != 60000*784 {
		t.Fatalf("sizes %d %d", train.Len(), test.Len())
	}
	// The first training digit is a 5, the first test digit a 7.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Fatalf("first labels %d %d", train.Labels[0], test.Labels[0])
	}
	if h := train.Head(100); h.Len() != 100 || len(h.Pixels) != 100*784 {
		t.Fatal("Head")
	}
	// The held-out digits are the last ones, and rest stops where they begin.
	rest, held := train.HoldOut(10000)
	if rest.Len() != 50000 || held.Len() != 10000 || held.Name != "held-out train" {
		t.Fatalf("HoldOut: %d %d %q", rest.Len(), held.Len(), held.Name)
	}
	if !bytes.Equal(held.Image(0), train.Image(50000)) || held.Labels[9999] != train.Labels[59999] || !bytes.Equal(rest.Image(49999), train.Image(49999)) {
		t.Fatal("HoldOut: the held-out digits are not the last ones")
	}
}

func TestLoadPlainAndGzipAgree(t *testing.T) {
	src := datasettest.Dir(t)
	dir := t.TempDir()
	for _, name := range []string{TestImages, TestLabels} {
		f, err := os.Open(filepath.Join(src, name+".gz"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(r)
		f.Close()
		os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	plain, err := Load(dir, KindMNIST, "test")
	if err != nil {
		t.Fatal(err)
	}
	zipped := datasettest.Load(t, "test")
	if !bytes.Equal(plain.Pixels, zipped.Pixels) || !bytes.Equal(plain.Labels, zipped.Labels) {
		t.Fatal("plain and gzip files read differently")
	}
}

// TestFetch serves the real files from a loopback HTTP server: the first
// mirror is down, the second corrupts one file, the third is good.
func TestFetch(t *testing.T) {
	src := datasettest.Dir(t)
	serve := func(corrupt string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name := filepath.Base(r.URL.Path)
			b, err := os.ReadFile(filepath.Join(src, name))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			if name == corrupt {
				b = append([]byte(nil), b...)
				b[len(b)/2] ^= 0x10 // one flipped bit
			}
			w.Write(b)
		}))
	}
	down := httptest.NewServer(http.NotFoundHandler())
	bad, good := serve(TrainLabels+".gz"), serve("")
	defer down.Close()
	defer bad.Close()
	defer good.Close()

	dir := filepath.Join(t.TempDir(), "mnist")
	// Only the corrupting mirror: the bad file is rejected and not kept.
	err := Fetch(context.Background(), dir, []string{down.URL + "/", bad.URL + "/"}, nil)
	if err == nil {
		t.Fatal("a corrupt download was accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, TrainLabels+".gz")); !os.IsNotExist(err) {
		t.Fatal("a corrupt download was kept")
	}
	var reported int64
	err = Fetch(context.Background(), dir, []string{down.URL + "/", bad.URL + "/", good.URL + "/"},
		func(_ string, done, _ int64) { reported = max(reported, done) })
	if err != nil {
		t.Fatal(err)
	}
	if reported == 0 {
		t.Error("no progress reported")
	}
	if _, err := Load(dir, KindMNIST, "train"); err != nil {
		t.Fatal(err)
	}
	// Readable by the group and others, as the umask (022 at most in CI
	// and on most machines) allows: not os.CreateTemp's 0600.
	if st, err := os.Stat(filepath.Join(dir, TrainLabels+".gz")); err != nil || st.Mode().Perm()&0o044 == 0 {
		t.Errorf("a fetched file's mode: %v %v", st.Mode(), err)
	}
	if _, err := Load(dir, KindMNIST, "test"); err != nil {
		t.Fatal(err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*part"))
	if len(leftovers) > 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}

// TestIDXImagesOneAtATime: a file of many large images is read holding one
// image, whatever the file holds (300 images of 1024×1024: 300 MiB of
// pixels from a gzip file of a few hundred KB), and a short one says so.
func TestIDXImagesOneAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big-idx3-ubyte.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	const n, side = 300, 1024
	binary.Write(zw, binary.BigEndian, []uint32{0x803, n, side, side})
	zero := make([]byte, side*side)
	for range n {
		zw.Write(zero)
	}
	zw.Close()
	os.WriteFile(path, b.Bytes(), 0o644)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	x, err := OpenIDXImages(path, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for range x.N {
		if _, err := x.Next(); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if x.N != n || x.Rows != side || x.Cols != side {
		t.Fatalf("%d images of %d×%d", x.N, x.Rows, x.Cols)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Fatalf("reading them allocated %d MiB", alloc>>20)
	}
	if _, err := x.Next(); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("one image past the end: %v", err)
	}
	if _, err := OpenIDXImages(path, 100); err == nil {
		t.Fatal("300 images read where 100 were allowed")
	}
}

// TestUnreadableIsNotMissing: a data folder that is there but cannot be
// looked into (here a file given as the folder) is reported as such, not
// as missing, so that nothing fetches MNIST over it.
func TestUnreadableIsNotMissing(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-folder")
	os.WriteFile(file, []byte("x"), 0o644)
	_, err := Path(file, TrainImages)
	if err == nil || errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "cannot be read") {
		t.Fatalf("a file as the data folder: %v", err)
	}
	if _, err := Path(t.TempDir(), TrainImages); !errors.Is(err, ErrMissing) {
		t.Fatalf("an empty folder: %v", err)
	}
}
