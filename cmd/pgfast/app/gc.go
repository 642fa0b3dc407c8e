package app

import (
	"context"
	"math"
	"os"
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
//
// Under that limit the collector may also run less often than the runtime's default pace,
// which starts a cycle each time the heap doubles. A server running many short statements
// allocates fast over a small live heap, so at the default pace it collects hundreds of
// times a second and marking and sweeping take a sixth of its CPU. governedGCPercent lets
// the heap grow to five times its live size between cycles instead, cutting that cost
// fourfold; the soft limit still bounds the heap, so near it the collector runs as often as
// it must whatever the percentage. A GOGC set in the environment is left alone.

// governInterval is how often the soft limit follows the live heap.
const governInterval = time.Second

// governedGCPercent is the collector's pace (GOGC) while the memory is governed.
const governedGCPercent = 400

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
	percent := -2 // none set
	if _, ok := os.LookupEnv("GOGC"); !ok {
		percent = debug.SetGCPercent(governedGCPercent)
	}
	t := time.NewTicker(governInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			debug.SetMemoryLimit(math.MaxInt64) // no limit, the runtime's default
			if percent != -2 {
				debug.SetGCPercent(percent)
			}
			return
		case <-t.C:
			set()
		}
	}
}
