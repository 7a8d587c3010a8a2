// Package dataset reads the MNIST handwritten digits from the four official
// IDX files, gzip-compressed or plain, and fetches them when they are
// missing; and a data set of one's own in the same layout and file names,
// of any image size and any number of classes (KindIDX).
//
// Every file is checked strictly: magic number, dimensions, record counts,
// truncation, trailing bytes, label range, and, for MNIST (KindMNIST), the
// sha256 of the decompressed content against the published value, so that
// no other set passes for it. A set's Shape (rows, columns, classes) comes
// from its files: MNIST's is 28×28 and 10; a set of one's own has its
// images' size and as many classes as its largest label says. A problem is
// reported as one error that names the file and what is wrong with it.
package dataset
