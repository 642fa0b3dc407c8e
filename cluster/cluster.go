package cluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/storage"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Cluster is the databases of one data directory. It is safe for concurrent use.
type Cluster struct {
	dir  string
	opts []storage.Option
	root *storage.Store // postgres's store, which keeps the roles

	mu  sync.Mutex
	reg *registry
	dbs map[types.OID]*database
	// released is closed and replaced whenever a session ends, for DROP ... WITH (FORCE)
	// to wait on.
	released chan struct{}
	closed   bool
}

// database is an open database: its store and the sessions connected to it.
type database struct {
	def      *catalog.DatabaseDef
	store    *storage.Store
	sessions map[*Session]bool
}

// Session is one connection to a database, counted until Release.
type Session struct {
	c   *Cluster
	db  *database
	pid int32 // guarded by c.mu
}

// Open opens the cluster in dir, creating it (with postgres, template1 and template0) when
// dir holds no registry yet; a store already in dir becomes database postgres. opts are
// given to every database's store.
func Open(dir string, opts ...storage.Option) (*Cluster, error) {
	reg, err := readRegistry(dir)
	if err != nil {
		return nil, err
	}
	if reg == nil {
		reg = initialRegistry()
		if err := writeRegistry(dir, reg); err != nil {
			return nil, fmt.Errorf("cluster: write registry: %w", err)
		}
	}
	c := &Cluster{dir: dir, opts: opts, reg: reg, dbs: map[types.OID]*database{}, released: make(chan struct{})}
	c.root, err = storage.Open(dir, opts...)
	if err != nil {
		return nil, err
	}
	c.removeOrphans()
	for _, def := range reg.Databases {
		st := c.root
		if def.OID != catalog.PostgresOID {
			if st, err = c.openStore(def.OID); err != nil {
				return nil, errors.Join(err, c.Close())
			}
		}
		c.dbs[def.OID] = &database{def: def, store: st, sessions: map[*Session]bool{}}
	}
	if c.dbs[catalog.PostgresOID] == nil {
		return nil, errors.Join(fmt.Errorf("cluster: %s names no database of OID %d", registryName, catalog.PostgresOID), c.Close())
	}
	return c, nil
}

// dbDir is the directory of database oid's store.
func (c *Cluster) dbDir(oid types.OID) string {
	if oid == catalog.PostgresOID {
		return c.dir
	}
	return filepath.Join(c.dir, baseDir, strconv.FormatUint(uint64(oid), 10))
}

// openStore opens the store of database oid, other than postgres.
func (c *Cluster) openStore(oid types.OID) (*storage.Store, error) {
	if err := os.MkdirAll(filepath.Join(c.dir, baseDir), 0o700); err != nil {
		return nil, err
	}
	return storage.Open(c.dbDir(oid), append(c.opts[:len(c.opts):len(c.opts)], storage.WithSharedRoles(c.root))...)
}

// removeOrphans removes the directories under base that no database owns: what a crash
// during CREATE or DROP DATABASE left.
func (c *Cluster) removeOrphans() {
	entries, _ := os.ReadDir(filepath.Join(c.dir, baseDir))
	owned := map[string]bool{}
	for _, d := range c.reg.Databases {
		owned[strconv.FormatUint(uint64(d.OID), 10)] = true
	}
	for _, e := range entries {
		if !owned[e.Name()] {
			os.RemoveAll(filepath.Join(c.dir, baseDir, e.Name()))
		}
	}
}

// Root returns the store of database postgres, which keeps the cluster's roles.
func (c *Cluster) Root() *storage.Store { return c.root }

// Stores returns the store of every database.
func (c *Cluster) Stores() []*storage.Store {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]*storage.Store, 0, len(c.dbs))
	for _, db := range c.dbs {
		out = append(out, db.store)
	}
	return out
}

// Store returns the store of database oid, or nil.
func (c *Cluster) Store(oid types.OID) *storage.Store {
	c.mu.Lock()
	defer c.mu.Unlock()
	if db := c.dbs[oid]; db != nil {
		return db.store
	}
	return nil
}

// Databases returns a copy of every database's definition, in OID order.
func (c *Cluster) Databases() []catalog.DatabaseDef {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]catalog.DatabaseDef, len(c.reg.Databases))
	for i, d := range c.reg.Databases {
		out[i] = *d
	}
	return out
}

// Connect counts a new session of database name and returns it, or PostgreSQL's FATAL
// error for a database that does not exist or takes no more connections. superuser
// sessions pass CONNECTION LIMIT, as in PostgreSQL.
func (c *Cluster) Connect(name string, superuser bool) (*Session, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	db := c.byName(name)
	if db == nil || c.closed {
		return nil, pgerror.Newf(pgcode.InvalidCatalogName, "database \"%s\" does not exist", name)
	}
	if !db.def.AllowConn {
		return nil, pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "database \"%s\" is not currently accepting connections", name)
	}
	if !superuser && db.def.ConnLimit >= 0 && len(db.sessions) >= int(db.def.ConnLimit) {
		return nil, pgerror.Newf(pgcode.TooManyConnections, "too many connections for database \"%s\"", name)
	}
	s := &Session{c: c, db: db}
	db.sessions[s] = true
	return s, nil
}

// byName returns the open database of the name, or nil. The caller holds c.mu.
func (c *Cluster) byName(name string) *database {
	for _, db := range c.dbs {
		if db.def.Name == name {
			return db
		}
	}
	return nil
}

// Store returns the store of the session's database.
func (s *Session) Store() *storage.Store { return s.db.store }

// Database returns the session's database as it is now.
func (s *Session) Database() catalog.DatabaseDef {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return *s.db.def
}

// SetPID records the process id of the session's connection, which DROP DATABASE ... WITH
// (FORCE) terminates.
func (s *Session) SetPID(pid int32) {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	s.pid = pid
}

// Release ends the session's count. It is idempotent.
func (s *Session) Release() {
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if !s.db.sessions[s] {
		return
	}
	delete(s.db.sessions, s)
	close(s.c.released)
	s.c.released = make(chan struct{})
}

// others counts the sessions of db other than self. The caller holds c.mu.
func (db *database) others(self *Session) int {
	n := len(db.sessions)
	if db.sessions[self] {
		n--
	}
	return n
}

// Close closes every database's store, postgres's last, since the others read its roles.
func (c *Cluster) Close() error {
	c.mu.Lock()
	c.closed = true
	dbs := c.dbs
	c.mu.Unlock()
	var errs []error
	for _, db := range dbs {
		if db.store != c.root {
			errs = append(errs, db.store.Close())
		}
	}
	if c.root != nil {
		errs = append(errs, c.root.Close())
	}
	return errors.Join(errs...)
}
