package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"spikemnist/experiment"
	"spikemnist/visual"
)

// liveView is train -serve: the page of package visual, fed by the
// trainer's snapshots, on its own goroutines.
type liveView struct {
	live *visual.Live
	srv  *http.Server
	run  string // what the page names the run
}

// startLive listens on addr ("" for no live view) and serves the page.
func startLive(addr string, logw io.Writer) (*liveView, error) {
	if addr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("-serve %s: %v", addr, err)
	}
	lv := &liveView{live: visual.NewLive()}
	lv.srv = &http.Server{Handler: lv.live, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := lv.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(logw, "train: live view: %v\n", err)
		}
	}()
	fmt.Fprintf(logw, "live view: http://%s/ (until the run ends)\n", ln.Addr())
	return lv, nil
}

// snapshot hands a trainer's snapshot to the page.
func (lv *liveView) snapshot(s *experiment.Snapshot) {
	pts := make([]visual.AccuracyPoint, len(s.Running))
	for i, r := range s.Running {
		pts[i] = visual.Point(r.Examples, r.Accuracy, r.Proportion)
	}
	lv.live.Set(&visual.LiveState{
		Run: lv.run, Neurons: s.Neurons, Seen: s.Seen, Total: s.Total, ExamplesPerSecond: s.ExamplesPerSecond, Elapsed: s.Elapsed,
		Running: pts, Shape: s.Shape, Weights: s.Weights, Theta: s.Theta, RestTheta: s.RestTheta, InitialTheta: s.InitialTheta, PerEpoch: s.PerEpoch,
		Image: s.Image, Label: s.Label, Counts: s.Counts, Done: s.Done,
	})
}

// close ends the live view with the run.
func (lv *liveView) close() {
	if lv != nil {
		lv.srv.Close()
	}
}
