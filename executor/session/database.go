package session

import (
	"context"
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Databases is the cluster of databases as one session sees it: the server gives each
// session its own (SetDatabases), bound to the database it connected to. Database
// statements run outside any transaction's catalog, straight on the cluster.
type Databases interface {
	// List returns every database, in OID order.
	List() []catalog.DatabaseDef
	// Current returns the session's database.
	Current() catalog.DatabaseDef
	// Size returns the stored size in bytes of database oid (0 when there is none).
	Size(oid types.OID) int64
	// Run runs a database statement by the actor, returning the notices and warnings for
	// the client (DROP DATABASE IF EXISTS of a missing one, GRANT that granted nothing).
	Run(ctx context.Context, st *planner.DatabaseStmt, by DatabaseActor) (notices []*pgerror.Error, err error)
}

// DatabaseActor is who runs a database statement.
type DatabaseActor struct {
	// Role is the current role; Owns reports whether it holds role oid's privileges.
	Role *catalog.RoleDef
	Owns func(oid types.OID) bool
	// HoldsAny reports whether the role holds any privilege on a database.
	HoldsAny func(d *catalog.DatabaseDef) bool
	// Terminate ends the session of process id pid (DROP DATABASE ... WITH (FORCE)).
	Terminate func(pid int32) bool
}

// SetDatabases gives the session the cluster's databases; without it the session knows
// only its own, and database statements fail.
func (s *Session) SetDatabases(d Databases) { s.dbs = d }

// databaseOID is the OID of the session's database, as pg_database lists it.
func (s *Session) databaseOID() types.OID {
	if s.dbs == nil {
		return catalog.PostgresOID
	}
	return s.dbs.Current().OID
}

// runDatabase runs a database statement (StmtDatabase). CREATE and DROP DATABASE cannot run
// in a transaction block, as in PostgreSQL; the others take effect at once.
func (s *Session) runDatabase(ctx context.Context, st *planner.Statement) (Result, error) {
	d := st.Database
	if s.txn != nil && (d.Op == planner.DatabaseCreate || d.Op == planner.DatabaseDrop) {
		return nil, s.statementError(pgerror.Newf(pgcode.ActiveSqlTransaction, "%s cannot run inside a transaction block", st.Tag))
	}
	if s.dbs == nil {
		return nil, s.statementError(pgerror.Newf(pgcode.FeatureNotSupported, "%s is not supported here", st.Tag))
	}
	if d.Op == planner.DatabaseSet && d.SetValue != nil {
		if _, err := s.settings.Show(d.SetName); err != nil {
			return nil, s.statementError(err)
		}
	}
	cat := s.currentCatalog()
	me := cat.Role(s.currentRole())
	if me == nil {
		me = cat.Role(catalog.BootstrapRoleName)
	}
	by := DatabaseActor{Role: me, Owns: func(oid types.OID) bool { return me.Superuser || cat.HasRoleOf(me.OID, oid, true) },
		HoldsAny: func(d *catalog.DatabaseDef) bool {
			for _, p := range []acl.Priv{acl.Create, acl.Temporary, acl.Connect} {
				if cat.DatabaseHolds(me.OID, d, p) {
					return true
				}
			}
			return false
		}}
	if s.backend != nil {
		by.Terminate = func(pid int32) bool { return s.backend.Signal(pid, true) }
	}
	if d.Op == planner.DatabaseCreate && d.Owner == nil {
		d2 := *d
		d2.Owner = me
		d = &d2
	}
	notices, err := s.dbs.Run(ctx, d, by)
	if err != nil {
		return nil, s.statementError(err)
	}
	for _, n := range notices {
		s.notice(n.Severity, n.Code, "%s", n.Message)
	}
	return tagOnly(st.Tag), nil
}

// ApplyDatabase applies the ALTER DATABASE ... SET parameters of the session's database,
// except those the client set in its startup packet, which take precedence as in
// PostgreSQL.
func (s *Session) ApplyDatabase(startup map[string]string) {
	if s.dbs == nil {
		return
	}
	for _, kv := range s.dbs.Current().Settings {
		name, value, _ := strings.Cut(kv, "=")
		if _, given := startup[name]; given || slices.Contains(startupOptions(startup), name) {
			continue
		}
		// A value that became invalid since is ignored, as PostgreSQL warns and goes on.
		s.settings.Set(name, value)
	}
}

// startupOptions returns the parameter names the startup packet's options set (-c name=v).
func startupOptions(startup map[string]string) []string {
	var out []string
	for _, f := range strings.Fields(startup["options"]) {
		if name, _, ok := strings.Cut(strings.TrimPrefix(f, "-c"), "="); ok {
			out = append(out, strings.TrimPrefix(name, "--"))
		}
	}
	return out
}

// checkDatabaseDependents refuses to drop a role that owns a database or holds privileges
// on one, as PostgreSQL does (the planner checks what depends on it in this database).
func (s *Session) checkDatabaseDependents(roles []*catalog.RoleDef) error {
	if s.dbs == nil {
		return nil
	}
	dbs := s.dbs.List()
	for _, r := range roles {
		var deps []string
		for _, d := range dbs {
			if d.Owner == r.OID {
				deps = append(deps, "owner of database "+d.Name)
			}
		}
		for _, d := range dbs {
			// The owner's own items are no dependency, as PostgreSQL records none.
			if d.Owner != r.OID && slices.ContainsFunc(d.ACL, func(it acl.Item) bool { return it.Grantee == r.OID }) {
				deps = append(deps, "privileges for database "+d.Name)
			}
		}
		if deps != nil {
			return pgerror.Newf(pgcode.DependentObjectsStillExist, "role \"%s\" cannot be dropped because some objects depend on it", r.Name).
				WithDetail(strings.Join(deps, "\n"))
		}
	}
	return nil
}
