package dataset

import (
	"fmt"

	"spikemnist/internal/readfile"
)

// ReadIDXImages reads an IDX image file (gzip or plain) of any image size,
// as a user's own digits come: the count, height, width and pixels, at
// most maxImages images and MaxSetBytes pixels in all.
func ReadIDXImages(path string, maxImages int) (n, rows, cols int, pix []byte, err error) {
	f, err := readfile.Open(path)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	defer f.Close()
	r, err := decompressed(f)
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	n, rows, cols, pix, err = readImagesUpTo(r, shape{maxN: maxImages, maxBytes: MaxSetBytes})
	if err != nil {
		return 0, 0, 0, nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, rows, cols, pix, nil
}
