package dataset

import "fmt"

// Shape is what a data set's examples are: images of Rows × Cols pixels
// and labels 0 … Classes−1.
type Shape struct {
	Rows    int `json:"rows"`
	Cols    int `json:"cols"`
	Classes int `json:"classes"`
}

// MNIST is the shape of the official digits.
var MNIST = Shape{Rows: 28, Cols: 28, Classes: 10}

// Bounds on a shape: the network numbers its inputs in 16 bits and labels
// its neurons in 8 (−1 for none).
const (
	MaxPixels  = 1<<15 - 1
	MaxClasses = 127
)

// Pixels is the number of pixels of one image, one input each.
func (s Shape) Pixels() int { return s.Rows * s.Cols }

// String reads "28×28, 10 classes".
func (s Shape) String() string { return fmt.Sprintf("%d×%d, %d classes", s.Rows, s.Cols, s.Classes) }

// Check reports a shape this program cannot use.
func (s Shape) Check() error {
	switch {
	case s.Rows < 1 || s.Cols < 1 || s.Rows > 1024 || s.Cols > 1024:
		return fmt.Errorf("images of %d×%d pixels", s.Rows, s.Cols)
	case s.Pixels() > MaxPixels:
		return fmt.Errorf("images of %d×%d = %d pixels, more than the %d inputs this program supports", s.Rows, s.Cols, s.Pixels(), MaxPixels)
	case s.Classes < 1 || s.Classes > MaxClasses:
		return fmt.Errorf("%d classes, not in [1, %d]", s.Classes, MaxClasses)
	}
	return nil
}

// Takes reports data of shape d that a network made for shape s cannot
// take: images of another size, or more classes.
func (s Shape) Takes(d Shape) error {
	if d.Rows != s.Rows || d.Cols != s.Cols || d.Classes > s.Classes {
		return fmt.Errorf("the network is for images of %s; these data are %s", s, d)
	}
	return nil
}

// Kind says what a folder of IDX files in MNIST's layout holds.
type Kind string

const (
	// KindMNIST is the official MNIST: 28×28 digits, every file checked
	// against its published sha256, fetched when missing.
	KindMNIST Kind = "mnist"
	// KindIDX is a set of one's own in MNIST's layout and file names: images
	// of any size, labels 0 … K−1 for any K up to MaxClasses, no checksum.
	KindIDX Kind = "idx"
)

// Kinds lists the kinds a command accepts.
var Kinds = []Kind{KindMNIST, KindIDX}

// ParseKind checks a kind given by name.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown data set kind %.40q (want mnist: the official files, or idx: a set of your own in MNIST's layout)", s)
}
