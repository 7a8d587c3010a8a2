package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func idxImages(n, rows, cols int, body []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, [4]uint32{magicImages, uint32(n), uint32(rows), uint32(cols)})
	b.Write(body)
	return b.Bytes()
}

func idxLabels(n int, body []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, [2]uint32{magicLabels, uint32(n)})
	b.Write(body)
	return b.Bytes()
}

func TestReadImagesStrict(t *testing.T) {
	ok := idxImages(2, 28, 28, make([]byte, 2*784))
	if n, r, c, pix, err := readImages(bytes.NewReader(ok)); err != nil || n != 2 || r != 28 || c != 28 || len(pix) != 1568 {
		t.Fatalf("valid file: %d %d %d %d %v", n, r, c, len(pix), err)
	}
	bad := map[string]struct {
		data []byte
		want string
	}{
		"wrong magic":      {idxLabels(2, make([]byte, 20)), "bad magic"},
		"empty":            {nil, "truncated"},
		"short header":     {ok[:10], "truncated"},
		"truncated body":   {ok[:len(ok)-1], "truncated"},
		"trailing data":    {append(append([]byte{}, ok...), 0), "trailing"},
		"claims too many":  {idxImages(1_000_000, 28, 28, make([]byte, 784)), "truncated"},
		"absurd count":     {idxImages(1<<30, 28, 28, nil), "claims"},
		"zero images":      {idxImages(0, 28, 28, nil), "claims"},
		"absurd dimension": {idxImages(1, 28, 1<<20, nil), "claims"},
	}
	for name, c := range bad {
		_, _, _, _, err := readImages(bytes.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, c.want)
		}
	}
}

func TestReadLabelsStrict(t *testing.T) {
	if lab, err := readLabels(bytes.NewReader(idxLabels(3, []byte{0, 9, 4}))); err != nil || len(lab) != 3 {
		t.Fatalf("valid: %v %v", lab, err)
	}
	for name, data := range map[string][]byte{
		"not a digit": idxLabels(2, []byte{3, 10}),
		"truncated":   idxLabels(3, []byte{1, 2}),
		"image magic": idxImages(1, 1, 1, []byte{0}),
	} {
		if _, err := readLabels(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// writeSplit writes a small test split, gzip or plain, under the official
// names (so the checksum check applies to the images).
func writeSplit(t *testing.T, dir string, images, labels []byte, zip bool) {
	t.Helper()
	for name, b := range map[string][]byte{TestImages: images, TestLabels: labels} {
		path := filepath.Join(dir, name)
		if zip {
			b, path = gz(b), path+".gz"
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadRejectsInconsistentFiles(t *testing.T) {
	dir := t.TempDir()
	writeSplit(t, dir, idxImages(2, 28, 28, make([]byte, 2*784)), idxLabels(3, []byte{1, 2, 3}), true)
	if _, err := Load(dir, KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), "has 2 images but t10k-labels-idx1-ubyte has 3 labels") {
		t.Fatalf("counts differ: %v", err)
	}
	writeSplit(t, dir, idxImages(1, 27, 27, make([]byte, 729)), idxLabels(1, []byte{1}), true)
	if _, err := Load(dir, KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), "27×27, not 28×28") {
		t.Fatalf("not 28×28: %v", err)
	}
	dir = t.TempDir()
	writeSplit(t, dir, idxImages(2, 28, 28, make([]byte, 2*784)), idxLabels(2, []byte{1, 2}), false)
	if _, err := Load(dir, KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("non-official content: %v", err)
	}
	if _, err := Load(t.TempDir(), KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("empty folder: %v", err)
	}
	dir = t.TempDir()
	good := gz(idxImages(1, 28, 28, make([]byte, 784)))
	os.WriteFile(filepath.Join(dir, TestImages+".gz"), good[:len(good)-9], 0o644) // cut inside the gzip trailer
	if _, err := Load(dir, KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), TestImages) {
		t.Fatalf("truncated gzip: %v", err)
	}
}

// TestWriteIDX: what WriteIDX writes reads back as it was, and a body that
// is not the dimensions' product is refused.
func TestWriteIDX(t *testing.T) {
	var b bytes.Buffer
	pix := []byte{1, 2, 3, 4, 5, 6}
	if err := WriteIDX(&b, []int{1, 2, 3}, pix); err != nil {
		t.Fatal(err)
	}
	n, rows, cols, got, err := readImages(&b)
	if err != nil || n != 1 || rows != 2 || cols != 3 || !bytes.Equal(got, pix) {
		t.Fatalf("%d %d×%d %v, %v", n, rows, cols, got, err)
	}
	if err := WriteIDX(&b, []int{2, 2}, pix); err == nil {
		t.Fatal("a body of the wrong size was written")
	}
}
