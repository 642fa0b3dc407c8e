package app

import (
	"context"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/pgfast/pgfast/executor/budget"
)

// The statements' memory is bounded by accounting (package budget), but what they let go
// is garbage until the collector runs, and by default the heap may grow to twice its live
// size first. governMemory keeps the Go runtime's soft memory limit at what the server is
// meant to hold: the live heap outside statements (tables, sessions) plus the memory
// statements may hold. Near that limit the collector runs as often as it must, so the
// process stays close to --memory-limit above its tables. No allowance for garbage is added:
// the limit is soft, and on a busy machine the collector (held to half the CPU) lags the
// allocations of a large sort by a few hundred megabytes; operators' charges (a sort charges
// twice what it buffers, for the copy it sorts into) leave that room inside the limit.

// governInterval is how often the soft limit follows the live heap.
const governInterval = time.Second

// governMemory adjusts the soft memory limit until ctx ends.
func governMemory(ctx context.Context, pool *budget.Pool) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	set := func() {
		metrics.Read(sample)
		var live int64
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = int64(sample[0].Value.Uint64())
		}
		base := max(live-pool.Used(), 0)
		debug.SetMemoryLimit(base + pool.Limit())
	}
	set()
	t := time.NewTicker(governInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			debug.SetMemoryLimit(math.MaxInt64) // no limit, the runtime's default
			return
		case <-t.C:
			set()
		}
	}
}
