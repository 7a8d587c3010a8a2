package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/digits"
	"spikemnist/experiment"
	"spikemnist/internal/atomicfile"
	"spikemnist/internal/readfile"
	"spikemnist/network"
	"spikemnist/results"
)

const classifyUsage = `usage: classify [flags] CHECKPOINT|RUN_DIR IMAGE...

Classifies your own digits with a labelled network (run eval on it first).
An IMAGE is a PNG or JPEG file holding one digit, of any size, grey or
colour, dark on light or light on dark; or an IDX image file (gzip or
plain), each of its images one digit. Each is prepared as MNIST's digits
were: its ink scaled to fit 20×20 pixels, centred by its centre of mass in
28×28, light on dark (for a network trained on a set of your own, the same
in its image size, the box 20/28 of its shorter side). Prints each digit's
class and every class's vote (the mean spike count of the neurons labelled
with it: the all-activity vote).

`

// classified is one digit's answer.
type classified struct {
	File   string    `json:"file"`
	Index  int       `json:"index"` // within an IDX file; 0 for an image file
	IDX    bool      `json:"-"`
	Class  int       `json:"class"` // −1: no ink, or no spike from a labelled neuron
	Votes  []float64 `json:"votes"` // mean spikes of each class's neurons, over the presentations
	Spikes int64     `json:"spikes"`
	Ink    bool      `json:"ink"`
	// Readout is the class the linear readout saved by eval -readout gives
	// (absent without one).
	Readout *int `json:"readout,omitempty"`
}

// maxOwnImages bounds the digits one call classifies.
const maxOwnImages = 100000

func Classify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("classify", classifyUsage, stderr)
	format := fs.String("format", "text", "output: text or json")
	repeats := fs.Int("repeats", 1, "presentations of each digit, each with fresh input spikes; the votes are summed over them")
	workers := fs.Int("workers", 0, "parallel workers (0: one per core); results do not depend on it")
	prepare := fs.String("prepare", digits.PrepareAuto, "prepare the digits as MNIST's were: auto (all but the IDX images of the network's size, 28×28 for MNIST, taken to be prepared already), always, never (then every image must be of that size)")
	save := fs.String("save", "", "folder to write each prepared digit into as PNG, to see what the network saw")
	pos, code := parseCommand(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch {
	case len(pos) < 2:
		fmt.Fprintln(stderr, "classify: name a checkpoint (or run folder) and at least one image")
		fs.Usage()
		return 2
	case badFlag(stderr, "classify", oneOf("format", *format, "text", "json"), within("repeats", *repeats, 1, 1000),
		oneOf("prepare", *prepare, digits.PrepareAuto, digits.PrepareAlways, digits.PrepareNever), notNegative("workers", *workers)):
		return 2
	}
	path := experiment.CheckpointPath(pos[0])
	ck, cfg, m, err := checkpoint.LoadNetwork(path)
	if err != nil {
		fmt.Fprintf(stderr, "classify: %v\n", err)
		return 1
	}
	if ck.Assignments == nil {
		fmt.Fprintf(stderr, "classify: checkpoint %s has no labels: run eval on it first\n", path)
		return 1
	}
	if *save != "" {
		if err := distinctNames(pos[1:]); err != nil {
			fmt.Fprintf(stderr, "classify: -save: %v\n", err)
			return 2
		}
	}
	sh := ck.Shape
	answers, set, err := readAll(pos[1:], sh, *prepare, *save)
	if err != nil {
		fmt.Fprintf(stderr, "classify: %v\n", err)
		return 1
	}
	readout := experiment.ReadoutOf(ck.Readout, ck.N, sh.Classes)
	if err := vote(answers, cfg, m, set, results.FromClasses(ck.Assignments, sh.Classes), readout, *repeats, *workers); err != nil {
		fmt.Fprintf(stderr, "classify: %v\n", err)
		return 1
	}
	if *format == "json" {
		b, _ := json.MarshalIndent(answers, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	printAnswers(stdout, answers, *repeats)
	return 0
}

// readAll prepares the digits of every file (digits.Prepare in mode
// prepare) for a network of shape sh, as one set; with save, it writes each
// prepared digit into that folder.
func readAll(files []string, sh dataset.Shape, prepare, save string) ([]classified, *dataset.Set, error) {
	var answers []classified
	set := &dataset.Set{Name: "your digits", Shape: sh}
	for _, f := range files {
		src, err := readDigits(f)
		if err != nil {
			return nil, nil, err
		}
		defer src.close()
		if len(answers)+src.count > maxOwnImages {
			return nil, nil, fmt.Errorf("more than %d digits in one call", maxOwnImages)
		}
		for i := range src.count {
			g, err := src.grey(i)
			if err != nil {
				return nil, nil, err
			}
			pix, ink, err := digits.Prepare(g, sh, prepare, src.idx)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", f, err)
			}
			answers = append(answers, classified{File: f, Index: i, IDX: src.idx, Class: -1, Ink: ink, Votes: make([]float64, sh.Classes)})
			set.Pixels = append(set.Pixels, pix...)
			set.Labels = append(set.Labels, 0)
			if save != "" {
				if err := savePNG(save, f, i, src.count, pix, sh); err != nil {
					return nil, nil, fmt.Errorf("-save: %w", err)
				}
			}
		}
	}
	return answers, set, nil
}

// vote fills in each digit's answer (experiment.Classify).
func vote(answers []classified, cfg *network.Config, m *network.Model, set *dataset.Set, a *results.Assignment, readout *results.LogReg, repeats, workers int) error {
	got, err := experiment.Classify(context.Background(), cfg, m, set, a, readout, repeats, workers, nil)
	if err != nil {
		return err
	}
	for k, g := range got {
		answers[k].Class, answers[k].Votes, answers[k].Spikes = g.Class, g.Votes, g.Spikes
		if readout != nil && answers[k].Ink {
			answers[k].Readout = &got[k].Readout
		}
	}
	return nil
}

// printAnswers writes one line per digit: its class and the mean votes.
func printAnswers(w io.Writer, answers []classified, repeats int) {
	for _, c := range answers {
		name := c.File
		if c.IDX {
			name = fmt.Sprintf("%s[%d]", c.File, c.Index)
		}
		var votes []string
		for k, v := range c.Votes {
			votes = append(votes, fmt.Sprintf("%d:%.2f", k, v/float64(repeats)))
		}
		switch {
		case !c.Ink:
			fmt.Fprintf(w, "%s: no ink found\n", name)
		case c.Class < 0:
			fmt.Fprintf(w, "%s: no labelled neuron fired (%d spikes)\n", name, c.Spikes)
		case c.Readout != nil:
			fmt.Fprintf(w, "%s: %d   readout %d   votes %s\n", name, c.Class, *c.Readout, strings.Join(votes, " "))
		default:
			fmt.Fprintf(w, "%s: %d   votes %s\n", name, c.Class, strings.Join(votes, " "))
		}
	}
}

// digitSource is the digits of one input file, read and converted to grey
// levels one at a time and in order, so that a large IDX file costs one
// image; grey's result is valid until its next call.
type digitSource struct {
	count int
	idx   bool // an IDX file, not an image file
	grey  func(i int) (digits.Grey, error)
	close func()
}

// readDigits opens an image file (one digit) or an IDX image file (many).
func readDigits(path string) (digitSource, error) {
	b := make([]byte, 4)
	f, err := readfile.Open(path)
	if err != nil {
		return digitSource{}, err
	}
	n, _ := io.ReadFull(f, b)
	f.Close()
	if !(n == 4 && (b[0] == 0x1f && b[1] == 0x8b || b[0] == 0 && b[1] == 0 && b[2] == 0x08 && b[3] == 3)) {
		img, err := digits.ReadImage(path)
		if err != nil {
			return digitSource{}, err
		}
		g := digits.GreyOf(img)
		return digitSource{count: 1, grey: func(int) (digits.Grey, error) { return g, nil }, close: func() {}}, nil
	}
	x, err := dataset.OpenIDXImages(path, maxOwnImages)
	if err != nil {
		return digitSource{}, err
	}
	g := digits.Grey{W: x.Cols, H: x.Rows, V: make([]float64, x.Rows*x.Cols)}
	return digitSource{count: x.N, idx: true, close: func() { x.Close() }, grey: func(int) (digits.Grey, error) {
		pix, err := x.Next()
		if err != nil {
			return g, err
		}
		g.SetBytes(pix)
		return g, nil
	}}, nil
}

// savePNG writes a prepared digit as DIR/NAME.png (NAME-K.png within an IDX file).
// distinctNames refuses inputs that savePNG would save under one name.
func distinctNames(files []string) error {
	seen := map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		if g, ok := seen[name]; ok {
			return fmt.Errorf("%.100s and %.100s would both be saved as %s.png: classify them in separate calls", g, f, name)
		}
		seen[name] = f
	}
	return nil
}

func savePNG(dir, file string, i, of int, pix []byte, sh dataset.Shape) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if of > 1 {
		name = fmt.Sprintf("%s-%d", name, i)
	}
	img := image.NewGray(image.Rect(0, 0, sh.Cols, sh.Rows))
	copy(img.Pix, pix)
	return atomicfile.Write(filepath.Join(dir, name+".png"), func(w io.Writer) error { return png.Encode(w, img) })
}
