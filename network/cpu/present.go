package cpu

import (
	"fmt"
	"spikemnist/network"
)

// Present shows img until it evokes at least MinSpikes excitatory spikes,
// raising the intensity after each failure, and writes each neuron's spike
// count for the example into counts. Input spikes come from the stream
// (purpose, k) of the run's seed, so the same example gets the same spikes
// whatever else has run.
func (s *Sim) Present(img []byte, purpose, k uint64, counts []int32) network.Outcome {
	if len(img) != s.m.Inputs {
		panic(fmt.Sprintf("network: an image of %d pixels for %d inputs", len(img), s.m.Inputs))
	}
	s.sync()
	network.SeedPCG(&s.pcg, s.cfg.Seed, purpose, k)
	if s.learn {
		s.schedule(k)
	}
	present, rest := s.cfg.Steps()
	out := network.Outcome{Intensity: s.cfg.Intensity}
	for {
		if s.learn && s.starter != nil {
			s.starter.StartPresentation(s.m.W, s.n)
			for _, p := range s.parts { // the rule may have changed any column
				p.markDirty()
				p.loadWeights()
			}
		}
		if s.learn && s.norm {
			s.normalize()
		}
		s.enc.Encode(img, out.Intensity, s.rng, &s.train)
		out.InputSpikes += s.train.Len()
		out.Presentations++
		s.run(present, &s.train)
		total := 0
		for _, c := range s.counts {
			total += int(c)
		}
		done := total >= s.cfg.MinSpikes || out.Presentations > s.cfg.MaxRepeats
		if done {
			copy(counts, s.counts)
			out.Spikes = total
			out.Silent = total < s.cfg.MinSpikes
		}
		clear(s.counts)
		s.run(rest, nil)
		if done {
			return out
		}
		out.Intensity += s.cfg.IntensityStep
	}
}

// sync takes the values of the Model written from outside since the Sim
// last took them (network.Model.Wrote): a frozen Sim's θ, every part's
// copies of the weights and, while learning, the column sums that
// normalisation keeps.
func (s *Sim) sync() {
	g := s.m.Generation()
	if g == s.gen {
		return
	}
	s.gen = g
	if !s.learn {
		copy(s.exc.Theta, s.m.Theta)
	}
	for _, p := range s.parts {
		if s.learn {
			p.markDirty()
		}
		p.loadWeights()
	}
}
