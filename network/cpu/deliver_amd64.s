#include "textflag.h"

// func deliverAVX512(ring *float32, slots *int32, w *float32, d *uint8, groups int)
//
// For 16·groups synapses j = 0, 1, …: ring[slots[d[j]] + j] += w[j], the
// scalar loop of deliver, 16 at a time. slots holds 32 int32 (entries past
// the delay slots unused). The 16 j of a group are distinct, so their ring
// cells are, and each cell gets the same single float add as in deliver.
TEXT ·deliverAVX512(SB), NOSPLIT, $0-40
	MOVQ ring+0(FP), DI
	MOVQ slots+8(FP), AX
	MOVQ w+16(FP), SI
	MOVQ d+24(FP), DX
	MOVQ groups+32(FP), CX
	TESTQ CX, CX
	JZ   done

	VMOVDQU32 (AX), Z10     // slot offsets 0–15
	VMOVDQU32 64(AX), Z11   // slot offsets 16–31
	// Z12 = 0, 1, …, 15: the lanes' j; Z13 = 16, the step from group to group.
	MOVL $16, BX
	VPBROADCASTD BX, Z13
	MOVQ $0x0706050403020100, BX
	VMOVQ BX, X15
	MOVQ $0x0f0e0d0c0b0a0908, BX
	VPINSRQ $1, BX, X15, X15
	VPMOVZXBD X15, Z12

loop:
	VPMOVZXBD (DX), Z1          // delays of the 16 synapses
	VPERMI2D Z11, Z10, Z1       // their ring-row offsets
	VPADDD Z12, Z1, Z1          // + j: ring index
	KXNORW K0, K0, K1
	VGATHERDPS (DI)(Z1*4), K1, Z2
	VADDPS (SI), Z2, Z2
	KXNORW K0, K0, K2
	VSCATTERDPS Z2, K2, (DI)(Z1*4)
	VPADDD Z13, Z12, Z12        // next group's j
	ADDQ $64, SI
	ADDQ $16, DX
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET
