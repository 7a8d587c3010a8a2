package cpu

import (
	"fmt"

	"spikemnist/learning"
)

// schedule sets the settings the schedule gives the example after g
// examples: w_ie, and the rule recompiled with its rates scaled (its own
// state carried over) when the factor changed.
func (s *Sim) schedule(g uint64) {
	sc := s.cfg.Schedule
	if sc.IsZero() {
		return
	}
	s.wIE = float32(s.cfg.WIE * sc.Inhibition(int64(g)))
	f := sc.Rate(int64(g))
	if f == s.rate {
		return
	}
	st := s.rule.State()
	s.rule = s.cfg.Plasticity.Params.(learning.RateScaler).WithRates(f).Compile(s.cfg.Dt, s.n)
	if err := s.rule.SetState(st); err != nil {
		panic(fmt.Sprintf("network: a rule refused its own state: %v", err))
	}
	s.starter, _ = s.rule.(learning.Presenter)
	s.rate = f
}
