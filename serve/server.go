package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Server serves one handler on one address until Close.
type Server struct {
	srv  *http.Server
	Addr net.Addr // where it listens (a port of 0 is resolved)
}

// Listen starts serving h at addr on its own goroutine; errors after the
// start go to logw, prefixed by what.
func Listen(addr string, h http.Handler, what string, logw io.Writer) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, Addr: ln.Addr()}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(logw, "%s: %v\n", what, err)
		}
	}()
	return s, nil
}

// Close stops the server at once.
func (s *Server) Close() error { return s.srv.Close() }
