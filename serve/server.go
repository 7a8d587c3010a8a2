package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server serves one handler on one address until Close.
type Server struct {
	srv  *http.Server
	Addr net.Addr // where it listens (a port of 0 is resolved)
}

// Limits are what a server bounds. A request has ReadHeaderTimeout for its header and
// ReadTimeout for the whole of it, body included, so that a body that
// trickles or never ends is cut; its answer WriteTimeout; a connection
// idle between requests is closed after IdleTimeout. At most MaxConns
// connections are open at once: one more closes the one idle (or silent
// since it opened) the longest, so that idle connections never lock out a
// user nor exhaust the process's files.
type Limits struct {
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxConns                                                  int
}

// DefaultLimits are every server's.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
	WriteTimeout: 2 * time.Minute, IdleTimeout: 30 * time.Second, MaxConns: 256,
}

// Listen starts serving h at addr on its own goroutine; errors after the
// start, and a warning where addr reaches beyond this machine, go to logw,
// prefixed by what. On a loopback address only requests naming this
// machine in their Host header are answered (403 otherwise), so that a page
// elsewhere cannot reach the server through a name it controls (DNS
// rebinding).
func Listen(addr string, h http.Handler, what string, logw io.Writer) (*Server, error) {
	return listen(addr, h, what, logw, DefaultLimits)
}

func listen(addr string, h http.Handler, what string, logw io.Writer, l Limits) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
		h = loopbackOnly(h)
	} else {
		fmt.Fprintf(logw, "%s: warning: listening on %s, which other machines can reach; it has no authentication (use localhost:PORT and an ssh tunnel to keep it to this machine)\n", what, ln.Addr())
	}
	g := &connGuard{max: l.MaxConns, open: map[net.Conn]connInfo{}}
	s := &Server{srv: &http.Server{
		Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout, ConnState: g.track,
	}, Addr: ln.Addr()}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(logw, "%s: %v\n", what, err)
		}
	}()
	return s, nil
}

// Close stops the server at once.
func (s *Server) Close() error { return s.srv.Close() }

// loopbackOnly answers only requests whose Host is this machine by a
// loopback name or address.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		ip := net.ParseIP(host)
		if !strings.EqualFold(host, "localhost") && (ip == nil || !ip.IsLoopback()) {
			http.Error(w, "this server answers only requests for localhost", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// connGuard keeps the open connections at most max, closing the one that
// has waited longest for a request when another opens.
type connGuard struct {
	mu   sync.Mutex
	max  int
	open map[net.Conn]connInfo
}

type connInfo struct {
	waiting bool      // new or idle: no request in progress
	since   time.Time // since when
}

func (g *connGuard) track(c net.Conn, st http.ConnState) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch st {
	case http.StateNew:
		g.open[c] = connInfo{waiting: true, since: time.Now()}
		if len(g.open) > g.max {
			g.evict(c)
		}
	case http.StateIdle:
		g.open[c] = connInfo{waiting: true, since: time.Now()}
	case http.StateActive:
		g.open[c] = connInfo{}
	case http.StateHijacked, http.StateClosed:
		delete(g.open, c)
	}
}

// evict closes the connection other than keep that has waited longest.
func (g *connGuard) evict(keep net.Conn) {
	var oldest net.Conn
	var at time.Time
	for c, in := range g.open {
		if c != keep && in.waiting && (oldest == nil || in.since.Before(at)) {
			oldest, at = c, in.since
		}
	}
	if oldest != nil {
		oldest.Close()
		delete(g.open, oldest)
	}
}
