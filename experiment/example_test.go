package experiment_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"spikemnist/dataset"
	"spikemnist/experiment"
	"spikemnist/network"
)

// Train a small network into a run folder, then evaluate it there.
func Example() {
	train, test, err := dataset.LoadAll(context.Background(), os.Getenv("MNIST_DIR"), dataset.KindMNIST, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	run := experiment.Folder(dir)

	cfg := network.Default(16)
	train = train.Head(50)
	t, err := experiment.NewTrainer(&cfg, train, run, false, experiment.TrainOptions{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	sum, err := t.Train(context.Background(), train)
	if err != nil {
		log.Fatal(err)
	}
	job := experiment.EvalJob{Checkpoint: run.Checkpoint(), Monitor: -1}
	res, err := experiment.EvaluateRun(context.Background(), job, func() (*dataset.Set, *dataset.Set, error) {
		return train, test.Head(100), nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum.ExamplesSeen, "examples;", res.Report.Scores[0].Total, "test digits scored")
	// Output: 50 examples; 100 test digits scored
}
