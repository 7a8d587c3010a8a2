package npz

import (
	"archive/zip"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Member is one named array of an archive; numpy.load lists it by Name.
type Member struct {
	Name  string
	Array Array
}

// Write writes the members as an uncompressed .npz archive.
func Write(w io.Writer, members []Member) error {
	zw := zip.NewWriter(w)
	for _, m := range members {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: m.Name + ".npy", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := WriteNPY(f, m.Array); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Read reads every array of the .npz archive in r (of the given size),
// checking each member's CRC. Members are keyed by name without ".npy".
func Read(r io.ReaderAt, size int64) (map[string]Array, error) {
	a, err := Open(r, size)
	if err != nil {
		return nil, err
	}
	arrays := map[string]Array{}
	for name := range a.files {
		// A member cannot hold more than the archive could expand to.
		x, err := a.Get(name, size*1032+1<<20)
		if err != nil {
			return nil, err
		}
		arrays[name] = x
	}
	return arrays, nil
}

// Archive is an opened .npz archive whose members are read one at a time,
// each no larger than its reader allows, so that a small file cannot make
// its reader hold gigabytes, and members nobody asks for are never read.
type Archive struct {
	files map[string]*zip.File // by name without ".npy"
}

// Open reads the archive's directory. It refuses two members of one name
// and members whose data overlap (a zip bomb's trick for expanding the
// same bytes many times).
func Open(r io.ReaderAt, size int64) (*Archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable .npz archive (%v)", err)
	}
	a := &Archive{files: map[string]*zip.File{}}
	type span struct {
		from, to int64
		name     string
	}
	var spans []span
	for _, f := range zr.File {
		name := strings.TrimSuffix(f.Name, ".npy")
		if _, dup := a.files[name]; dup {
			return nil, fmt.Errorf("member %s appears twice", f.Name)
		}
		a.files[name] = f
		off, err := f.DataOffset()
		if err != nil {
			return nil, fmt.Errorf("member %s: %v", f.Name, err)
		}
		if f.CompressedSize64 > uint64(size) || off+int64(f.CompressedSize64) > size {
			return nil, fmt.Errorf("member %s claims data beyond the end of the archive", f.Name)
		}
		spans = append(spans, span{off, off + int64(f.CompressedSize64), f.Name})
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.from, y.from) })
	for k := 1; k < len(spans); k++ {
		if spans[k].from < spans[k-1].to {
			return nil, fmt.Errorf("members %s and %s overlap", spans[k-1].name, spans[k].name)
		}
	}
	return a, nil
}

// Has tells whether the archive holds the member.
func (a *Archive) Has(name string) bool { _, ok := a.files[name]; return ok }

// Descr is the member's .npy type without reading its data ("" if it has
// none or is missing), read from a header of at most 64 KiB.
func (a *Archive) Descr(name string) string {
	f, ok := a.files[name]
	if !ok {
		return ""
	}
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	head := make([]byte, 10)
	if _, err := io.ReadFull(rc, head); err != nil || string(head[:6]) != npyMagic {
		return ""
	}
	hl := int(binary.LittleEndian.Uint16(head[8:10]))
	h := make([]byte, hl)
	if _, err := io.ReadFull(rc, h); err != nil {
		return ""
	}
	if m := npyHeader.FindStringSubmatch(string(h)); m != nil {
		return m[1]
	}
	return ""
}

// Get reads and parses the member, refusing it if it holds more than limit
// bytes (header included).
func (a *Archive) Get(name string, limit int64) (Array, error) {
	f, ok := a.files[name]
	if !ok {
		return Array{}, fmt.Errorf("array %s is missing", name)
	}
	if f.UncompressedSize64 > uint64(limit) {
		return Array{}, fmt.Errorf("member %s claims %d bytes, more than the %d it can hold", f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return Array{}, fmt.Errorf("member %s: %v", f.Name, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	rc.Close()
	if err != nil {
		return Array{}, fmt.Errorf("member %s is damaged: %v", f.Name, err)
	}
	x, err := ReadNPY(data)
	if err != nil {
		return Array{}, fmt.Errorf("member %s: %v", f.Name, err)
	}
	return x, nil
}
