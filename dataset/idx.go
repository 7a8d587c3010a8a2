package dataset

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// IDX magic numbers: two zero bytes, the element type (0x08 = unsigned byte)
// and the number of dimensions.
const (
	magicLabels = 0x00000801
	magicImages = 0x00000803
)

// maxRecords bounds the record count a header may claim, so that a corrupt
// header cannot make the reader reserve gigabytes.
const maxRecords = 10_000_000

// readImages parses an IDX3 image file and returns the count, the image
// height and width, and the pixels, one image after another.
func readImages(r io.Reader) (n, rows, cols int, pix []byte, err error) {
	return readImagesUpTo(r, shape{maxN: maxRecords})
}

// shape is what a caller can use of an IDX file: at most maxN records and,
// for images, rows × cols pixels (0: any size up to 1024 a side), at most
// maxPixels each and maxBytes in all (0: no bound). The header is
// checked against it before a byte of the body is read, so that a file
// cannot make the reader hold more than its caller will use.
type shape struct{ maxN, rows, cols, maxPixels, maxBytes int }

func readImagesUpTo(r io.Reader, want shape) (n, rows, cols int, pix []byte, err error) {
	n, rows, cols, err = readImageHeader(r, want)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	pix, err = readBody(r, n*rows*cols)
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("%d images of %d×%d: %w", n, rows, cols, err)
	}
	return n, rows, cols, pix, nil
}

// readImageHeader reads an IDX3 image file's header and checks it against
// want.
func readImageHeader(r io.Reader, want shape) (n, rows, cols int, err error) {
	var h [4]uint32
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		return 0, 0, 0, fmt.Errorf("header: %w", truncated(err))
	}
	if h[0] != magicImages {
		return 0, 0, 0, fmt.Errorf("bad magic number 0x%08x (an image file has 0x%08x)", h[0], magicImages)
	}
	n, rows, cols = int(h[1]), int(h[2]), int(h[3])
	if n < 1 || n > maxRecords {
		return 0, 0, 0, fmt.Errorf("header claims %d images", n)
	}
	if rows < 1 || cols < 1 || rows > 1024 || cols > 1024 {
		return 0, 0, 0, fmt.Errorf("header claims images of %d×%d pixels", rows, cols)
	}
	if want.rows > 0 && (rows != want.rows || cols != want.cols) {
		return 0, 0, 0, fmt.Errorf("images are %d×%d, not %d×%d", rows, cols, want.rows, want.cols)
	}
	if n > want.maxN {
		return 0, 0, 0, fmt.Errorf("header claims %d images, more than the %d of this set", n, want.maxN)
	}
	if want.maxPixels > 0 && rows*cols > want.maxPixels {
		return 0, 0, 0, fmt.Errorf("images of %d×%d = %d pixels, more than the %d inputs this program supports", rows, cols, rows*cols, want.maxPixels)
	}
	if want.maxBytes > 0 && n*rows*cols > want.maxBytes {
		return 0, 0, 0, fmt.Errorf("header claims %d images of %d×%d, more than the %d MiB this program reads", n, rows, cols, want.maxBytes>>20)
	}
	return n, rows, cols, nil
}

// readLabels parses an IDX1 label file; every label must be a digit 0–9.
func readLabels(r io.Reader) ([]byte, error) { return readLabelsUpTo(r, maxRecords, 10) }

// readLabelsUpTo reads at most maxN labels, each below classes.
func readLabelsUpTo(r io.Reader, maxN, classes int) ([]byte, error) {
	var h [2]uint32
	if err := binary.Read(r, binary.BigEndian, &h); err != nil {
		return nil, fmt.Errorf("header: %w", truncated(err))
	}
	if h[0] != magicLabels {
		return nil, fmt.Errorf("bad magic number 0x%08x (a label file has 0x%08x)", h[0], magicLabels)
	}
	n := int(h[1])
	if n < 1 || n > maxRecords {
		return nil, fmt.Errorf("header claims %d labels", n)
	}
	if n > maxN {
		return nil, fmt.Errorf("header claims %d labels, more than the %d of this set", n, maxN)
	}
	lab, err := readBody(r, n)
	if err != nil {
		return nil, fmt.Errorf("%d labels: %w", n, err)
	}
	for i, l := range lab {
		switch {
		case int(l) < classes:
		case classes == 10:
			return nil, fmt.Errorf("label %d is %d, not a digit", i, l)
		default:
			return nil, fmt.Errorf("label %d is %d; this program supports classes 0 to %d", i, l, classes-1)
		}
	}
	return lab, nil
}

// readBody reads exactly size bytes and requires the stream to end there.
// A body of up to MaxSetBytes is read into one buffer of exactly its size:
// memory the stream never fills is reserved but never touched, so a corrupt
// header costs address space, not memory, and a full body costs its size
// once. A larger claim (only where no caller bound applies) grows its
// buffer as data arrives.
func readBody(r io.Reader, size int) ([]byte, error) {
	var body []byte
	if size <= MaxSetBytes {
		body = make([]byte, size)
		got, err := io.ReadFull(r, body)
		if err != nil {
			if err == io.ErrUnexpectedEOF || err == io.EOF {
				return nil, fmt.Errorf("truncated: body has %d of %d bytes", got, size)
			}
			return nil, err
		}
	} else {
		var buf bytes.Buffer
		got, err := io.Copy(&buf, io.LimitReader(r, int64(size)))
		if err != nil {
			return nil, truncated(err)
		}
		if got < int64(size) {
			return nil, fmt.Errorf("truncated: body has %d of %d bytes", got, size)
		}
		body = buf.Bytes()
	}
	var one [1]byte
	switch n, err := io.ReadFull(r, one[:]); {
	case n > 0:
		return nil, fmt.Errorf("trailing data after %d bytes", size)
	case err != nil && err != io.EOF:
		return nil, truncated(err) // e.g. a damaged gzip trailer
	}
	return body, nil
}

// WriteIDX writes an IDX file of unsigned bytes to w: the magic number for
// len(dims) dimensions, the dimensions, and body, which must hold their
// product.
func WriteIDX(w io.Writer, dims []int, body []byte) error {
	head := []uint32{0x800 | uint32(len(dims))}
	size := 1
	for _, d := range dims {
		head = append(head, uint32(d))
		size *= d
	}
	if len(dims) == 0 || size != len(body) {
		return fmt.Errorf("IDX of dimensions %v holds %d bytes, not %d", dims, size, len(body))
	}
	if err := binary.Write(w, binary.BigEndian, head); err != nil {
		return err
	}
	_, err := w.Write(body)
	return err
}

func truncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return fmt.Errorf("truncated: %w", io.ErrUnexpectedEOF)
	}
	return err
}
