package experiment

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"spikemnist/dataset/datasettest"
	"spikemnist/network"
	"spikemnist/network/cpu"
)

func TestKeepTop(t *testing.T) {
	var top []int
	var spikes []int32
	for d, c := range []int32{3, 9, 3, 1, 9, 5, 7, 2, 8, 6, 4} {
		top, spikes = keepTop(top, spikes, d, c)
	}
	if want := []int{1, 4, 8, 6, 9, 5, 10, 0}; !slices.Equal(top, want) {
		t.Fatalf("top %v (spikes %v), want %v", top, spikes, want)
	}
}

// TestStudyFollowsNoWorkerCount: the same study on one worker and on
// three, and its misclassified digits are those the vote gets wrong.
func TestStudyFollowsNoWorkerCount(t *testing.T) {
	train, test := datasettest.Load(t, "train").Head(60), datasettest.Load(t, "test").Head(50)
	cfg := network.Default(16)
	m := network.NewModel(&cfg, train.Shape.Pixels())
	s := cpu.NewSim(&cfg, m, true)
	counts := make([]int32, cfg.Neurons)
	for k := range train.Len() {
		s.Present(train.Image(k), network.PurposeTrain, uint64(k), counts)
	}
	classes := make([]int8, cfg.Neurons)
	for j := range classes {
		classes[j] = int8(j % 10)
	}
	one, err := StudyNetwork(context.Background(), &cfg, m, classes, test, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	three, err := StudyNetwork(context.Background(), &cfg, m, classes, test, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one.Rates, three.Rates) || !reflect.DeepEqual(one.Top, three.Top) || !reflect.DeepEqual(one.Wrong, three.Wrong) {
		t.Fatal("the study depends on the number of workers")
	}
	for _, w := range one.Wrong {
		if w.Label == w.Answer || w.Label != int(test.Labels[w.Index]) {
			t.Fatalf("miss %+v", w)
		}
	}
	if len(one.Rates) != 16 || len(one.Rates[0]) != 10 {
		t.Fatalf("rates %d × %d", len(one.Rates), len(one.Rates[0]))
	}
}
