package layers

import "golang.org/x/sys/cpu"

var (
	useAVX2   = cpu.X86.HasAVX2
	useAVX512 = cpu.X86.HasAVX512F
)

// excStepAVX2 is the excitatory Euler step for groups × 8 neurons; see
// exc_amd64.s. fired[g] gets the spike bits of group g, stiff[g] is set
// (and the group left untouched) when a neuron of it needs the stiff step.
// events is 0 when no neuron fired and no group is stiff.
//
//go:noescape
func excStepAVX2(v, ge, gi, in *float32, theta *float64, last *int64, groups int, c *excConsts, fired, stiff *uint8) (events int)

// excStepAVX512 is excStepAVX2 for pairs × 16 neurons; see exc512_amd64.s.
// It writes fired and stiff for 2·pairs groups of 8.
//
//go:noescape
func excStepAVX512(v, ge, gi, in *float32, theta *float64, last *int64, pairs int, c *excConsts, fired, stiff *uint8) (events int)
