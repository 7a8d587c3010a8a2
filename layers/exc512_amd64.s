#include "textflag.h"

// func excStepAVX512(v, ge, gi, in *float32, theta *float64, last *int64, pairs int, c *excConsts, fired, stiff *uint8) (events int)
//
// excStepAVX2 for 16 neurons at a time: the same float32 and float64
// operations in the same order, so results are bit-identical. Bookkeeping
// stays per 8 neurons: each iteration writes two bytes of fired and of
// stiff, and a group of 16 with a stiff neuron is left untouched as two
// stiff groups of 8.
TEXT ·excStepAVX512(SB), NOSPLIT, $0-88
	MOVQ v+0(FP), DI
	MOVQ ge+8(FP), SI
	MOVQ gi+16(FP), DX
	MOVQ in+24(FP), R8
	MOVQ theta+32(FP), R9
	MOVQ last+40(FP), R10
	MOVQ pairs+48(FP), CX
	MOVQ c+56(FP), AX
	MOVQ fired+64(FP), R11
	MOVQ stiff+72(FP), R12

	VBROADCASTSS 0(AX), Z15  // kv
	VBROADCASTSS 4(AX), Z14  // fge
	VBROADCASTSS 8(AX), Z13  // fgi
	VBROADCASTSS 12(AX), Z12 // vRest
	VBROADCASTSS 16(AX), Z11 // eExc
	VBROADCASTSS 20(AX), Z10 // eInh
	VBROADCASTSS 24(AX), Z9  // 1
	VBROADCASTSS 28(AX), Z8  // conductance floor
	VBROADCASTSD 32(AX), Z7  // fTheta
	VBROADCASTSD 40(AX), Z6  // thrBase
	VPBROADCASTQ 48(AX), Z5  // t − refractory
	XORQ  R13, R13           // OR of every spike bit, and 1<<16 for a stiff group

	TESTQ CX, CX
	JZ    done

loop:
	VMOVUPS (DI), Z0         // v
	VMOVUPS (SI), Z1
	VADDPS  (R8), Z1, Z1     // ge + in
	VMOVUPS (DX), Z2         // gi

	// a = kv·((1 + ge) + gi); any lane with !(a <= 1) takes the stiff step.
	VADDPS  Z1, Z9, Z3
	VADDPS  Z2, Z3, Z3
	VMULPS  Z3, Z15, Z3
	VCMPPS  $6, Z9, Z3, K1   // NLE_US: a > 1 or unordered
	KORTESTW K1, K1
	JNZ     stiffgroup

	// v += kv·(((vRest − v) + ge·(eExc − v)) + gi·(eInh − v))
	VSUBPS  Z0, Z12, Z3
	VSUBPS  Z0, Z11, Z4
	VMULPS  Z4, Z1, Z4
	VADDPS  Z4, Z3, Z3
	VSUBPS  Z0, Z10, Z4
	VMULPS  Z4, Z2, Z4
	VADDPS  Z4, Z3, Z3
	VMULPS  Z3, Z15, Z3
	VADDPS  Z3, Z0, Z0
	VMOVUPS Z0, (DI)

	// g ← g·f, and +0 where g·f < floor (kept where !(g·f < floor))
	VMULPS  Z14, Z1, Z1
	VCMPPS  $5, Z8, Z1, K2   // NLT_US
	VMOVUPS.Z Z1, K2, Z1
	VMOVUPS Z1, (SI)
	VMULPS  Z13, Z2, Z2
	VCMPPS  $5, Z8, Z2, K2
	VMOVUPS.Z Z2, K2, Z2
	VMOVUPS Z2, (DX)
	VPXORD  Z3, Z3, Z3
	VMOVUPS Z3, (R8)         // the input row is consumed

	// Lanes 0–7: θ ← θ·fθ; fire if float64(v) > θ + thrBase and last ≤ t − refractory.
	VMOVUPD (R9), Z1
	VMULPD  Z7, Z1, Z1
	VMOVUPD Z1, (R9)
	VADDPD  Z6, Z1, Z1
	VCVTPS2PD Y0, Z2
	VMOVDQU64 (R10), Z3
	VPCMPQ  $2, Z5, Z3, K3   // last ≤ t − refractory
	VCMPPD  $0x1e, Z1, Z2, K3, K3 // and v > threshold (GT_OQ)
	KMOVW   K3, BX

	// Lanes 8–15.
	VMOVUPD 64(R9), Z1
	VMULPD  Z7, Z1, Z1
	VMOVUPD Z1, 64(R9)
	VADDPD  Z6, Z1, Z1
	VEXTRACTF64X4 $1, Z0, Y4
	VCVTPS2PD Y4, Z2
	VMOVDQU64 64(R10), Z3
	VPCMPQ  $2, Z5, Z3, K4
	VCMPPD  $0x1e, Z1, Z2, K4, K4
	KMOVW   K4, AX
	SHLL    $8, AX
	ORL     AX, BX
	ORL     BX, R13
	MOVW    BX, (R11)        // fired bytes of both groups of 8
	MOVW    $0, (R12)
	JMP     next

stiffgroup:
	MOVW    $0, (R11)
	MOVW    $0x0101, (R12)
	ORL     $0x10000, R13

next:
	ADDQ    $64, DI
	ADDQ    $64, SI
	ADDQ    $64, DX
	ADDQ    $64, R8
	ADDQ    $128, R9
	ADDQ    $128, R10
	ADDQ    $2, R11
	ADDQ    $2, R12
	DECQ    CX
	JNZ     loop

done:
	MOVQ    R13, events+80(FP)
	VZEROUPPER
	RET
