// Package progress reports the advance of a long loop on stderr: a progress
// bar with rate and ETA on a terminal, plain periodic lines otherwise (logs,
// CI), so that redirected output stays readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar counts done items out of a total.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	total    int
	done     int
	start    time.Time
	lastLine time.Time
	every    time.Duration
	bar      *progressbar.ProgressBar
}

// New starts a report of total items on w. A bar is drawn only when w is a
// terminal; otherwise a line is written at most every interval.
func New(w io.Writer, label string, total int, interval time.Duration) *Bar {
	b := &Bar{w: w, label: label, total: total, start: time.Now(), every: interval}
	b.lastLine = b.start
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(label),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("examples"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return b
}

// Add records n more items done; safe for concurrent use.
func (b *Bar) Add(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	if b.bar != nil {
		b.bar.Add(n)
		return
	}
	if now := time.Now(); now.Sub(b.lastLine) >= b.every {
		b.lastLine = now
		b.line(now)
	}
}

// Finish ends the report with a summary line and returns the elapsed time.
func (b *Bar) Finish() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		b.bar.Finish()
	}
	el := time.Since(b.start)
	fmt.Fprintf(b.w, "%s: %d done in %s (%.1f examples/s)\n", b.label, b.done, el.Round(time.Millisecond), float64(b.done)/el.Seconds())
	return el
}

// Printf writes a log line without breaking the bar.
func (b *Bar) Printf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		b.bar.Clear()
	}
	fmt.Fprintf(b.w, format, args...)
	if b.bar != nil {
		b.bar.RenderBlank()
	}
}

func (b *Bar) line(now time.Time) {
	el := now.Sub(b.start).Seconds()
	rate := float64(b.done) / el
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(b.total-b.done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "%s: %d/%d (%.0f%%) %.1f examples/s, ETA %s\n",
		b.label, b.done, b.total, 100*float64(b.done)/float64(max(b.total, 1)), rate, eta)
}
