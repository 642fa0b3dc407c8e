package storage

import (
	"container/list"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// The segment cache bounds the table rows the store holds in memory. Segment files are read
// lazily, one Parquet row group's column at a time (segdata.go); each decoded column chunk
// is kept here, and so are the rows of hot segments (those a commit just wrote, still held
// as the records the transaction built). When the cache's bytes would pass its limit the
// least recently used entries go: a column chunk is simply dropped (a scan holding it keeps
// it until it is done), and a hot segment turns cold, read from its file from then on.
//
// The bytes are also charged to a MemoryAccount, the server's memory budget, so that queries
// and cached rows share one limit; when the budget refuses, the cache evicts until it
// accepts, or keeps nothing new.

// MemoryAccount is the budget the cache's bytes are charged to. Grow fails when the bytes
// are not available.
type MemoryAccount interface {
	Grow(n int64) error
	Shrink(n int64)
}

// cacheKey names a cached entry: column col of row group rg of a segment's file, or, with
// rg = hotGroup, all of a hot segment's rows.
type cacheKey struct {
	data *segData
	rg   int
	col  int
}

const hotGroup = -1

type cacheEntry struct {
	key   cacheKey
	bytes int64
	arr   arrow.Array // a column chunk; nil for a hot segment
}

// cache is an LRU of column chunks and hot segments bounded by limit bytes. It is safe for
// concurrent use.
type cache struct {
	mu      sync.Mutex
	limit   int64
	used    int64
	peak    int64
	lru     list.List // of *cacheEntry, most recently used first
	entries map[cacheKey]*list.Element
	acct    MemoryAccount
}

func newCache(limit int64, acct MemoryAccount) *cache {
	return &cache{limit: limit, entries: map[cacheKey]*list.Element{}, acct: acct}
}

// get returns the cached column chunk of key.
func (c *cache) get(key cacheKey) (arrow.Array, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cacheEntry).arr, true
}

// touch marks a hot segment's rows as used; it reports whether they are still cached.
func (c *cache) touch(d *segData) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[cacheKey{data: d, rg: hotGroup}]
	if e != nil {
		c.lru.MoveToFront(e)
	}
	return e != nil
}

// put caches arr under key (or, with arr nil, a hot segment of the given bytes), evicting
// older entries to make room. It reports whether the entry was kept: one larger than the
// limit, or refused by the budget even with the cache empty, is not.
func (c *cache) put(key cacheKey, arr arrow.Array, bytes int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return true
	}
	if bytes > c.limit {
		return false
	}
	for c.used+bytes > c.limit {
		c.evictOldest()
	}
	for c.acct != nil && c.acct.Grow(bytes) != nil {
		if c.lru.Len() == 0 {
			return false
		}
		c.evictOldest()
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, bytes: bytes, arr: arr})
	c.used += bytes
	c.peak = max(c.peak, c.used)
	return true
}

// evictOldest drops the least recently used entry. c.mu is held.
func (c *cache) evictOldest() {
	e := c.lru.Back()
	if e == nil {
		return
	}
	c.drop(e)
}

func (c *cache) drop(e *list.Element) {
	ent := c.lru.Remove(e).(*cacheEntry)
	delete(c.entries, ent.key)
	c.used -= ent.bytes
	if c.acct != nil {
		c.acct.Shrink(ent.bytes)
	}
	if ent.key.rg == hotGroup {
		ent.key.data.hot.Store(nil)
	}
}

// reclaim evicts entries until n bytes are freed or the cache is empty, and returns the bytes
// freed: the memory budget calls it when a query needs memory the cache holds.
func (c *cache) reclaim(n int64) int64 {
	if !c.mu.TryLock() {
		// The cache itself is charging the budget (put), or another caller is evicting.
		return 0
	}
	defer c.mu.Unlock()
	var freed int64
	for freed < n && c.lru.Len() > 0 {
		freed += c.lru.Back().Value.(*cacheEntry).bytes
		c.evictOldest()
	}
	return freed
}

// forget drops every entry of d (its file is gone).
func (c *cache) forget(d *segData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; {
		next := e.Next()
		if e.Value.(*cacheEntry).key.data == d {
			c.drop(e)
		}
		e = next
	}
}

// ReclaimCache evicts cached rows until n bytes are freed or none are left, and returns the
// bytes freed; the server's memory budget calls it when a query needs memory.
func (s *Store) ReclaimCache(n int64) int64 { return s.cache.reclaim(n) }

// CacheStats describes the segment cache: bytes held now, the most ever held, and the
// limit.
type CacheStats struct {
	Used, Peak, Limit int64
}

// CacheStats reports the segment cache's use.
func (s *Store) CacheStats() CacheStats {
	c := s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Used: c.used, Peak: c.peak, Limit: c.limit}
}

// arraySize is the bytes of an array's buffers, children and dictionary included.
func arraySize(a arrow.Array) int64 {
	return dataSize(a.Data(), nil)
}

// dataSize sums the buffers of d not in seen (nil: count every buffer), adding them to it:
// records sliced from one larger record share its buffers, which count once.
func dataSize(d arrow.ArrayData, seen map[*memory.Buffer]bool) int64 {
	var n int64
	for _, b := range d.Buffers() {
		if b == nil || seen[b] {
			continue
		}
		if seen != nil {
			seen[b] = true
		}
		n += int64(b.Len())
	}
	for _, ch := range d.Children() {
		n += dataSize(ch, seen)
	}
	if dict, ok := d.Dictionary().(*array.Data); ok && dict != nil { // a typed nil when none
		n += dataSize(dict, seen)
	}
	return n
}

// recordsSize is the bytes of the buffers recs hold, each buffer counted once.
func recordsSize(recs []arrow.Record) int64 {
	seen := map[*memory.Buffer]bool{}
	var n int64
	for _, r := range recs {
		for _, c := range r.Columns() {
			n += dataSize(c.Data(), seen)
		}
	}
	return n
}
