#include "textflag.h"

// func excStepAVX2(v, ge, gi, in *float32, theta *float64, last *int64, groups int, c *excConsts, fired, stiff *uint8) (events int)
//
// The excitatory Euler step of layers.(*ExcKernel).integrateRange, 8
// neurons at a time, with the same float32 and float64 operations in the
// same order (no fused multiply-add), so that results are bit-identical.
TEXT ·excStepAVX2(SB), NOSPLIT, $0-88
	MOVQ v+0(FP), DI
	MOVQ ge+8(FP), SI
	MOVQ gi+16(FP), DX
	MOVQ in+24(FP), R8
	MOVQ theta+32(FP), R9
	MOVQ last+40(FP), R10
	MOVQ groups+48(FP), CX
	MOVQ c+56(FP), AX
	MOVQ fired+64(FP), R11
	MOVQ stiff+72(FP), R12

	VBROADCASTSS 0(AX), Y15  // kv
	VBROADCASTSS 4(AX), Y14  // fge
	VBROADCASTSS 8(AX), Y13  // fgi
	VBROADCASTSS 12(AX), Y12 // vRest
	VBROADCASTSS 16(AX), Y11 // eExc
	VBROADCASTSS 20(AX), Y10 // eInh
	VBROADCASTSS 24(AX), Y9  // 1
	VBROADCASTSS 28(AX), Y8  // conductance floor
	VBROADCASTSD 32(AX), Y7  // fTheta
	VBROADCASTSD 40(AX), Y6  // thrBase
	VPBROADCASTQ 48(AX), Y5  // t − refractory
	XORQ  R13, R13           // OR of every group's spike bits, and 256 for a stiff group

	TESTQ CX, CX
	JZ    done

loop:
	VMOVUPS (DI), Y0         // v
	VMOVUPS (SI), Y1
	VADDPS  (R8), Y1, Y1     // ge + in
	VMOVUPS (DX), Y2         // gi

	// a = kv·((1 + ge) + gi); any lane with !(a <= 1) takes the stiff step.
	VADDPS  Y1, Y9, Y3
	VADDPS  Y2, Y3, Y3
	VMULPS  Y3, Y15, Y3
	VCMPPS  $6, Y9, Y3, Y3   // NLE_US: a > 1 or unordered
	VMOVMSKPS Y3, BX
	TESTL   BX, BX
	JNZ     stiffgroup

	// v += kv·(((vRest − v) + ge·(eExc − v)) + gi·(eInh − v))
	VSUBPS  Y0, Y12, Y3
	VSUBPS  Y0, Y11, Y4
	VMULPS  Y4, Y1, Y4
	VADDPS  Y4, Y3, Y3
	VSUBPS  Y0, Y10, Y4
	VMULPS  Y4, Y2, Y4
	VADDPS  Y4, Y3, Y3
	VMULPS  Y3, Y15, Y3
	VADDPS  Y3, Y0, Y0
	VMOVUPS Y0, (DI)

	// g ← g·f, and 0 where !(g·f >= floor) fails: below the floor
	VMULPS  Y14, Y1, Y1
	VCMPPS  $5, Y8, Y1, Y3   // NLT_US: !(g < floor)
	VANDPS  Y3, Y1, Y1
	VMOVUPS Y1, (SI)
	VMULPS  Y13, Y2, Y2
	VCMPPS  $5, Y8, Y2, Y3
	VANDPS  Y3, Y2, Y2
	VMOVUPS Y2, (DX)
	VXORPS  Y3, Y3, Y3
	VMOVUPS Y3, (R8)         // the input row is consumed

	// Lanes 0–3: θ ← θ·fθ; fire if float64(v) > θ + thrBase and last ≤ t − refractory.
	VMOVUPD (R9), Y1
	VMULPD  Y7, Y1, Y1
	VMOVUPD Y1, (R9)
	VADDPD  Y6, Y1, Y1
	VCVTPS2PD X0, Y2
	VCMPPD  $0x1e, Y1, Y2, Y2 // GT_OQ
	VMOVDQU (R10), Y3
	VPCMPGTQ Y5, Y3, Y3      // last > t − refractory: still refractory
	VPANDN  Y2, Y3, Y2
	VMOVMSKPD Y2, BX

	// Lanes 4–7.
	VMOVUPD 32(R9), Y1
	VMULPD  Y7, Y1, Y1
	VMOVUPD Y1, 32(R9)
	VADDPD  Y6, Y1, Y1
	VEXTRACTF128 $1, Y0, X4
	VCVTPS2PD X4, Y2
	VCMPPD  $0x1e, Y1, Y2, Y2
	VMOVDQU 32(R10), Y3
	VPCMPGTQ Y5, Y3, Y3
	VPANDN  Y2, Y3, Y2
	VMOVMSKPD Y2, AX
	SHLL    $4, AX
	ORL     AX, BX
	ORL     BX, R13
	MOVB    BX, (R11)
	MOVB    $0, (R12)
	JMP     next

stiffgroup:
	MOVB    $0, (R11)
	MOVB    $1, (R12)
	ORL     $256, R13

next:
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, R8
	ADDQ    $64, R9
	ADDQ    $64, R10
	INCQ    R11
	INCQ    R12
	DECQ    CX
	JNZ     loop

done:
	MOVQ    R13, events+80(FP)
	VZEROUPPER
	RET
