package serve

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	fmt.Fprint(w, "hello")
})

// get asks srv for / with the given Host header.
func get(t *testing.T, srv *Server, host string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+srv.Addr.String()+"/", nil)
	req.Host = host
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("Host %s: %v", host, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestLoopbackAnswersOnlyLocalhost: a server on a loopback address answers
// requests for this machine and refuses any other Host (DNS rebinding);
// one that listens on every interface says so.
func TestLoopbackAnswersOnlyLocalhost(t *testing.T) {
	var log bytes.Buffer
	srv, err := Listen("127.0.0.1:0", hello, "test", &log)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	port := srv.Addr.(*net.TCPAddr).Port
	for host, want := range map[string]int{
		fmt.Sprintf("localhost:%d", port): 200, fmt.Sprintf("127.0.0.1:%d", port): 200, "LOCALHOST": 200, "[::1]:80": 200,
		"evil.example": 403, fmt.Sprintf("evil.example:%d", port): 403, "192.168.1.10": 403, "localhost.evil.example": 403,
	} {
		if got := get(t, srv, host); got != want {
			t.Errorf("Host %s: %d, want %d", host, got, want)
		}
	}
	if log.Len() != 0 {
		t.Errorf("loopback server warned: %s", log.String())
	}
	all, err := Listen(":0", hello, "test", &log)
	if err != nil {
		t.Fatal(err)
	}
	all.Close()
	if !strings.Contains(log.String(), "warning: listening on") || strings.Count(log.String(), "\n") != 1 {
		t.Fatalf("no one-line warning for every interface: %q", log.String())
	}
}

// TestSlowAndIdleConnectionsAreCut: a body that trickles, one that never
// comes and a chunked one that never ends are cut after the read timeout;
// idle connections beyond the cap close the longest waiting, and a normal
// request is answered meanwhile.
func TestSlowAndIdleConnectionsAreCut(t *testing.T) {
	l := Limits{ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 5 * time.Second, IdleTimeout: 2 * time.Second, MaxConns: 20}
	srv, err := listen("127.0.0.1:0", hello, "test", io.Discard, l)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	addr := srv.Addr.String()
	slow := []string{
		"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n",                 // a body that never comes
		"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n", // chunks that never end
	}
	done := make(chan time.Duration, len(slow)+1)
	for _, head := range slow {
		go func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				done <- -1
				return
			}
			defer c.Close()
			t0 := time.Now()
			c.Write([]byte(head))
			io.Copy(io.Discard, c) // until the server cuts it
			done <- time.Since(t0)
		}()
	}
	go func() { // a body at a byte every 300 ms
		c, err := net.Dial("tcp", addr)
		if err != nil {
			done <- -1
			return
		}
		defer c.Close()
		t0 := time.Now()
		c.Write([]byte("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n"))
		for time.Since(t0) < 20*time.Second {
			if _, err := c.Write([]byte("x")); err != nil {
				break
			}
			time.Sleep(300 * time.Millisecond)
		}
		done <- time.Since(t0)
	}()
	var idle []net.Conn
	for range 3 * l.MaxConns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	defer func() {
		for _, c := range idle {
			c.Close()
		}
	}()
	if got := get(t, srv, "localhost"); got != 200 {
		t.Fatalf("a normal request beside %d idle connections: %d", len(idle), got)
	}
	closed := 0
	for _, c := range idle {
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err == io.EOF {
			closed++
		}
	}
	if open := len(idle) - closed; open > l.MaxConns {
		t.Fatalf("%d of %d idle connections still open, more than the cap %d", open, len(idle), l.MaxConns)
	}
	for range len(slow) + 1 {
		if d := <-done; d < 0 || d > 10*time.Second {
			t.Fatalf("a slow request lasted %v", d)
		}
	}
}
