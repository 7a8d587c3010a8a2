package exchange

import (
	"slices"

	"spikemnist/internal/lines"
)

// Window is how many steps of spikes a Port keeps (see the package doc).
const Window = 4

// A Port's clock holds the number of steps it has published, shifted left
// by flagBits, and below it one flag per step for its last flagBits steps,
// set if the step had spikes (bit 0: the last). Most steps have none, and
// a reader that has seen a step's flag clear neither waits for it nor reads
// its list: one look at a peer's clock often covers the next steps too,
// since that peer runs up to three steps ahead.
const flagBits = Window

// Port is one worker's end of the exchange: it publishes the worker's
// spikes of each step and reads its peers'. Steps are counted from 0 and
// published in order, one after the other. A Port is used by its worker's
// goroutine only; its fields share no cache line with another's.
type Port struct {
	_     [64]byte
	sent  [Window][]int32 // the spikes of the last steps, by step modulo Window
	flags uint64          // whether each step published had spikes, the last in bit 0
	clock *Clock          // steps published, with flags; nil alone
	self  int             // the port's index among its peers
	seen  []uint64        // the last value read of each peer's clock
	peers []*Port         // every port of the team, by index (own memory: a peer's fields change every step)
	clks  []*Clock        // their clocks, likewise
	spin  Spin
	_     [64]byte
}

// NewPort returns a port for a worker of at most n spikes a step, alone
// until Connect joins it to others.
func NewPort(n int) *Port {
	p := &Port{clock: new(Clock)}
	for c := range p.sent {
		p.sent[c] = lines.Make[int32](n)[:0] // refilled every step: lines of its own
	}
	p.peers = []*Port{p}
	return p
}

// Connect makes ports one team, whose workers wait for each other as spin
// says. A team of one publishes nothing and never waits.
func Connect(ports []*Port, spin Spin) {
	clks := make([]*Clock, len(ports))
	for w, p := range ports {
		clks[w] = p.clock
	}
	for w, p := range ports {
		p.self, p.spin = w, spin
		p.peers, p.clks = slices.Clone(ports), slices.Clone(clks)
		p.seen = lines.Make[uint64](len(ports))
	}
}

// Publish puts the spikes of the worker's step c, each numbered base +
// its entry of spikes, where its peers read them, and tells them.
func (p *Port) Publish(c uint64, spikes []int32, base int32) {
	sent := p.sent[c%Window][:0]
	for _, k := range spikes {
		sent = append(sent, k+base)
	}
	p.sent[c%Window] = sent
	p.flags <<= 1
	if len(sent) > 0 {
		p.flags |= 1
	}
	if len(p.peers) > 1 {
		p.clock.Publish((c+1)<<flagBits | p.flags&(1<<flagBits-1))
	}
}

// Spikes returns peer's spikes of its step c, waiting until the peer has
// published that step; nothing (and no wait) where the last look at its
// clock already says it had none. The list is the peer's: read it before
// publishing step c+2.
func (p *Port) Spikes(peer int, c uint64) []int32 {
	if peer != p.self && !p.spiked(peer, c) {
		return nil
	}
	return p.peers[peer].sent[c%Window]
}

// spiked reports whether peer's step c had spikes, waiting for its clock
// only if the last look at it does not tell.
func (p *Port) spiked(peer int, c uint64) bool {
	v := p.seen[peer]
	if v>>flagBits <= c || v>>flagBits > c+flagBits {
		v = p.clks[peer].Poll((c+1)<<flagBits, p.spin)
		p.seen[peer] = v
	}
	return v>>(v>>flagBits-1-c)&1 != 0
}

// Sent returns the port's own spikes of step c, one of its last Window.
func (p *Port) Sent(c uint64) []int32 { return p.sent[c%Window] }
