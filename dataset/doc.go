// Package dataset reads the MNIST handwritten digits from the four official
// IDX files, gzip-compressed or plain, and fetches them when they are missing.
//
// Every file is checked strictly: magic number, dimensions, record counts,
// truncation, trailing bytes, label range, and the sha256 of the decompressed
// content against the published value. A problem is reported as one error
// that names the file and what is wrong with it.
package dataset
