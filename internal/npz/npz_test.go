package npz

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	members := []Member{
		{Name: "w", Array: F32([]float32{0.5, -1, 3}, 3)},
		{Name: "m", Array: F64([]float64{1, 2, 3, 4, 5, 6}, 2, 3)},
		{Name: "d", Array: U8([]uint8{7, 8}, 2)},
		{Name: "c", Array: I8([]int8{-1, 9}, 2)},
		{Name: "i", Array: I32([]int32{-5}, 1)},
		{Name: "l", Array: I64([]int64{-1 << 60, 42}, 2)},
		{Name: "s", Array: I64Scalar(-3)},
		{Name: "u", Array: U64Scalar(1 << 63)},
		{Name: "t", Array: Str(`{"ü": 1}`)},
	}
	var b bytes.Buffer
	if err := Write(&b, members); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if !reflect.DeepEqual(got[m.Name], m.Array) {
			t.Errorf("%s: read %+v, wrote %+v", m.Name, got[m.Name], m.Array)
		}
	}
	if got["m"].Float64s()[5] != 6 || got["l"].Int64s()[0] != -1<<60 || got["u"].Uint64() != 1<<63 || got["t"].Text() != `{"ü": 1}` {
		t.Fatal("accessors disagree with what was written")
	}
	if err := got["m"].Check("m", "<f8", 2, 3); err != nil {
		t.Fatal(err)
	}
	if err := got["m"].Check("m", "<f8", 3, 2); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Fatalf("wrong shape accepted: %v", err)
	}
}

func TestReadNPYRejects(t *testing.T) {
	var b bytes.Buffer
	WriteNPY(&b, F32([]float32{1, 2}, 2))
	good := b.Bytes()
	for name, data := range map[string][]byte{
		"short":      good[:8],
		"body short": good[:len(good)-1],
		"body long":  append(append([]byte{}, good...), 0),
		"not npy":    []byte("hello, world, not an array"),
	} {
		if _, err := ReadNPY(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A well-formed header whose shape overflows the element count.
	var h bytes.Buffer
	WriteNPY(&h, Array{Descr: "<f4", Shape: []int{1 << 30, 1 << 30, 1 << 30}, Data: make([]byte, 8)})
	if _, err := ReadNPY(h.Bytes()); err == nil || !strings.Contains(err.Error(), "needs") {
		t.Errorf("an absurd shape: %v", err)
	}
}
