//go:build !amd64 || race

package exchange

import "sync/atomic"

// storeRelease stores v at addr as an atomic store: where x86-64's plain
// move is not known to release, and under the race detector, which sees
// only atomic operations as synchronising.
func storeRelease(addr *uint64, v uint64) { atomic.StoreUint64(addr, v) }
