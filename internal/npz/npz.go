package npz

import (
	"archive/zip"
	"fmt"
	"io"
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
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable .npz archive (%v)", err)
	}
	arrays := map[string]Array{}
	for _, f := range zr.File {
		// A member cannot hold more than the archive could expand to.
		if f.UncompressedSize64 > uint64(size)*1032+1<<20 {
			return nil, fmt.Errorf("member %s claims %d bytes", f.Name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("member %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, int64(f.UncompressedSize64)+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("member %s is damaged: %v", f.Name, err)
		}
		a, err := ReadNPY(data)
		if err != nil {
			return nil, fmt.Errorf("member %s: %v", f.Name, err)
		}
		name := f.Name
		if len(name) > 4 && name[len(name)-4:] == ".npy" {
			name = name[:len(name)-4]
		}
		arrays[name] = a
	}
	return arrays, nil
}
