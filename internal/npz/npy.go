// Package npz reads and writes NumPy arrays (.npy, format 1.0) and the zip
// archives of them (.npz) that numpy.load opens, for the element types this
// project stores.
package npz

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Array as stored in one .npy member: a little-endian dtype descriptor,
// a C-order shape and the raw bytes.
type Array struct {
	Descr string // dtype, e.g. "<f4"
	Shape []int  // C order; nil for a scalar
	Data  []byte // little-endian elements
}

const npyMagic = "\x93NUMPY"

// elems returns the number of elements, or −1 if it exceeds 2^40.
func (a *Array) elems() int {
	n := 1
	for _, d := range a.Shape {
		if d != 0 && n > (1<<40)/d {
			return -1
		}
		n *= d
	}
	return n
}

// WriteNPY writes a version 1.0 .npy file.
func WriteNPY(w io.Writer, a Array) error {
	dims := make([]string, len(a.Shape))
	for i, d := range a.Shape {
		dims[i] = strconv.Itoa(d)
	}
	shape := strings.Join(dims, ", ")
	if len(a.Shape) == 1 {
		shape += ","
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", a.Descr, shape)
	// Pad with spaces so that magic + version + length + header is a
	// multiple of 64 bytes, ending in a newline.
	total := len(npyMagic) + 4 + len(h) + 1
	h += strings.Repeat(" ", (64-total%64)%64) + "\n"
	var buf bytes.Buffer
	buf.WriteString(npyMagic)
	buf.Write([]byte{1, 0})
	binary.Write(&buf, binary.LittleEndian, uint16(len(h)))
	buf.WriteString(h)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(a.Data)
	return err
}

var npyHeader = regexp.MustCompile(`^\{'descr': '([<|][a-zA-Z]\d+)', 'fortran_order': False, 'shape': \(([\d, ]*)\), \} *\n$`)

// ReadNPY parses a .npy file of the form WriteNPY produces.
func ReadNPY(b []byte) (Array, error) {
	var a Array
	if len(b) < 10 || string(b[:6]) != npyMagic {
		return a, fmt.Errorf("not a .npy Array")
	}
	if b[6] != 1 || b[7] != 0 {
		return a, fmt.Errorf(".npy version %d.%d, want 1.0", b[6], b[7])
	}
	hl := int(binary.LittleEndian.Uint16(b[8:10]))
	if 10+hl > len(b) {
		return a, fmt.Errorf("truncated .npy header")
	}
	m := npyHeader.FindStringSubmatch(string(b[10 : 10+hl]))
	if m == nil {
		return a, fmt.Errorf("unsupported .npy header %.60q", b[10:10+hl])
	}
	a.Descr = m[1]
	for _, f := range strings.Split(m[2], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 || d > 1<<30 {
			return a, fmt.Errorf("bad .npy dimension %.40q", f)
		}
		a.Shape = append(a.Shape, d)
	}
	size, err := strconv.Atoi(a.Descr[2:])
	if err != nil {
		return a, err
	}
	if a.Descr[1] == 'U' {
		size *= 4
	}
	a.Data = b[10+hl:]
	if e := a.elems(); e < 0 || e*size != len(a.Data) {
		want := e * size
		return a, fmt.Errorf("Array of shape %v %s needs %d bytes, has %d", a.Shape, a.Descr, want, len(a.Data))
	}
	return a, nil
}

// Constructors and accessors for the element types a checkpoint uses.

func F32(x []float32, shape ...int) Array {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return Array{"<f4", shape, b}
}

func F64(x []float64, shape ...int) Array {
	b := make([]byte, 8*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return Array{"<f8", shape, b}
}

func U8(x []uint8, shape ...int) Array { return Array{"|u1", shape, append([]byte(nil), x...)} }

func I8(x []int8, shape ...int) Array {
	b := make([]byte, len(x))
	for i, v := range x {
		b[i] = byte(v)
	}
	return Array{"|i1", shape, b}
}

func I64Scalar(v int64) Array {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, uint64(v))
	return Array{"<i8", nil, b}
}

func U64Scalar(v uint64) Array {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	return Array{"<u8", nil, b}
}

// Str stores s as a 0-d numpy unicode string (UTF-32 code points).
func Str(s string) Array {
	n := utf8.RuneCountInString(s)
	b := make([]byte, 0, 4*n)
	for _, r := range s {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
	}
	return Array{"<U" + strconv.Itoa(n), nil, b}
}

func (a Array) Check(name, descr string, shape ...int) error {
	if a.Descr != descr {
		return fmt.Errorf("%s has type %s, want %s", name, a.Descr, descr)
	}
	if len(a.Shape) != len(shape) {
		return fmt.Errorf("%s has shape %v, want %v", name, a.Shape, shape)
	}
	for i := range shape {
		if a.Shape[i] != shape[i] {
			return fmt.Errorf("%s has shape %v, want %v", name, a.Shape, shape)
		}
	}
	return nil
}

func (a Array) Float32s() []float32 {
	x := make([]float32, len(a.Data)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(a.Data[4*i:]))
	}
	return x
}

func (a Array) Float64s() []float64 {
	x := make([]float64, len(a.Data)/8)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(a.Data[8*i:]))
	}
	return x
}

func (a Array) Int8s() []int8 {
	x := make([]int8, len(a.Data))
	for i, v := range a.Data {
		x[i] = int8(v)
	}
	return x
}

func (a Array) Uint64() uint64 { return binary.LittleEndian.Uint64(a.Data) }

func (a Array) Text() string {
	var sb strings.Builder
	for i := 0; i+4 <= len(a.Data); i += 4 {
		r := rune(binary.LittleEndian.Uint32(a.Data[i:]))
		if r == 0 {
			break // numpy pads short strings with NUL
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func I64(x []int64, shape ...int) Array {
	b := make([]byte, 8*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(v))
	}
	return Array{"<i8", shape, b}
}

func I32(x []int32, shape ...int) Array {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(v))
	}
	return Array{"<i4", shape, b}
}

func (a Array) Int64s() []int64 {
	x := make([]int64, len(a.Data)/8)
	for i := range x {
		x[i] = int64(binary.LittleEndian.Uint64(a.Data[8*i:]))
	}
	return x
}

func (a Array) Int32s() []int32 {
	x := make([]int32, len(a.Data)/4)
	for i := range x {
		x[i] = int32(binary.LittleEndian.Uint32(a.Data[4*i:]))
	}
	return x
}
