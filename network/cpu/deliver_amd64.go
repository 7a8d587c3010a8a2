package cpu

import "golang.org/x/sys/cpu"

var useAVX512 = cpu.X86.HasAVX512F

//go:noescape
func deliverAVX512(ring *float32, slots *int32, w *float32, d *uint8, groups int)
