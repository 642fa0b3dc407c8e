package session

import (
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
)

// RowCounter is implemented by stores that know a table's live and dead rows (package
// storage's), for pg_stat_user_tables.
type RowCounter interface {
	RowCounts(oid types.OID) (live, dead int64)
}

// systemSource returns the system relations as this session sees them in txn.
func (s *Session) systemSource(txn executor.Txn) *pgcatalog.Source {
	src := &pgcatalog.Source{Catalog: txn.Catalog(), Registry: s.eng.reg, User: s.settings.Value("session_authorization"), Role: s.currentRole(),
		Database: s.settings.Value("database"), Settings: s.settings.List, Path: s.searchPath(), TempSchema: s.tempSchema}
	if s.backend != nil {
		src.Activity = s.backend.Activities
	}
	if r, ok := s.eng.store.(SequenceReader); ok {
		src.SequenceState = r.SeqState
	}
	src.ViewDef = func(d *catalog.TableDef) string {
		return planner.ViewDefinition(src.Catalog, s.eng.reg, d, planner.ViewDefOptions{Scope: s.scope(), Path: s.searchPath()})
	}
	src.Events = func(d *catalog.TableDef, cols []int) int {
		return planner.RelationEvents(src.Catalog, s.eng.reg, d, cols, s.scope())
	}
	src.Locks = s.eng.lockInfo
	src.Cursors = s.cursorRows
	src.ExprDef = func(t *catalog.TableDef, expr string, pretty bool) (string, bool) {
		return planner.StoredExprDefinition(src.Catalog, s.eng.reg, t, expr, planner.ViewDefOptions{Pretty: pretty, Scope: s.scope(), Path: s.searchPath()})
	}
	src.DomainCheckDef = func(base types.T, expr string, pretty bool) (string, bool) {
		return planner.DomainCheckDefinition(src.Catalog, s.eng.reg, base, expr, planner.ViewDefOptions{Pretty: pretty, Scope: s.scope(), Path: s.searchPath()})
	}
	src.Tables = s.eng.tables
	if rc, ok := txn.(RowCounter); ok {
		src.RowCounts = rc.RowCounts
	}
	if s.dbs != nil {
		src.Databases, src.DatabaseOID = s.dbs.List, s.dbs.Current().OID
	}
	return src
}

// searchPath returns the session's search_path, "$user" resolved.
func (s *Session) searchPath() []string {
	return catalog.ParseSearchPath(s.settings.Value("search_path"), s.settings.Value("session_authorization"))
}

// lazyNames resolves reg* names against the session's current catalog, fetched on first use
// only: most results have no reg* column.
type lazyNames struct {
	once  sync.Once
	get   func() *pgcatalog.Names
	names *pgcatalog.Names
}

func (l *lazyNames) resolve() *pgcatalog.Names {
	l.once.Do(func() { l.names = l.get() })
	return l.names
}

// ObjectName implements types.ObjectNames.
func (l *lazyNames) ObjectName(t, oid types.OID) (string, bool) {
	return l.resolve().ObjectName(t, oid)
}

// ObjectOID implements types.ObjectNames.
func (l *lazyNames) ObjectOID(t types.OID, name string) (types.OID, error) {
	return l.resolve().ObjectOID(t, name)
}

// Enum implements types.UserTypes.
func (l *lazyNames) Enum(oid types.OID) *types.Enum { return l.resolve().Catalog.Enum(oid) }

var (
	_ types.ObjectNames = (*lazyNames)(nil)
	_ types.UserTypes   = (*lazyNames)(nil)
)
