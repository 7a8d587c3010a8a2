package checkpoint

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"spikemnist/internal/npz"
)

// archiveWith is sample(2)'s archive with extra members, deflated.
func archiveWith(t testing.TB, extra map[string][]byte) []byte {
	t.Helper()
	var plain bytes.Buffer
	if err := Encode(&plain, sample(2)); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(plain.Bytes()), int64(plain.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		zw.Copy(f)
	}
	for name, data := range extra {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		w.Write(data)
	}
	zw.Close()
	return out.Bytes()
}

// TestUnknownMembersAreNotRead: a member this program does not know, even
// one that expands to hundreds of megabytes, is skipped without reading.
func TestUnknownMembersAreNotRead(t *testing.T) {
	b := archiveWith(t, map[string][]byte{"junk.npy": make([]byte, 256<<20)})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := Decode(b); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Fatalf("decoding allocated %d MB", grew>>20)
	}
}

// TestMembersBoundedByShape: a known member larger than its shape allows
// is refused from its claimed size, before it is expanded.
func TestMembersBoundedByShape(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.npz")
	rewrite(t, path, sample(2), "assignments", npz.I8(make([]int8, 4<<20), 4<<20))
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Fatalf("error %v", err)
	}
}

// TestDuplicateAndOverlappingMembers: two members of one name, or two
// directory entries that share their data, are refused.
func TestDuplicateAndOverlappingMembers(t *testing.T) {
	dup := archiveWith(t, map[string][]byte{"theta.npy": []byte("x")})
	if _, err := Decode(dup); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate: %v", err)
	}
	// The last central directory entry again, under another name, pointing
	// at the same data.
	b := archiveWith(t, nil)
	eocd := bytes.LastIndex(b, []byte("PK\x05\x06"))
	cdSize := binary.LittleEndian.Uint32(b[eocd+12:])
	cdOff := binary.LittleEndian.Uint32(b[eocd+16:])
	cd := b[cdOff : cdOff+cdSize]
	last := bytes.LastIndex(cd, []byte("PK\x01\x02"))
	entry := append([]byte(nil), cd[last:]...)
	nameLen := binary.LittleEndian.Uint16(entry[28:])
	copy(entry[46:46+nameLen], bytes.Repeat([]byte("z"), int(nameLen)))
	var out bytes.Buffer
	out.Write(b[:cdOff+cdSize])
	out.Write(entry)
	tail := append([]byte(nil), b[eocd:]...)
	n := binary.LittleEndian.Uint16(tail[10:]) + 1
	binary.LittleEndian.PutUint16(tail[8:], n)
	binary.LittleEndian.PutUint16(tail[10:], n)
	binary.LittleEndian.PutUint32(tail[12:], cdSize+uint32(len(entry)))
	out.Write(tail)
	if _, err := Decode(out.Bytes()); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("overlapping members: %v", err)
	}
}

// FuzzDecodeBounded feeds arbitrary bytes to the checkpoint reader: it must
// never allocate more than its members could hold, which for deflate is at
// most about 1032 times their compressed size, plus a fixed overhead.
func FuzzDecodeBounded(f *testing.F) {
	f.Add(archiveWith(f, nil))
	f.Add(archiveWith(f, map[string][]byte{"junk.npy": make([]byte, 1<<12)}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		Decode(b)
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1100*uint64(len(b))+32<<20 {
			t.Fatalf("%d bytes of input made Decode allocate %d bytes", len(b), grew)
		}
	})
}
