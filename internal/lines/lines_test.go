package lines

import (
	"testing"
	"unsafe"
)

// lineOf is the cache line that the address p falls in.
func lineOf(p unsafe.Pointer) uintptr { return uintptr(p) / Size }

// alone reports whether the whole capacity of s lies on lines that hold
// none of the allocations in others.
func alone[T any](s []T, others [][]T) bool {
	first, last := lineOf(unsafe.Pointer(unsafe.SliceData(s))), lineOf(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), uintptr(cap(s))*unsafe.Sizeof(s[:1][0])-1))
	for _, o := range others {
		if cap(o) == 0 {
			continue
		}
		a := lineOf(unsafe.Pointer(unsafe.SliceData(o)))
		b := lineOf(unsafe.Add(unsafe.Pointer(unsafe.SliceData(o)), uintptr(cap(o))*unsafe.Sizeof(o[:1][0])-1))
		if a <= last && first <= b {
			return false
		}
	}
	return true
}

func TestMakeSharesNoLine(t *testing.T) {
	// Small slices made one after the other: the allocator would put plain
	// ones side by side (the check below would fail for make([]int16, 4)).
	var made [][]int16
	for k := 0; k < 64; k++ {
		s := Make[int16](1 + k%4)
		if len(s) != 1+k%4 || cap(s) != len(s) {
			t.Fatalf("Make(%d): len %d cap %d", 1+k%4, len(s), cap(s))
		}
		made = append(made, s)
	}
	for k, s := range made {
		others := append(append([][]int16{}, made[:k]...), made[k+1:]...)
		if !alone(s, others) {
			t.Fatalf("slice %d shares a cache line with another", k)
		}
	}
}

func TestGrowKeepsLinesOfItsOwn(t *testing.T) {
	// Grown by the built-in append, these small slices would be packed
	// side by side by the allocator.
	var made [][]int16
	for k := 0; k < 64; k++ {
		s := Make[int16](1)[:0]
		for i := range 2 + k%7 {
			if cap(s)-len(s) < 2 {
				s = Grow(s)
			}
			s = append(s, int16(k), int16(i))
		}
		for i := range 2 + k%7 {
			if s[2*i] != int16(k) || s[2*i+1] != int16(i) {
				t.Fatalf("slice %d: pair %d is %d, %d", k, i, s[2*i], s[2*i+1])
			}
		}
		made = append(made, s)
	}
	for k, s := range made {
		others := append(append([][]int16{}, made[:k]...), made[k+1:]...)
		if !alone(s, others) {
			t.Fatalf("slice %d shares a cache line with another", k)
		}
	}
}
