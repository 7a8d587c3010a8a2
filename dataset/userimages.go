package dataset

import (
	"fmt"
	"io"
	"os"

	"spikemnist/internal/readfile"
)

// IDXImages reads an IDX image file (gzip or plain) of any image size one
// image at a time, as a user's own digits come: however many images the
// file holds, it holds one.
type IDXImages struct {
	N, Rows, Cols int // images, and each one's height and width
	path          string
	f             *os.File
	r             io.Reader
	img           []byte
}

// OpenIDXImages opens path and reads its header: at most maxImages images
// of at most 1024 pixels a side.
func OpenIDXImages(path string, maxImages int) (*IDXImages, error) {
	f, err := readfile.Open(path)
	if err != nil {
		return nil, err
	}
	x := &IDXImages{path: path, f: f}
	if x.r, err = decompressed(f); err == nil {
		x.N, x.Rows, x.Cols, err = readImageHeader(x.r, shape{maxN: maxImages})
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	x.img = make([]byte, x.Rows*x.Cols)
	return x, nil
}

// Next returns the next image's pixels, valid until the next call.
func (x *IDXImages) Next() ([]byte, error) {
	if _, err := io.ReadFull(x.r, x.img); err != nil {
		return nil, fmt.Errorf("%s: %d images of %d×%d: %w", x.path, x.N, x.Rows, x.Cols, truncated(err))
	}
	return x.img, nil
}

// Close closes the file.
func (x *IDXImages) Close() error { return x.f.Close() }
