//go:build !amd64

package layers

const (
	useAVX2   = false
	useAVX512 = false
)

func excStepAVX2(v, ge, gi, in *float32, theta *float64, last *int64, groups int, c *excConsts, fired, stiff *uint8) int {
	panic("no vector step on this architecture")
}

func excStepAVX512(v, ge, gi, in *float32, theta *float64, last *int64, pairs int, c *excConsts, fired, stiff *uint8) int {
	panic("no vector step on this architecture")
}
