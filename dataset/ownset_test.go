package dataset_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
)

// TestLoadOwnSet reads a set of one's own (12×14 images, 4 classes) as the
// idx kind: its shape comes from the files, every image is 168 pixels, and
// the mnist kind refuses it for what it is.
func TestLoadOwnSet(t *testing.T) {
	dir := t.TempDir()
	sh := dataset.Shape{Rows: 12, Cols: 14, Classes: 4}
	if err := datasettest.WriteSet(dir, sh, 40, 12, 1); err != nil {
		t.Fatal(err)
	}
	train, test, err := dataset.LoadAll(context.Background(), dir, dataset.KindIDX, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if train.Shape != sh || test.Shape != sh || train.Len() != 40 || test.Len() != 12 {
		t.Fatalf("train %v × %d, test %v × %d", train.Shape, train.Len(), test.Shape, test.Len())
	}
	if len(train.Image(39)) != 168 || train.Labels[39] != 3 || train.Head(5).Shape != sh {
		t.Fatalf("image of %d pixels, label %d", len(train.Image(39)), train.Labels[39])
	}
	if _, err := dataset.Load(dir, dataset.KindMNIST, "train"); err == nil || !strings.Contains(err.Error(), "images are 12×14, not 28×28") {
		t.Fatalf("the mnist kind took a 12×14 set: %v", err)
	}
}

// TestOfficialChecksumsStillApply: a 28×28 set of ten classes that is not
// MNIST is refused as MNIST by its sha256, and read as the idx kind.
func TestOfficialChecksumsStillApply(t *testing.T) {
	dir := t.TempDir()
	if err := datasettest.WriteSet(dir, dataset.MNIST, 30, 10, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Load(dir, dataset.KindMNIST, "test"); err == nil || !strings.Contains(err.Error(), "not the official file") {
		t.Fatalf("a set of one's own passed as MNIST: %v", err)
	}
	s, err := dataset.Load(dir, dataset.KindIDX, "test")
	if err != nil || s.Shape != dataset.MNIST {
		t.Fatalf("%v, %v", s, err)
	}
}

// TestOwnSetBounds: what a set of one's own may not be, each refused with
// the file and the reason, before its body is read.
func TestOwnSetBounds(t *testing.T) {
	write := func(t *testing.T, train, test []int, trainLabels []byte) string {
		dir := t.TempDir()
		for _, f := range []struct {
			name string
			dims []int
			body []byte
		}{
			{dataset.TrainImages, train, make([]byte, train[0]*train[1]*train[2])},
			{dataset.TrainLabels, []int{train[0]}, trainLabels},
			{dataset.TestImages, test, make([]byte, test[0]*test[1]*test[2])},
			{dataset.TestLabels, []int{test[0]}, make([]byte, test[0])},
		} {
			if err := datasettest.WriteIDX(filepath.Join(dir, f.name+".gz"), f.dims, f.body); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, c := range []struct {
		name        string
		train, test []int
		labels      []byte
		want        string
	}{
		{"too many pixels", []int{2, 200, 200}, []int{1, 200, 200}, []byte{0, 1}, "200×200 = 40000 pixels, more than the 32767 inputs"},
		{"label too large", []int{2, 8, 8}, []int{1, 8, 8}, []byte{0, 200}, "label 1 is 200; this program supports classes 0 to 126"},
		{"splits differ", []int{2, 8, 8}, []int{1, 8, 9}, []byte{0, 1}, "training images are 8×8 but test images 8×9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := write(t, c.train, c.test, c.labels)
			_, _, err := dataset.LoadAll(context.Background(), dir, dataset.KindIDX, false, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%v, want %q", err, c.want)
			}
		})
	}
	// A header that claims more than MaxSetBytes is refused from the
	// header alone: the file holds none of the body.
	dir := t.TempDir()
	var head bytes.Buffer
	binary.Write(&head, binary.BigEndian, []uint32{0x803, 9_000_000, 20, 20})
	if err := os.WriteFile(filepath.Join(dir, dataset.TrainImages), head.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, dataset.TrainLabels), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.Load(dir, dataset.KindIDX, "train"); err == nil || !strings.Contains(err.Error(), "more than the 1024 MiB") {
		t.Fatalf("%v", err)
	}
}

func TestParseKind(t *testing.T) {
	if k, err := dataset.ParseKind("idx"); err != nil || k != dataset.KindIDX {
		t.Fatalf("%v %v", k, err)
	}
	if _, err := dataset.ParseKind("fashion"); err == nil || !strings.Contains(err.Error(), "unknown data set kind") {
		t.Fatalf("%v", err)
	}
}
