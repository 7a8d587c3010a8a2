package layers

// forceScalar makes Integrate use the plain Go loop even where a vector
// version exists; tests set it to compare the two.
var forceScalar = false

// excConsts is ExcKernel's constants as the vector step reads them; the
// layout is fixed (see exc_amd64.s).
type excConsts struct {
	kv, fge, fgi, vRest, eExc, eInh, one, floor float32 // offsets 0 … 28
	fTheta, thrBase                             float64 // 32, 40
	tRefr                                       int64   // 48: t − refractory steps
}

// integrateAVX2 steps the neurons in groups of 8 and returns how many it
// covered and the spike count written to out. A group holding a neuron
// that needs the stiff step is left untouched by the vector code and
// stepped by integrateRange.
func (k *ExcKernel) integrateAVX2(s *ExcState, t int64, in []float32, out []int32) (done, ns int) {
	n := len(s.V)
	groups := n / 8
	if len(s.fired) < groups {
		s.fired, s.stiff = make([]uint8, groups), make([]uint8, groups)
	}
	c := excConsts{
		kv: k.kv, fge: k.fge, fgi: k.fgi, vRest: k.vRest, eExc: k.eExc, eInh: k.eInh, one: 1, floor: gFloor,
		fTheta: k.fTheta, thrBase: k.thrBase, tRefr: t - k.refractory,
	}
	excStepAVX2(&s.V[0], &s.Ge[0], &s.Gi[0], &in[0], &s.Theta[0], &s.LastSpike[0], groups, &c, &s.fired[0], &s.stiff[0])
	for g := 0; g < groups; g++ {
		if s.stiff[g] != 0 {
			ns = k.integrateRange(s, t, in, 8*g, 8*g+8, out, ns)
			continue
		}
		for m := s.fired[g]; m != 0; m &= m - 1 {
			out[ns] = int32(8*g + trailingZeros8(m))
			ns++
		}
	}
	return 8 * groups, ns
}

func trailingZeros8(m uint8) int {
	n := 0
	for m&1 == 0 {
		m >>= 1
		n++
	}
	return n
}
