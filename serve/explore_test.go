package serve

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/digits"
	"spikemnist/network"
)

// explorer serves one random network of n neurons, labelled j mod 10
// (labelled false: not labelled).
func explorer(tb testing.TB, n int, labelled bool) *httptest.Server {
	cfg := network.Default(n)
	m := network.NewModel(&cfg, dataset.Pixels)
	run := ExploreRun{Name: "random", Config: &cfg, Model: m, Shape: dataset.MNIST}
	if labelled {
		run.Classes = make([]int8, n)
		for j := range run.Classes {
			run.Classes[j] = int8(j % 10)
		}
	}
	e, err := NewExplorer([]ExploreRun{run}, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return httptest.NewServer(e)
}

// stroke is a PNG of a white bar on black, as the page's canvas sends.
func stroke() []byte {
	img := image.NewGray(image.Rect(0, 0, 280, 280))
	for y := 50; y < 230; y++ {
		for x := 130; x < 150; x++ {
			img.Pix[y*280+x] = 255
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// TestExploreRequests: an answer for a drawn digit, and one clear refusal
// for each bad request, with nothing simulated.
func TestExploreRequests(t *testing.T) {
	srv := explorer(t, 20, true)
	defer srv.Close()
	r, err := http.Post(srv.URL+"/answer?run=0&repeats=2", "image/png", bytes.NewReader(stroke()))
	if err != nil {
		t.Fatal(err)
	}
	var a answer
	json.NewDecoder(r.Body).Decode(&a)
	r.Body.Close()
	if r.StatusCode != 200 || !a.Ink || len(a.Votes) != 10 || a.Repeats != 2 || !strings.HasPrefix(a.Monitor, "data:image/png;base64,") || len(a.Prepared) == 0 {
		t.Fatalf("answer %d: %+v", r.StatusCode, a)
	}
	for _, c := range []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"POST", "/answer?run=0", "not an image", 400, "not a PNG or JPEG"},
		{"POST", "/answer?run=1", "", 400, "run must be 0 to 0"},
		{"POST", "/answer?run=0&repeats=11", "", 400, "repeats must be 1 to 10"},
		{"GET", "/answer?run=0", "", 405, "POST an image"},
		{"POST", "/answer?run=0", strings.Repeat("x", MaxRequestBytes+1), 413, "at most 16 MB"},
		{"GET", "/neuron.json?run=0&neuron=20", "", 400, "neuron must be 0 to 19"},
		{"GET", "/nothing", "", 404, "not found"},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, strings.NewReader(c.body))
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		r.Body.Close()
		if r.StatusCode != c.code || !strings.Contains(b.String(), c.want) {
			t.Errorf("%s %s: %d %q", c.method, c.path, r.StatusCode, b.String())
		}
	}
	unlabelled := explorer(t, 5, false)
	defer unlabelled.Close()
	r, _ = http.Post(unlabelled.URL+"/answer?run=0", "image/png", bytes.NewReader(stroke()))
	var b bytes.Buffer
	b.ReadFrom(r.Body)
	if r.StatusCode != 409 || !strings.Contains(b.String(), "run eval on it first") {
		t.Fatalf("unlabelled run: %d %q", r.StatusCode, b.String())
	}
}

// BenchmarkExploreAnswer measures an answer from request to response: a
// drawn digit decoded, prepared, presented (one presentation) and recorded,
// the rasters drawn.
func BenchmarkExploreAnswer(b *testing.B) {
	for _, n := range []int{400, 6400} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			srv := explorer(b, n, true)
			defer srv.Close()
			body := stroke()
			b.ResetTimer()
			for b.Loop() {
				r, err := http.Post(srv.URL+"/answer?run=0", "image/png", bytes.NewReader(body))
				if err != nil || r.StatusCode != 200 {
					b.Fatal(err, r.StatusCode)
				}
				var sink bytes.Buffer
				sink.ReadFrom(r.Body)
				r.Body.Close()
			}
			b.ReportMetric(1000*b.Elapsed().Seconds()/float64(b.N), "ms/answer")
		})
	}
}

// claimed is the start of a 16-bit RGBA PNG whose header claims w × h
// pixels, its body cut off: what DecodeConfig reads, and no more.
func claimed(w, h int) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewNRGBA64(image.Rect(0, 0, 1, 1)))
	head := b.Bytes()[:33] // signature, IHDR
	binary.BigEndian.PutUint32(head[16:], uint32(w))
	binary.BigEndian.PutUint32(head[20:], uint32(h))
	binary.BigEndian.PutUint32(head[29:], crc32.ChecksumIEEE(head[12:29]))
	return head
}

// TestAnswerMemoryBounded: an image whose preparation would cost more than
// an answer may hold is refused from its header alone; many that claim the
// largest size each wait for the memory the others hold, and a drawn digit
// is answered meanwhile.
func TestAnswerMemoryBounded(t *testing.T) {
	srv := explorer(t, 20, true)
	defer srv.Close()
	r, err := http.Post(srv.URL+"/answer?run=0", "image/png", bytes.NewReader(claimed(1<<25, 1)))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "more than the") {
		t.Fatalf("a 2²⁵ × 1 16-bit PNG: %d %s", r.StatusCode, msg)
	}
	if c := digits.DecodeCost(image.Config{ColorModel: color.NRGBA64Model, Width: 5792, Height: 5792}); c > AnswerMemory-MaxRequestBytes {
		t.Fatalf("an image at the size bound costs %d MB, more than an answer may hold", c>>20)
	}
	done := make(chan int, 8)
	for range 8 {
		go func() {
			r, err := http.Post(srv.URL+"/answer?run=0", "image/png", bytes.NewReader(claimed(5792, 5792)))
			if err != nil {
				done <- 0
				return
			}
			r.Body.Close()
			done <- r.StatusCode
		}()
	}
	r, err = http.Post(srv.URL+"/answer?run=0", "image/png", bytes.NewReader(stroke()))
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("a drawn digit beside them: %v %v", r.StatusCode, err)
	}
	for range 8 {
		if code := <-done; code != http.StatusBadRequest {
			t.Fatalf("a cut-off image claiming 5792 × 5792: %d", code)
		}
	}
}
