package checkpoint

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

// An array as stored in one .npy member: a little-endian dtype descriptor,
// a C-order shape and the raw bytes.
type array struct {
	descr string
	shape []int
	data  []byte
}

const npyMagic = "\x93NUMPY"

// elems returns the number of elements, or −1 if it exceeds 2^40.
func (a *array) elems() int {
	n := 1
	for _, d := range a.shape {
		if d != 0 && n > (1<<40)/d {
			return -1
		}
		n *= d
	}
	return n
}

// writeNPY writes a version 1.0 .npy file.
func writeNPY(w io.Writer, a array) error {
	dims := make([]string, len(a.shape))
	for i, d := range a.shape {
		dims[i] = strconv.Itoa(d)
	}
	shape := strings.Join(dims, ", ")
	if len(a.shape) == 1 {
		shape += ","
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", a.descr, shape)
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
	_, err := w.Write(a.data)
	return err
}

var npyHeader = regexp.MustCompile(`^\{'descr': '([<|][a-zA-Z]\d+)', 'fortran_order': False, 'shape': \(([\d, ]*)\), \} *\n$`)

// readNPY parses a .npy file of the form writeNPY produces.
func readNPY(b []byte) (array, error) {
	var a array
	if len(b) < 10 || string(b[:6]) != npyMagic {
		return a, fmt.Errorf("not a .npy array")
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
		return a, fmt.Errorf("unsupported .npy header %q", b[10:10+hl])
	}
	a.descr = m[1]
	for _, f := range strings.Split(m[2], ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 || d > 1<<30 {
			return a, fmt.Errorf("bad .npy dimension %q", f)
		}
		a.shape = append(a.shape, d)
	}
	size, err := strconv.Atoi(a.descr[2:])
	if err != nil {
		return a, err
	}
	if a.descr[1] == 'U' {
		size *= 4
	}
	a.data = b[10+hl:]
	if e := a.elems(); e < 0 || e*size != len(a.data) {
		want := e * size
		return a, fmt.Errorf("array of shape %v %s needs %d bytes, has %d", a.shape, a.descr, want, len(a.data))
	}
	return a, nil
}

// Constructors and accessors for the element types a checkpoint uses.

func f32Array(x []float32, shape ...int) array {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return array{"<f4", shape, b}
}

func f64Array(x []float64, shape ...int) array {
	b := make([]byte, 8*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return array{"<f8", shape, b}
}

func u8Array(x []uint8, shape ...int) array { return array{"|u1", shape, append([]byte(nil), x...)} }

func i8Array(x []int8, shape ...int) array {
	b := make([]byte, len(x))
	for i, v := range x {
		b[i] = byte(v)
	}
	return array{"|i1", shape, b}
}

func i64Scalar(v int64) array {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, uint64(v))
	return array{"<i8", nil, b}
}

func u64Scalar(v uint64) array {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, v)
	return array{"<u8", nil, b}
}

// strScalar stores s as a 0-d numpy unicode string (UTF-32 code points).
func strScalar(s string) array {
	n := utf8.RuneCountInString(s)
	b := make([]byte, 0, 4*n)
	for _, r := range s {
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
	}
	return array{"<U" + strconv.Itoa(n), nil, b}
}

func (a array) check(name, descr string, shape ...int) error {
	if a.descr != descr {
		return fmt.Errorf("%s has type %s, want %s", name, a.descr, descr)
	}
	if len(a.shape) != len(shape) {
		return fmt.Errorf("%s has shape %v, want %v", name, a.shape, shape)
	}
	for i := range shape {
		if a.shape[i] != shape[i] {
			return fmt.Errorf("%s has shape %v, want %v", name, a.shape, shape)
		}
	}
	return nil
}

func (a array) f32() []float32 {
	x := make([]float32, len(a.data)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(a.data[4*i:]))
	}
	return x
}

func (a array) f64() []float64 {
	x := make([]float64, len(a.data)/8)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(a.data[8*i:]))
	}
	return x
}

func (a array) i8() []int8 {
	x := make([]int8, len(a.data))
	for i, v := range a.data {
		x[i] = int8(v)
	}
	return x
}

func (a array) u64() uint64 { return binary.LittleEndian.Uint64(a.data) }

func (a array) str() string {
	var sb strings.Builder
	for i := 0; i+4 <= len(a.data); i += 4 {
		r := rune(binary.LittleEndian.Uint32(a.data[i:]))
		if r == 0 {
			break // numpy pads short strings with NUL
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

func i64Array(x []int64, shape ...int) array {
	b := make([]byte, 8*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(v))
	}
	return array{"<i8", shape, b}
}

func i32Array(x []int32, shape ...int) array {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(v))
	}
	return array{"<i4", shape, b}
}

func (a array) i64() []int64 {
	x := make([]int64, len(a.data)/8)
	for i := range x {
		x[i] = int64(binary.LittleEndian.Uint64(a.data[8*i:]))
	}
	return x
}

func (a array) i32() []int32 {
	x := make([]int32, len(a.data)/4)
	for i := range x {
		x[i] = int32(binary.LittleEndian.Uint32(a.data[4*i:]))
	}
	return x
}
