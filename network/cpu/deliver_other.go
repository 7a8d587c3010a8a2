//go:build !amd64

package cpu

const useAVX512 = false

func deliverAVX512(ring *float32, slots *int32, w *float32, d *uint8, groups int) {
	panic("no vector delivery on this architecture")
}
