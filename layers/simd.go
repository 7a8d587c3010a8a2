package layers

// Vector limits which step ExcKernel.Integrate may use. The zero value lets
// it use the widest the CPU has; the others exist to compare and measure the
// steps against each other, which all give the same result bit for bit.
type Vector uint8

const (
	VectorWidest Vector = iota // 16-wide with AVX-512, else 8-wide with AVX2, else scalar
	Vector8                    // at most the 8-wide (AVX2) step
	VectorNone                 // the plain Go loop only
)

// excConsts is ExcKernel's constants as the vector step reads them; the
// layout is fixed (see exc_amd64.s).
type excConsts struct {
	kv, fge, fgi, vRest, eExc, eInh, one, floor float32 // offsets 0 … 28
	fTheta, thrBase                             float64 // 32, 40
	tRefr                                       int64   // 48: t − refractory steps
}

// integrateAVX2 steps neurons lo … hi−1 (lo a multiple of 8) in groups of
// 8, 16 at a time where the CPU has AVX-512, and returns the end of what it
// covered and the spike count written to out. A group holding a neuron that
// needs the stiff step is left untouched by the vector code and stepped by
// integrateRange.
func (k *ExcKernel) integrateAVX2(s *ExcState, t int64, in []float32, lo, hi int, out []int32) (done, ns int) {
	groups := (hi - lo) / 8
	g0 := lo / 8
	if len(s.fired) < g0+groups {
		panic("layers: ExcState not made by NewExcState")
	}
	c := excConsts{
		kv: k.kv, fge: k.fge, fgi: k.fgi, vRest: k.vRest, eExc: k.eExc, eInh: k.eInh, one: 1, floor: gFloor,
		fTheta: k.fTheta, thrBase: k.thrBase, tRefr: t - k.refractory,
	}
	events, g := 0, 0
	if useAVX512 && k.Vector == VectorWidest && groups >= 2 {
		pairs := groups / 2
		events = excStepAVX512(&s.V[lo], &s.Ge[lo], &s.Gi[lo], &in[lo], &s.Theta[lo], &s.LastSpike[lo], pairs, &c, &s.fired[g0], &s.stiff[g0])
		g = 2 * pairs
	}
	if g < groups {
		a := lo + 8*g
		events |= excStepAVX2(&s.V[a], &s.Ge[a], &s.Gi[a], &in[a], &s.Theta[a], &s.LastSpike[a], groups-g, &c, &s.fired[g0+g], &s.stiff[g0+g])
	}
	if events == 0 {
		return lo + 8*groups, 0 // the usual step: no spike, nothing stiff
	}
	for g := g0; g < g0+groups; g++ {
		if s.stiff[g] != 0 {
			ns = k.integrateRange(s, t, in, 8*g, 8*g+8, out, ns)
			continue
		}
		for m := s.fired[g]; m != 0; m &= m - 1 {
			out[ns] = int32(8*g + trailingZeros8(m))
			ns++
		}
	}
	return lo + 8*groups, ns
}

func trailingZeros8(m uint8) int {
	n := 0
	for m&1 == 0 {
		m >>= 1
		n++
	}
	return n
}
