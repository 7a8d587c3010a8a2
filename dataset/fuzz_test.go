package dataset

import (
	"bytes"
	"testing"
)

// FuzzReadIDX feeds arbitrary bytes, plain or behind the gzip detection, to
// both IDX parsers: they must never panic, and what they accept must be
// consistent with its header.
func FuzzReadIDX(f *testing.F) {
	f.Add(idxImages(2, 2, 3, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}))
	f.Add(idxLabels(3, []byte{1, 2, 9}))
	f.Add(gz(idxImages(1, 28, 28, make([]byte, 784))))
	f.Add(gz(idxLabels(2, []byte{0, 7})))
	f.Add([]byte{0, 0, 8, 3, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := decompressed(bytes.NewReader(b))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err != nil {
			return
		}
		body := buf.Bytes()
		if n, rows, cols, pix, err := readImages(bytes.NewReader(body)); err == nil && len(pix) != n*rows*cols {
			t.Fatalf("%d images of %d×%d but %d pixels", n, rows, cols, len(pix))
		}
		if lab, err := readLabels(bytes.NewReader(body)); err == nil {
			for _, l := range lab {
				if l > 9 {
					t.Fatalf("label %d accepted", l)
				}
			}
		}
	})
}
