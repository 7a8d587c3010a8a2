package dataset

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"spikemnist/internal/readfile"
)

// Pixels is the number of pixels of one MNIST image (28×28).
const Pixels = 28 * 28

// Set is one split of a data set: Len images of Shape's size and their
// labels.
type Set struct {
	Name   string // "train" or "test"
	Shape  Shape
	Pixels []byte // image k is Pixels[k*p : (k+1)*p], p = Shape.Pixels(), row-major, 0–255
	Labels []byte // class of image k
}

// Len is the number of examples in the set.
func (s *Set) Len() int { return len(s.Labels) }

// Image returns the pixels of example k.
func (s *Set) Image(k int) []byte {
	p := s.Shape.Pixels()
	return s.Pixels[k*p : (k+1)*p]
}

// Head returns a view of the first n examples (all of them if n ≤ 0 or
// n ≥ Len).
func (s *Set) Head(n int) *Set {
	if n <= 0 || n >= s.Len() {
		return s
	}
	return &Set{Name: s.Name, Shape: s.Shape, Pixels: s.Pixels[:n*s.Shape.Pixels()], Labels: s.Labels[:n]}
}

// HoldOut splits off the last n examples as a validation set, named
// "held-out <name>", and returns the examples before them as rest; n must be
// in [1, Len). A network trained on rest (train -examples Len−n) has never
// seen held, so candidates can be compared on it without touching the test
// digits that a report gives.
func (s *Set) HoldOut(n int) (rest, held *Set) {
	k := s.Len() - n
	p := s.Shape.Pixels()
	rest = &Set{Name: s.Name, Shape: s.Shape, Pixels: s.Pixels[:k*p], Labels: s.Labels[:k]}
	held = &Set{Name: "held-out " + s.Name, Shape: s.Shape, Pixels: s.Pixels[k*p:], Labels: s.Labels[k:]}
	return rest, held
}

// File names of the official distribution, without the .gz suffix.
const (
	TrainImages = "train-images-idx3-ubyte"
	TrainLabels = "train-labels-idx1-ubyte"
	TestImages  = "t10k-images-idx3-ubyte"
	TestLabels  = "t10k-labels-idx1-ubyte"
)

// Files lists the four files of the distribution.
var Files = []string{TrainImages, TrainLabels, TestImages, TestLabels}

// sha256 of each decompressed file, as published for the official files.
var checksums = map[string]string{
	TrainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
	TrainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
	TestImages:  "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
	TestLabels:  "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

// ErrMissing is wrapped by errors about a data file that is not there.
var ErrMissing = errors.New("not found")

// DefaultDir is where the commands look for MNIST when no folder is given:
// $MNIST_DIR if set, else a folder in the user's cache.
func DefaultDir() string {
	if d := os.Getenv("MNIST_DIR"); d != "" {
		return d
	}
	if c, err := os.UserCacheDir(); err == nil {
		return filepath.Join(c, "spikemnist", "mnist")
	}
	return filepath.Join(os.TempDir(), "spikemnist-mnist")
}

// MaxSetBytes bounds the pixels of one split of a set of one's own.
const MaxSetBytes = 1 << 30

// Load reads the training or test split ("train" or "test") of a set of
// the given kind from dir. An MNIST split has Shape MNIST; a split of one's
// own has the images' size and as many classes as its largest label says.
func Load(dir string, kind Kind, split string) (*Set, error) {
	imgName, labName := TrainImages, TrainLabels
	switch split {
	case "train":
	case "test":
		imgName, labName = TestImages, TestLabels
	default:
		return nil, fmt.Errorf("dataset: unknown split %.40q (want train or test)", split)
	}
	// The official sets' sizes: no file may make Load read more.
	want := shape{maxN: map[string]int{"train": 60000, "test": 10000}[split], rows: 28, cols: 28}
	classes, check := MNIST.Classes, checkSum
	switch kind {
	case KindMNIST:
	case KindIDX:
		want = shape{maxN: maxRecords, maxPixels: MaxPixels, maxBytes: MaxSetBytes}
		classes, check = MaxClasses, nil
	default:
		return nil, fmt.Errorf("dataset: unknown kind %.40q", kind)
	}
	var n, rows, cols int
	var pix []byte
	imgSum, err := readFile(dir, imgName, check, func(r io.Reader) (err error) {
		n, rows, cols, pix, err = readImagesUpTo(r, want)
		return err
	})
	if err != nil {
		return nil, err
	}
	var lab []byte
	labSum, err := readFile(dir, labName, check, func(r io.Reader) (err error) {
		lab, err = readLabelsUpTo(r, want.maxN, classes)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The most telling complaint first: shape, then agreement, then the
	// checksum (which any of the others would also break).
	if n != len(lab) {
		return nil, fmt.Errorf("dataset: %s has %d images but %s has %d labels", filepath.Join(dir, imgName), n, labName, len(lab))
	}
	if imgSum != nil {
		return nil, imgSum
	}
	if labSum != nil {
		return nil, labSum
	}
	sh := MNIST
	if kind == KindIDX {
		sh = Shape{Rows: rows, Cols: cols, Classes: int(slices.Max(lab)) + 1}
	}
	return &Set{Name: split, Shape: sh, Pixels: pix, Labels: lab}, nil
}

// Path returns the path of the named file in dir: name.gz if present,
// else name. It wraps ErrMissing when neither exists; a file or folder
// that is there but cannot be looked at (no permission, not a folder) is
// that error, never missing, so nothing fetches MNIST over it.
func Path(dir, name string) (string, error) {
	for _, p := range []string{filepath.Join(dir, name+".gz"), filepath.Join(dir, name)} {
		_, err := os.Stat(p)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("dataset: %s cannot be read: %w", p, err)
		}
	}
	return "", fmt.Errorf("dataset: %s(.gz) in %s: %w (give the folder of the four MNIST files with -data or MNIST_DIR, or let the command fetch them)", name, dir, ErrMissing)
}

// readFile opens name (gzip or plain) in dir and hands the decompressed
// stream to parse. A read or parse error is returned as err; a content
// whose sha256 check (if not nil) refuses as sumErr.
func readFile(dir, name string, check func(string, hash.Hash) error, parse func(io.Reader) error) (sumErr, err error) {
	path, err := Path(dir, name)
	if err != nil {
		return nil, err
	}
	f, err := readfile.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	r, err := decompressed(f)
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	h := sha256.New()
	if check != nil { // a set of one's own is not hashed: nothing to check it against
		r = io.TeeReader(r, h)
	}
	if err := parse(r); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	if check == nil {
		return nil, nil
	}
	if err := check(name, h); err != nil {
		return fmt.Errorf("dataset: %s: %w", path, err), nil
	}
	return nil, nil
}

// decompressed returns a reader of r's content, gunzipping it when it starts
// with the gzip magic bytes.
func decompressed(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(2)
	if err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return gzipChecked{zr}, nil
	}
	return br, nil
}

// gzipChecked reports a damaged gzip stream as such, not as plain EOF.
type gzipChecked struct{ r *gzip.Reader }

func (g gzipChecked) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

func checkSum(name string, h hash.Hash) error {
	want, ok := checksums[name]
	if !ok {
		return nil
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		return fmt.Errorf("sha256 of the content is %s, want %s (damaged or not the official file)", got[:16]+"…", want[:16]+"…")
	}
	return nil
}
