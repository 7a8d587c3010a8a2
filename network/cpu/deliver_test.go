package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVectorDeliveryMatchesScalar delivers random rows both ways into rings
// that already hold values, for several row lengths and slot counts.
func TestVectorDeliveryMatchesScalar(t *testing.T) {
	t.Parallel() // the kernel choices are per value, not package state
	if !useAVX512 {
		t.Skip("no AVX-512 on this machine: only the scalar delivery runs here")
	}
	r := rand.New(rand.NewPCG(4, 4))
	for _, n := range []int{16, 17, 100, 1003} {
		for _, slots := range []int{1, 20, 32} {
			ringA := make([]float32, slots*n)
			for k := range ringA {
				ringA[k] = r.Float32()
			}
			ringB := append([]float32(nil), ringA...)
			slotOff := make([]int32, 32)
			base := r.IntN(slots)
			for d := 0; d < slots; d++ {
				slotOff[d] = int32(((base + d) % slots) * n)
			}
			for rep := 0; rep < 5; rep++ {
				row, drow := make([]float32, n), make([]uint8, n)
				for j := range row {
					row[j], drow[j] = r.Float32()*0.3, uint8(r.IntN(slots))
				}
				deliver(ringA, slotOff, true, row, drow)
				deliver(ringB, slotOff, false, row, drow)
			}
			for k := range ringA {
				if math.Float32bits(ringA[k]) != math.Float32bits(ringB[k]) {
					t.Fatalf("n %d, %d slots: ring cell %d is %v, scalar %v", n, slots, k, ringA[k], ringB[k])
				}
			}
		}
	}
}
