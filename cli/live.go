package cli

import (
	"fmt"
	"io"

	"spikemnist/experiment"
	"spikemnist/serve"
)

// liveView is train -serve: package serve's page, fed by the trainer's
// snapshots.
type liveView struct {
	live *serve.Live
	srv  *serve.Server
}

// startLive listens on addr ("" for no live view) and serves the page.
func startLive(addr string, logw io.Writer) (*liveView, error) {
	if addr == "" {
		return nil, nil
	}
	lv := &liveView{live: serve.NewLive()}
	srv, err := serve.Listen(addr, lv.live, "train: live view", logw)
	if err != nil {
		return nil, fmt.Errorf("-serve %s: %v", addr, err)
	}
	lv.srv = srv
	fmt.Fprintf(logw, "live view: http://%s/ (until the run ends)\n", srv.Addr)
	return lv, nil
}

// snapshot hands a trainer's snapshot to the page.
func (lv *liveView) snapshot(s *experiment.Snapshot) { lv.live.Set(s) }

// close ends the live view with the run.
func (lv *liveView) close() {
	if lv != nil {
		lv.srv.Close()
	}
}
