package exchange

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestSpinWaitsItsTime checks how a worker waits: it yields only in a team
// larger than GOMAXPROCS, and a wait is over only after spinPure looks and
// the time it was given, counted from its first clock read.
func TestSpinWaitsItsTime(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	if SpinFor(procs).Yield || !SpinFor(procs+1).Yield {
		t.Fatalf("GOMAXPROCS %d: a team of %d yields %v, of %d %v; want false, true",
			procs, procs, SpinFor(procs).Yield, procs+1, SpinFor(procs+1).Yield)
	}
	for _, s := range []Spin{{Yield: false}, {Yield: true}} {
		var t0 time.Time
		for i := 0; i <= spinPure; i++ {
			if s.waited(i, &t0, 0) {
				t.Fatalf("%+v: over at look %d, within the first %d", s, i, spinPure)
			}
		}
		if t0.IsZero() {
			t.Fatalf("%+v: no clock read after %d looks", s, spinPure)
		}
		if s.waited(2*spinPure, &t0, time.Hour) {
			t.Fatalf("%+v: a wait of an hour over at once", s)
		}
		time.Sleep(time.Millisecond)
		if s.waited(2*spinPure+1, &t0, 0) {
			t.Fatalf("%+v: over between clock reads", s)
		}
		if !s.waited(3*spinPure, &t0, time.Microsecond) {
			t.Fatalf("%+v: a wait of a microsecond not over after a millisecond", s)
		}
	}
}

// spikesOf is worker w's spikes in step c: none in most steps, up to three
// in the others, numbered apart from every other worker's.
func spikesOf(w int, c uint64) []int32 {
	h := (uint64(w)+1)*0x9e3779b97f4a7c15 ^ c*0xbf58476d1ce4e5b9
	h ^= h >> 29
	n := int(h % 7)
	if n > 3 {
		return nil
	}
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i + 10*int(c%100))
	}
	return s
}

// TestPortsStress: workers that publish each step one ahead, as a Sim's
// parts do, and read every peer's step, some stalling at random so that
// others run ahead as far as the protocol lets them; every reader gets
// every peer's spikes of every step, exactly, numbered from the base the
// writer gave. Under -race this also checks that Publish orders the lists
// before the clock.
func TestPortsStress(t *testing.T) {
	for _, k := range []int{2, 3, 5} {
		const steps = 3000
		ports := make([]*Port, k)
		for w := range ports {
			ports[w] = NewPort(8)
		}
		Connect(ports, SpinFor(k))
		var wg sync.WaitGroup
		errs := make(chan string, k)
		for w, p := range ports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(w), 1))
				failed := false // a worker that failed goes on, so that none waits for it forever
				p.Publish(0, spikesOf(w, 0), int32(1000*w))
				for c := uint64(0); c < steps; c++ {
					if c+1 < steps {
						p.Publish(c+1, spikesOf(w, c+1), int32(1000*w))
					}
					if rng.IntN(50) == 0 {
						time.Sleep(time.Duration(rng.IntN(200)) * time.Microsecond)
					}
					for peer := range ports {
						got, want := p.Spikes(peer, c), spikesOf(peer, c)
						for i := range want {
							want[i] += int32(1000 * peer)
						}
						if !slices.Equal(got, want) && !failed {
							errs <- fmt.Sprintf("K=%d: worker %d read %v of worker %d's step %d, want %v", k, w, got, peer, c, want)
							failed = true
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatal(e)
		}
	}
}

// TestWindowHoldsThreeStepsAhead: a writer that has published steps c …
// c+3 before a reader reads step c (the farthest ahead the protocol lets it
// run) has overwritten nothing the reader has yet to read.
func TestWindowHoldsThreeStepsAhead(t *testing.T) {
	w, r := NewPort(4), NewPort(4)
	Connect([]*Port{w, r}, SpinFor(2))
	for c := uint64(0); c < 40; c += Window {
		for d := range uint64(Window) {
			w.Publish(c+d, spikesOf(0, c+d), 0)
		}
		for d := range uint64(Window) {
			if got, want := r.Spikes(0, c+d), spikesOf(0, c+d); !slices.Equal(got, want) {
				t.Fatalf("step %d read %v after the writer reached step %d, want %v", c+d, got, c+Window-1, want)
			}
		}
	}
	r.Publish(0, []int32{5}, 7)
	if got := r.Spikes(1, 0); !slices.Equal(got, []int32{12}) || !slices.Equal(r.Sent(0), got) {
		t.Fatalf("a port's own step read as %v, %v; want [12]", got, r.Sent(0))
	}
}
