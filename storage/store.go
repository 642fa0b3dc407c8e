package storage

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/compress"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// BatchRows is the most rows a record returned by Txn.Batches holds. Scans hand batches to
// workers one at a time, so the bound keeps morsels small enough to spread across cores.
const BatchRows = 2048

// Store is a durable database in one data directory. It is safe for concurrent use: any
// number of transactions may run and commit at once.
type Store struct {
	dir  string
	opts options
	lock *os.File // holds the directory lock for the Store's lifetime

	// cur is the latest published version: committed and durable. Begin loads it without
	// locking; commits replace it (wal.go, checkpoint.go).
	cur atomic.Pointer[version]
	// overlay caches the catalog with the shared roles (shared_roles.go).
	overlay atomic.Pointer[rolesOverlay]

	// ckptMu serialises checkpoints (checkpoint.go); it is taken before mu, never while
	// holding it. ckptRunning is set while a background checkpoint is started or running.
	ckptMu      sync.Mutex
	ckptRunning atomic.Bool

	// mu serialises committers and Close.
	mu sync.Mutex
	// head is the newest version, which commits rebase onto: cur, or a version whose log
	// record is written but not yet synced. Guarded by mu.
	head *version
	// logged is head, for readers that do not hold mu: a statement that waited for a row
	// lock re-checks the row in it (Txn.RecheckSnapshot).
	logged atomic.Pointer[version]
	wal    *wal
	// onDisk holds the names of the segment and deletion vector files that exist durably;
	// the others of head's live only in memory and the log until a checkpoint writes them.
	// obsolete lists files that logged commits stopped referencing, deleted by the next
	// checkpoint (the manifest still names them until then). Both guarded by mu.
	onDisk   map[string]bool
	obsolete []string
	closed   bool
	broken   error          // set when the disk state became unknown; every later commit fails with it
	inflight sync.WaitGroup // commits under way, which Close waits for
	// rowEnc encodes the rows of logged commits (walrows.go).
	rowEnc rowEncoders

	nextOID  atomic.Uint32 // OIDs are handed out store-wide so concurrent txns never share one
	nextFile atomic.Uint64 // sequence for segment file names
	// nextRowKey hands out row keys (rowid.go), in commit order, under mu after Open.
	nextRowKey atomic.Uint64

	seqs sequences // the counters of sequences (sequence.go)

	cache *cache // segment rows in memory (cache.go)

	// The versions running transactions read, with how many read each, and the files
	// waiting for them to end (horizon.go).
	snapMu  sync.Mutex
	snaps   map[uint64]int
	retired []obsoleteFiles

	// ssi records serializable transactions (ssi.go).
	ssiMu sync.Mutex
	ssi   serializableState

	// hook, when set by tests, runs at named points of the commit protocol; an error it
	// returns aborts the commit there, as a crash would.
	hook func(point string) error
}

// version is one committed state of the database. It is immutable once published, so
// transactions read it without locks.
type version struct {
	seq    uint64
	cat    *catalog.Catalog
	tables map[types.OID]*tableData
}

// tableData is the committed contents of one table in a version. Unchanged tables share their
// tableData between versions.
type tableData struct {
	def       *catalog.TableDef
	schema    *arrow.Schema // def.ArrowSchema(), computed once; replaced only by ALTER TABLE
	colIDs    []uint32      // stable identity of each column, which segment files refer to
	nextColID uint32        // the ID the next added column gets; IDs are never reused
	segments  []*segment
	rows      int64 // visible rows
	// rewriteSeq is the version that last deleted rows of the table, truncated or altered it.
	// A transaction that deletes rows conflicts with any such commit made after its
	// snapshot; appends leave it alone, so they never conflict with deletes.
	rewriteSeq uint64
}

// segment is one Parquet file of a table, its rows read lazily (segData), and the deletion
// vector that hides some of them. Segments are immutable: deleting rows of one publishes a
// new segment sharing the same data with a larger deletion vector.
type segment struct {
	file    string
	rows    int64    // rows in the file, deleted ones included
	cols    []uint32 // the column IDs the file holds, in file order
	data    *segData // the file's rows, shared by copies
	dels    delVec   // deleted rows; nil when none are
	deleted int64
	delFile string // the deletion vector's file, "" when none
	// keyBase is the key of the first row, the others following, unless keyList holds
	// each row's key (rowid.go).
	keyBase uint64
	keyList []uint64
	sk      *segSketches // column statistics of the file's rows (stats.go), shared by copies
	keys    *segKeys     // unique indexes of the file's rows (unique.go), shared by copies
}

// initialColIDs numbers the columns of a new table 1..n.
func initialColIDs(n int) ([]uint32, uint32) {
	ids := make([]uint32, n)
	for i := range ids {
		ids[i] = uint32(i + 1)
	}
	return ids, uint32(n + 1)
}

// withSegments returns a copy of td holding segs, with its row count derived from them.
func (td *tableData) withSegments(segs []*segment) *tableData {
	n := *td
	n.segments = segs
	n.rows = 0
	for _, s := range segs {
		n.rows += s.rows - s.deleted
	}
	return &n
}

// Option configures Open.
type Option func(*options)

type options struct {
	mem          memory.Allocator
	compression  compress.Compression
	rowGroupRows int64
	segmentRows  int64
	smallRows    int64
	maxSmall     int
	fsync        bool
	// checkpointBytes is the log size past which a logged commit makes a checkpoint.
	checkpointBytes int64
	logger          *slog.Logger
	workers         int
	cacheLimit      int64
	cacheAcct       MemoryAccount
	keyer           IndexKeyer
	// roles is the store that keeps the roles, when not this one (WithSharedRoles).
	roles *Store
}

func defaultOptions() options {
	return options{
		mem:             memory.DefaultAllocator,
		compression:     compress.Codecs.Snappy,
		rowGroupRows:    128 << 10,
		segmentRows:     1 << 20,
		smallRows:       64 << 10,
		maxSmall:        8,
		fsync:           true,
		checkpointBytes: defaultCheckpointBytes,
		logger:          slog.New(slog.DiscardHandler),
		workers:         runtime.GOMAXPROCS(0),
		cacheLimit:      DefaultCacheLimit,
	}
}

// WithAllocator sets the allocator for the records the store builds when it loads and merges
// data. Records live as long as some version references them and are never released, so the
// allocator should be garbage-collected (the default).
func WithAllocator(mem memory.Allocator) Option { return func(o *options) { o.mem = mem } }

// WithCompression sets the Parquet codec of new segment files (default Snappy, which costs
// little CPU at commit; Zstd gives smaller files).
func WithCompression(c compress.Compression) Option {
	return func(o *options) { o.compression = c }
}

// WithRowGroupRows sets the rows per Parquet row group (default 128Ki).
func WithRowGroupRows(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.rowGroupRows = int64(n)
		}
	}
}

// WithSegmentRows sets the most rows one segment file holds (default 1Mi). Large inserts are
// split into several segments, written in parallel.
func WithSegmentRows(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.segmentRows = int64(n)
		}
	}
}

// WithCompaction sets when commits merge small segments: a segment is small below smallRows
// rows, and a commit merges once a table would end in more than maxSmall small segments
// (defaults 64Ki and 8).
func WithCompaction(smallRows, maxSmall int) Option {
	return func(o *options) {
		if smallRows > 0 {
			o.smallRows = int64(smallRows)
		}
		if maxSmall > 0 {
			o.maxSmall = maxSmall
		}
	}
}

// DefaultCacheLimit is the segment cache's size when WithCache does not set one.
const DefaultCacheLimit = 1 << 30

// WithCache bounds the table rows the store keeps in memory (decoded column chunks of
// segment files and the rows of recently committed segments) to limit bytes, charged to
// acct when it is not nil.
func WithCache(limit int64, acct MemoryAccount) Option {
	return func(o *options) {
		if limit > 0 {
			o.cacheLimit = limit
		}
		o.cacheAcct = acct
	}
}

// WithFsync turns flushing to stable storage on commit on or off (default on). Without it a
// power loss or kernel crash may lose or corrupt committed data; a killed process does not.
func WithFsync(on bool) Option { return func(o *options) { o.fsync = on } }

// WithCheckpointBytes sets the size of the write-ahead log past which a background
// checkpoint folds it into segment files (default 32MiB). A larger log makes checkpoints
// rarer and recovery after a crash longer.
func WithCheckpointBytes(n int64) Option {
	return func(o *options) {
		if n > 0 {
			o.checkpointBytes = n
		}
	}
}

// WithLogger sets where the store reports problems it can recover from, such as an obsolete
// file it could not delete.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

const (
	manifestName = "manifest.json"
	manifestTemp = "manifest.json.tmp"
	lockName     = "LOCK"
	tablesDir    = "tables"
	segmentExt   = ".parquet"
)

// Open opens the database in dir, creating the directory if it does not exist. It reads the
// manifest and deletion vectors, not the tables' rows (scans read those as they need
// them), and removes files a crash left behind. Only one Store may have a
// directory open at a time.
func Open(dir string, opts ...Option) (*Store, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(filepath.Join(dir, tablesDir), 0o755); err != nil {
		return nil, ioError(err, "could not create directory \"%s\"", dir)
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, opts: o, lock: lock, cache: newCache(o.cacheLimit, o.cacheAcct)}
	if os.IsNotExist(statErr) {
		// A new directory's entry must be durable before anything committed in it.
		err = s.syncDir(filepath.Dir(filepath.Clean(dir)))
	}
	if err == nil {
		err = s.recover()
	}
	if err != nil {
		s.wal.close()
		lock.Close()
		return nil, err
	}
	return s, nil
}

// Close waits for the commits under way and closes the store. Transactions may still read
// after Close; their commits fail. Close is idempotent.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.inflight.Wait()
	// A clean shutdown leaves an empty log, so the next Open replays nothing.
	s.ckptMu.Lock()
	s.mu.Lock()
	var err error
	if s.broken == nil {
		err = s.checkpointLocked()
	}
	s.mu.Unlock()
	s.ckptMu.Unlock()
	return errors.Join(err, s.wal.close(), s.lock.Close())
}

// enter registers a commit so Close waits for it; it fails once the store is closed.
func (s *Store) enter() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	s.inflight.Add(1)
	return nil
}

// Begin starts a transaction whose snapshot is the latest committed version.
func (s *Store) Begin() *Txn {
	v := s.snapshot()
	cat := s.withSharedRoles(v.cat)
	return &Txn{s: s, base: v, cat: cat, baseCat: cat}
}

// Dir returns the data directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) tableDir(oid types.OID) string {
	return filepath.Join(s.dir, tablesDir, strconv.FormatUint(uint64(oid), 10))
}

func (s *Store) newFileName() string {
	return fmt.Sprintf("%016x%s", s.nextFile.Add(1), segmentExt)
}

func (s *Store) runHook(point string) error {
	if s.hook == nil {
		return nil
	}
	return s.hook(point)
}

var errClosed = errors.New("storage: store is closed")
