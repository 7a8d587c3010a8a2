package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spikemnist/checkpoint"
	"spikemnist/dataset"
	"spikemnist/dataset/datasettest"
	"spikemnist/network"
	"spikemnist/network/cpu"
	"spikemnist/results"
)

// labelledNetwork trains 64 neurons on 2000 digits and labels them from
// the next 1000.
func labelledNetwork(t *testing.T) string {
	t.Helper()
	train := datasettest.Load(t, "train")
	cfg, m := trainOn(t, 64, 2000)
	counts := make([]int32, cfg.Neurons)
	acc := results.NewAccumulator(cfg.Neurons, 10)
	frozen := cpu.NewSim(cfg, m, false)
	for k := 2000; k < 3000; k++ {
		frozen.Present(train.Image(k), network.PurposeAssign, uint64(k), counts)
		acc.Add(counts, train.Labels[k])
	}
	c, err := checkpoint.New(cfg, m, dataset.MNIST, 2000, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Assignments = acc.Assign().Classes()
	path := filepath.Join(t.TempDir(), "checkpoint.npz")
	if err := checkpoint.Save(path, c); err != nil {
		t.Fatal(err)
	}
	return path
}

func runClassify(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Classify(args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestClassifyOwnDigits writes 60 test digits as a user might draw them —
// dark on light, four times the size, off centre, in colour — and checks
// that the network reads them about as it reads the digits themselves.
func TestClassifyOwnDigits(t *testing.T) {
	test := datasettest.Load(t, "test")
	ck := labelledNetwork(t)
	dir := t.TempDir()
	const n = 60
	var idx bytes.Buffer
	binary.Write(&idx, binary.BigEndian, [4]uint32{0x803, n, 28, 28})
	var pngs []string
	for k := 0; k < n; k++ {
		img := test.Image(k)
		idx.Write(img)
		big := image.NewNRGBA(image.Rect(0, 0, 150, 130))
		for y := 0; y < 130; y++ {
			for x := 0; x < 150; x++ {
				big.Set(x, y, color.NRGBA{250, 245, 230, 255}) // paper
			}
		}
		for y := 0; y < 112; y++ {
			for x := 0; x < 112; x++ {
				a := float64(img[(y/4)*28+x/4]) / 255 // ink: paper to dark blue
				mix := func(paper, ink float64) uint8 { return uint8(paper + a*(ink-paper)) }
				big.Set(x+30, y+10, color.NRGBA{mix(250, 20), mix(245, 30), mix(230, 110), 255})
			}
		}
		p := filepath.Join(dir, "d"+strings.Repeat("0", 3-len(itoa(k)))+itoa(k)+".png")
		f, _ := os.Create(p)
		png.Encode(f, big)
		f.Close()
		pngs = append(pngs, p)
	}
	idxPath := filepath.Join(dir, "digits-idx3-ubyte")
	os.WriteFile(idxPath, idx.Bytes(), 0o644)

	read := func(args ...string) []classified {
		code, stdout, stderr := runClassify(append([]string{"-format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("classify %q: exit %d: %s", args[:min(3, len(args))], code, stderr)
		}
		var out []classified
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	raw := read(append([]string{ck}, idxPath)...)
	drawn := read(append([]string{ck}, pngs...)...)
	if len(raw) != n || len(drawn) != n {
		t.Fatalf("%d and %d answers for %d digits", len(raw), len(drawn), n)
	}
	right, rightDrawn, same := 0, 0, 0
	for k := 0; k < n; k++ {
		if raw[k].Class == int(test.Labels[k]) {
			right++
		}
		if drawn[k].Class == int(test.Labels[k]) {
			rightDrawn++
		}
		if raw[k].Class == drawn[k].Class {
			same++
		}
	}
	t.Logf("as MNIST gives them %d/%d right, drawn %d/%d, the same answer %d/%d", right, n, rightDrawn, n, same, n)
	if right < n/2 || rightDrawn < right-n/10 || same < n*3/4 {
		t.Fatalf("as MNIST gives them %d/%d right, drawn %d/%d, the same answer %d/%d", right, n, rightDrawn, n, same, n)
	}

	code, stdout, _ := runClassify(ck, pngs[0])
	if code != 0 || !strings.HasPrefix(stdout, pngs[0]+": ") || !strings.Contains(stdout, "votes 0:") {
		t.Fatalf("text output: %q", stdout)
	}
}

func itoa(k int) string {
	b, _ := json.Marshal(k)
	return string(b)
}

func TestClassifyErrors(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.png")
	f, _ := os.Create(blank)
	png.Encode(f, image.NewGray(image.Rect(0, 0, 40, 40)))
	f.Close()
	junk := filepath.Join(dir, "junk.png")
	os.WriteFile(junk, []byte("not an image at all"), 0o644)
	unlabelled := saveTrained(t, t.TempDir())
	ck := labelledNetwork(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{ck}, 2, "name a checkpoint (or run folder) and at least one image"},
		{[]string{"-format", "xml", ck, blank}, 2, "-format must be text or json"},
		{[]string{"-prepare", "sometimes", ck, blank}, 2, "-prepare must be auto, always or never"},
		{[]string{unlabelled, blank}, 1, "has no labels: run eval on it first"},
		{[]string{ck, filepath.Join(dir, "missing.png")}, 1, "no such file"},
		{[]string{ck, junk}, 1, "junk.png: image: unknown format"},
		{[]string{"-prepare", "never", ck, blank}, 1, "40×40 pixels, and -prepare never takes only the network's 28×28"},
	} {
		code, _, stderr := runClassify(c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") > 1 && c.code == 1 {
			t.Errorf("%q: exit %d, %q; want %d, %q", c.args, code, stderr, c.code, c.want)
		}
	}
	code, stdout, _ := runClassify(ck, blank)
	if code != 0 || !strings.Contains(stdout, "blank.png: no ink found") {
		t.Fatalf("blank image: exit %d, %q", code, stdout)
	}
}
