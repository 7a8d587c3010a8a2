package experiment_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"spikemnist/checkpoint"
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

// mnist is the real MNIST files from $MNIST_DIR (the tests' data).
func mnist() (train, test *dataset.Set) {
	train, test, err := dataset.LoadAll(context.Background(), os.Getenv("MNIST_DIR"), dataset.KindMNIST, false, nil)
	if err != nil {
		log.Fatal(err)
	}
	return train, test
}

// trained is 20 neurons trained on the first 300 training digits, as
// Evaluate and Classify take them: read back from the run's checkpoint.
func trained(train *dataset.Set) (*network.Config, *network.Model) {
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	cfg := network.Default(20)
	t, err := experiment.NewTrainer(&cfg, train.Head(300), experiment.Folder(dir), false, experiment.TrainOptions{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := t.Train(context.Background(), train.Head(300)); err != nil {
		log.Fatal(err)
	}
	_, c, m, err := checkpoint.LoadNetwork(t.Checkpoint())
	if err != nil {
		log.Fatal(err)
	}
	return c, m
}

// Train 20 neurons on the first 300 training digits, in a run folder of
// their own, on one worker: the run ends with a checkpoint and a summary.
func ExampleNewTrainer() {
	train, _ := mnist()
	dir, _ := os.MkdirTemp("", "run")
	defer os.RemoveAll(dir)
	cfg := network.Default(20)
	t, err := experiment.NewTrainer(&cfg, train.Head(300), experiment.Folder(dir), false, experiment.TrainOptions{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	sum, err := t.Train(context.Background(), train.Head(300))
	if err != nil {
		log.Fatal(err)
	}
	_, err = os.Stat(t.Checkpoint())
	fmt.Println(sum.ExamplesSeen, "examples seen; checkpoint written:", err == nil)
	fmt.Println("every example answered:", sum.Silent == 0)
	// Output:
	// 300 examples seen; checkpoint written: true
	// every example answered: true
}

// Label a trained network's neurons on 500 training digits and score 300
// test digits by both votes and the linear readout, fitted on the
// labelling digits only; each beats chance (10 %) by far.
func ExampleEvaluate() {
	train, test := mnist()
	cfg, m := trained(train)
	rep, _, err := experiment.Evaluate(context.Background(), cfg, m, train.Head(500), test.Head(300),
		experiment.EvalOptions{Readout: experiment.ReadoutLogReg})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Scores {
		fmt.Printf("%s: %d digits, above 40 %%: %v\n", s.Vote, s.Total, s.Accuracy > 40)
	}
	// Output:
	// all_activity: 300 digits, above 40 %: true
	// proportion: 300 digits, above 40 %: true
	// logreg: 300 digits, above 40 %: true
}

// Classify digits with a labelled network, as classify and explore do:
// each answer is a class, or −1 when no labelled neuron fired.
func ExampleClassify() {
	train, test := mnist()
	cfg, m := trained(train)
	_, labels, err := experiment.Evaluate(context.Background(), cfg, m, train.Head(500), test.Head(10), experiment.EvalOptions{})
	if err != nil {
		log.Fatal(err)
	}
	answers, err := experiment.Classify(context.Background(), cfg, m, test.Head(50), labels, nil, 2, 0, nil)
	if err != nil {
		log.Fatal(err)
	}
	right := 0
	for k, a := range answers {
		if a.Class == int(test.Labels[k]) {
			right++
		}
	}
	fmt.Println(len(answers), "digits answered; more than 20 right:", right > 20)
	// Output: 50 digits answered; more than 20 right: true
}
