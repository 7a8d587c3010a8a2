package cpu

import (
	"fmt"
	"math"
)

// CheckFinite reports the first state variable that is NaN or infinite,
// naming the variable and the neuron. Checking the neurons costs O(N); the
// weights (784 × N) are checked only when weights is true.
func (s *Sim) CheckFinite(weights bool) error {
	bad32 := func(x float32) bool { return math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) }
	for _, v := range []struct {
		name string
		x    []float32
	}{
		{"excitatory v", s.exc.V}, {"excitatory g_e", s.exc.Ge}, {"excitatory g_i", s.exc.Gi},
		{"inhibitory v", s.inh.V}, {"inhibitory g_e", s.inh.Ge},
	} {
		for j, x := range v.x {
			if bad32(x) {
				return fmt.Errorf("%s of neuron %d is %v", v.name, j, x)
			}
		}
	}
	for j, x := range s.exc.Theta {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("θ of neuron %d is %v", j, x)
		}
	}
	if weights {
		for k, w := range s.m.W {
			if bad32(w) {
				return fmt.Errorf("weight of input %d → neuron %d is %v", k/s.n, k%s.n, w)
			}
		}
	}
	return nil
}
