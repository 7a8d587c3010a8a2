// Package readfile is the one way the program opens a file it reads: only
// regular files (a FIFO, device, socket or directory is refused in one
// line, without blocking on it), and, for whole reads, at most the bytes
// the format can need.
package readfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
)

// Open opens path for reading if it is a regular file, links followed.
func Open(path string) (*os.File, error) {
	if err := regular(path); err != nil {
		return nil, err
	}
	// Not blocking where the open itself could (a FIFO put in its place
	// since the check); the stat of the open file settles what it is.
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = notRegular(path, st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read returns the contents of the regular file path, refusing one of more
// than limit bytes without reading past the limit.
func Read(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: more than %s: not a file of this kind", path, size(limit))
	}
	return b, nil
}

// JSON decodes the one JSON value of b into v, refusing unknown fields
// when strict, and anything but white space after the value.
func JSON(b []byte, v any, strict bool) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if strict {
		d.DisallowUnknownFields()
	}
	if err := d.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("no JSON value: the text is empty")
		}
		return Short(err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("data after the JSON value at byte %d", d.InputOffset())
	}
	return nil
}

func regular(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return notRegular(path, st.Mode())
	}
	return nil
}

func notRegular(path string, m os.FileMode) error {
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory, not a file"
	case m&os.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), not a regular file"
	case m&os.ModeSocket != 0:
		what = "a socket, not a regular file"
	case m&os.ModeDevice != 0:
		what = "a device, not a regular file"
	}
	return fmt.Errorf("%s is %s", path, what)
}

func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Long quoted strings and long numbers in an error message.
var (
	longQuoted = regexp.MustCompile(`"[^"]{40,}"`)
	longNumber = regexp.MustCompile(`[0-9.eE+-]{41,}`)
)

// Short bounds what err quotes of the data it is about: a string or
// number of the input (an unknown key of megabytes, a number of a million
// digits) is cut to its first 40 characters, so that an error stays one
// readable line.
func Short(err error) error {
	msg := err.Error()
	short := longQuoted.ReplaceAllStringFunc(msg, func(q string) string { return q[:38] + `…"` })
	short = longNumber.ReplaceAllStringFunc(short, func(n string) string { return n[:40] + "…" })
	if short == msg {
		return err
	}
	return errors.New(short)
}
