package dataset_test

import (
	"fmt"
	"log"

	"spikemnist/dataset"
)

// Load reads one split from a folder of the four MNIST files (gzip or
// plain), checked against the published sha256; Image(k) is digit k's 784
// pixels, row by row.
func ExampleLoad() {
	train, err := dataset.Load(dataset.DefaultDir(), "train")
	if err != nil {
		log.Fatal(err) // one line: the file and what is wrong with it
	}
	fmt.Println(train.Len(), len(train.Image(0)), train.Labels[0])
}
