package dataset_test

import (
	"fmt"
	"log"
	"os"

	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
)

// Load reads one split from a folder of the four MNIST files (gzip or
// plain), checked against the published sha256; Image(k) is digit k's 784
// pixels, row by row.
func ExampleLoad() {
	train, err := dataset.Load(dataset.DefaultDir(), dataset.KindMNIST, "train")
	if err != nil {
		log.Fatal(err) // one line: the file and what is wrong with it
	}
	fmt.Println(train.Len(), len(train.Image(0)), train.Labels[0])
}

// A set of one's own in MNIST's layout and file names (here 12×14 images of
// four classes, written by a test helper) is read as the idx kind: its
// shape comes from the files. As the mnist kind it would be refused, by its
// size or by the published checksums.
func ExampleLoad_ownSet() {
	dir, err := os.MkdirTemp("", "own")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := datasettest.WriteSet(dir, dataset.Shape{Rows: 12, Cols: 14, Classes: 4}, 40, 8, 1); err != nil {
		log.Fatal(err)
	}
	train, err := dataset.Load(dir, dataset.KindIDX, "train")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.Shape, train.Len(), len(train.Image(0)))
	_, err = dataset.Load(dir, dataset.KindMNIST, "train")
	fmt.Println(err != nil)
	// Output:
	// 12×14, 4 classes 40 168
	// true
}
