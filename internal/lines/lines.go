// Package lines allocates slices that share no cache line with any other
// allocation. A buffer that one core writes in every step while another
// core writes a neighbouring allocation would otherwise bounce that line
// between the two: Go's allocator packs small objects side by side, so two
// workers' small buffers, allocated one after the other, often share lines.
package lines

import "unsafe"

// Size is the cache line assumed, in bytes (64 on x86-64 and most arm64).
const Size = 64

// Make returns a slice of length n and capacity at least c whose elements
// share no cache line with other memory: a line's worth of unused elements
// lies before the first and after the last. Appending past the capacity
// with Append keeps that property; the built-in append does not.
func Make[T any](n, c int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	c = max(c, n, 1)
	if size == 0 {
		return make([]T, n, c)
	}
	pad := (Size + size - 1) / size
	buf := make([]T, pad+c+pad)
	return buf[pad : pad+n : pad+c]
}

// Append is the built-in append for slices made by Make: past the capacity
// it moves the elements to a new slice from Make of twice the length.
func Append[T any](s []T, v ...T) []T {
	if len(s)+len(v) <= cap(s) {
		return append(s, v...)
	}
	t := Make[T](len(s), 2*(len(s)+len(v)))
	copy(t, s)
	return append(t, v...)
}
