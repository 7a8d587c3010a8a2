package serve

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"spikemnist/dataset"
	"spikemnist/experiment"
)

func TestLiveServesStateAndPictures(t *testing.T) {
	l := NewLive()
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		l.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	if w := get("/fields.png"); w.Code != http.StatusNotFound {
		t.Fatalf("a picture before any state: %d", w.Code)
	}
	if w := get("/"); w.Code != 200 || !strings.Contains(w.Body.String(), `fetch("/state.json"`) {
		t.Fatal("the page does not poll the state")
	}
	n, prop := 16, 63.25
	img := make([]byte, 784)
	img[14*28+8] = 255
	counts := make([]int32, n)
	counts[3] = 7
	w := make([]float32, 784*n)
	for i := range w {
		w[i] = float32(i%7) / 10
	}
	l.SetRun("r")
	l.Set(&experiment.Snapshot{Neurons: n, Seen: 50, Total: 200, ExamplesPerSecond: 25, Running: []experiment.WindowScore{{Examples: 40, Accuracy: 61.5, Proportion: &prop}},
		Weights: w, Theta: make([]float64, n), RestTheta: 7, Image: img, Label: 4, Counts: counts, Shape: dataset.MNIST})
	var st liveStatus
	if err := json.Unmarshal(get("/state.json").Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if st.Run != "r" || st.Version != 1 || st.Seen != 50 || st.ETASeconds != 6 || st.Running != 61.5 || st.RunningProportion != 63.25 || st.Label != 4 || st.Spikes != 7 {
		t.Fatalf("state %+v", st)
	}
	for _, p := range []string{"/fields.png", "/theta.png", "/accuracy.png", "/example.png"} {
		r := get(p)
		im, err := png.Decode(bytes.NewReader(r.Body.Bytes()))
		if err != nil || im.Bounds().Dx() < 50 {
			t.Fatalf("%s: %v", p, err)
		}
	}
	ex, _ := png.Decode(bytes.NewReader(get("/example.png").Body.Bytes()))
	if r, _, _, _ := ex.At(8*6+3, 14*6+3).RGBA(); r>>8 != 0 {
		t.Fatalf("the digit's ink pixel is %d, not black", r>>8)
	}
}
