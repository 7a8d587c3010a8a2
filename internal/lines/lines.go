// Package lines allocates slices that share no cache line with any other
// allocation, for memory that one core writes in every step while another
// core writes memory allocated beside it: Go's allocator packs objects
// side by side, and a line shared by two cores moves between them at each
// write.
package lines

import "unsafe"

// Size is the cache line assumed, in bytes (64 on x86-64 and most arm64).
const Size = 64

// Make returns a slice of n elements that share no cache line with other
// memory: a line's worth of unused elements lies before the first and
// after the last.
func Make[T any](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if size == 0 {
		return make([]T, n)
	}
	pad := (Size + size - 1) / size
	buf := make([]T, pad+n+pad)
	return buf[pad : pad+n : pad+n]
}

// Grow returns s with its elements moved to memory from Make with room for
// as many again: a buffer made by Make and refilled in every step keeps its
// lines to itself however far it grows if it grows by Grow, not append.
func Grow[T any](s []T) []T {
	grown := Make[T](max(2*cap(s), 8))[:len(s)]
	copy(grown, s)
	return grown
}
