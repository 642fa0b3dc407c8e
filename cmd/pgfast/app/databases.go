package app

import (
	"context"
	"strings"
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/cluster"
	"github.com/pgfast/pgfast/executor/budget"
	"github.com/pgfast/pgfast/executor/session"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/storage"
	"github.com/pgfast/pgfast/wire"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// clusterEngine serves the databases of a cluster as one wire.Engine: a session goes to
// the engine of the database its client named, made on first use. Each database has an
// engine of its own (its store, advisory locks and table statistics); they share the
// function registry, the memory pool and the spill directory.
type clusterEngine struct {
	c         *cluster.Cluster
	pool      *budget.Pool // the memory all engines draw on
	newEngine func(*storage.Store) *session.Engine

	mu      sync.Mutex
	engines map[types.OID]*session.Engine
}

var (
	_ wire.Engine         = (*clusterEngine)(nil)
	_ wire.SessionStarter = (*clusterEngine)(nil)
)

// Memory returns the pool the engines draw memory from.
func (e *clusterEngine) Memory() *budget.Pool { return e.pool }

// NewSession implements wire.Engine. The server calls StartSession instead, which may
// refuse; this is only for callers that cannot take a refusal.
func (e *clusterEngine) NewSession(startup map[string]string) wire.Session {
	s, err := e.StartSession(startup)
	if err != nil {
		panic(err)
	}
	return s
}

// StartSession implements wire.SessionStarter: FATAL 3D000 for a database that does not
// exist, and PostgreSQL's other refusals (see cluster.Connect).
func (e *clusterEngine) StartSession(startup map[string]string) (wire.Session, error) {
	cat := latestCatalog(e.c.Root())
	user := cat.Role(startup["user"])
	h, err := e.c.Connect(startup["database"], user == nil || user.Superuser)
	if err != nil {
		return nil, err
	}
	db := h.Database()
	if user != nil && !cat.DatabaseHolds(user.OID, &db, acl.Connect) {
		h.Release()
		return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for database \"%s\"", db.Name).
			WithDetail("User does not have CONNECT privilege.")
	}
	sess := e.engine(db.OID, h.Store()).NewSession(startup)
	sess.SetDatabases(databaseView{e: e, h: h})
	sess.ApplyDatabase(startup)
	return clusterSession{wireSession{sess}, h}, nil
}

// engine returns database oid's engine, making it on first use.
func (e *clusterEngine) engine(oid types.OID, st *storage.Store) *session.Engine {
	e.mu.Lock()
	defer e.mu.Unlock()
	eng := e.engines[oid]
	if eng == nil {
		eng = e.newEngine(st)
		e.engines[oid] = eng
	}
	return eng
}

// forget drops the engine of a dropped database.
func (e *clusterEngine) forget(oid types.OID) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.engines, oid)
}

// clusterSession is a session counted by the cluster until it closes.
type clusterSession struct {
	wireSession
	h *cluster.Session
}

// SetBackend tells the session and the cluster the connection's process id.
func (s clusterSession) SetBackend(b catalog.Backend) {
	s.Session.SetBackend(b)
	if b != nil {
		s.h.SetPID(b.PID())
	}
}

// Close implements wire.Session.
func (s clusterSession) Close() {
	s.Session.Close()
	s.h.Release()
}

// databaseView is the cluster as one session sees it (session.Databases).
type databaseView struct {
	e *clusterEngine
	h *cluster.Session
}

var _ session.Databases = databaseView{}

// List implements session.Databases.
func (v databaseView) List() []catalog.DatabaseDef { return v.e.c.Databases() }

// Current implements session.Databases.
func (v databaseView) Current() catalog.DatabaseDef { return v.h.Database() }

// Size implements session.Databases.
func (v databaseView) Size(oid types.OID) int64 {
	st := v.e.c.Store(oid)
	if st == nil {
		return 0
	}
	t := st.Begin()
	defer t.Rollback()
	return t.DatabaseSize()
}

// Run implements session.Databases.
func (v databaseView) Run(ctx context.Context, st *planner.DatabaseStmt, by session.DatabaseActor) ([]*pgerror.Error, error) {
	actor := cluster.Actor{Role: by.Role, Owns: by.Owns, HoldsAny: by.HoldsAny, Session: v.h, Terminate: by.Terminate}
	c := v.e.c
	switch st.Op {
	case planner.DatabaseCreate:
		return nil, c.Create(cluster.CreateRequest{Def: createdDef(st), Template: st.Template, OwnerName: st.Owner.Name}, actor)
	case planner.DatabaseDrop:
		var oid types.OID
		for _, d := range c.Databases() {
			if d.Name == st.Name {
				oid = d.OID
			}
		}
		notice, err := c.Drop(ctx, st.Name, st.IfExists, st.Force, actor)
		if err == nil && oid != 0 {
			v.e.forget(oid)
		}
		if notice != "" {
			return []*pgerror.Error{notification("NOTICE", notice)}, err
		}
		return nil, err
	case planner.DatabaseRename:
		return nil, c.Rename(st.Name, st.NewName, actor)
	case planner.DatabaseGrant:
		g := st.Grant
		warnings, err := c.Grant(g.Names, g.IsGrant, actor, func(d *catalog.DatabaseDef) {
			list := d.ACL.Explicit(acl.Database, d.Owner)
			if g.IsGrant {
				d.ACL = list.Grant(g.Grantees, d.Owner, g.Privs, g.GrantOption)
			} else {
				d.ACL = list.Revoke(g.Grantees, d.Owner, g.Privs, g.GrantOption)
			}
		})
		var out []*pgerror.Error
		for _, w := range warnings {
			n := notification("WARNING", w)
			n.Code = pgcode.WarningPrivilegeNotGranted
			if !g.IsGrant {
				n.Code = pgcode.WarningPrivilegeNotRevoked
			}
			out = append(out, n)
		}
		return out, err
	}
	return nil, c.Alter(st.Name, actor, func(d *catalog.DatabaseDef) error {
		if st.Op == planner.DatabaseOwner && d.Owner != st.Owner.OID {
			// PostgreSQL's checks after ownership: membership of the new owner, CREATEDB.
			if !by.Owns(st.Owner.OID) {
				return pgerror.Newf(pgcode.InsufficientPrivilege, "must be member of role \"%s\"", st.Owner.Name)
			}
			if !by.Role.Superuser && !by.Role.CreateDB {
				return pgerror.New(pgcode.InsufficientPrivilege, "permission denied to change owner of database")
			}
		}
		alterDef(d, st)
		return nil
	})
}

// notification is a NOTICE or WARNING for the client.
func notification(severity, msg string) *pgerror.Error {
	n := pgerror.New(pgcode.SuccessfulCompletion, msg)
	n.Severity = severity
	return n
}

// createdDef is the definition CREATE DATABASE gives its database; the cluster fills in
// the OID, and the template's collation where none is given.
func createdDef(st *planner.DatabaseStmt) catalog.DatabaseDef {
	d := catalog.DatabaseDef{Name: st.Name, Owner: st.Owner.OID, Encoding: catalog.UTF8Encoding,
		Collate: st.Collate, Ctype: st.Ctype, AllowConn: true, ConnLimit: -1}
	alterDef(&d, st)
	return d
}

// alterDef applies ALTER DATABASE's (or CREATE DATABASE's) options to d.
func alterDef(d *catalog.DatabaseDef, st *planner.DatabaseStmt) {
	if st.ConnLimit != nil {
		d.ConnLimit = *st.ConnLimit
	}
	if st.IsTemplate != nil {
		d.IsTemplate = *st.IsTemplate
	}
	if st.AllowConn != nil {
		d.AllowConn = *st.AllowConn
	}
	switch st.Op {
	case planner.DatabaseOwner:
		d.ACL = d.ACL.NewOwner(d.Owner, st.Owner.OID)
		d.Owner = st.Owner.OID
	case planner.DatabaseComment:
		d.Comment = ""
		if st.Comment != nil {
			d.Comment = *st.Comment
		}
	case planner.DatabaseSet:
		d.Settings = changeSetting(d.Settings, st.SetName, st.SetValue)
	}
}

// changeSetting sets (value not nil) or resets parameter name in settings, "all" resetting
// every one.
func changeSetting(settings []string, name string, value *string) []string {
	if value == nil && name == "all" {
		return nil
	}
	var out []string
	for _, kv := range settings {
		if k, _, _ := strings.Cut(kv, "="); k != name {
			out = append(out, kv)
		}
	}
	if value != nil {
		out = append(out, name+"="+*value)
	}
	return out
}

// latestCatalog returns the catalog of st's latest commit.
func latestCatalog(st *storage.Store) *catalog.Catalog {
	t := st.Begin()
	defer t.Rollback()
	return t.Catalog()
}
