package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Actor is who runs a database statement: the session's current role and connection.
type Actor struct {
	// Role is the current role; Owns reports whether it holds the privileges of role oid
	// (a superuser holds every role's).
	Role *catalog.RoleDef
	Owns func(oid types.OID) bool
	// HoldsAny reports whether the role holds any privilege on a database.
	HoldsAny func(d *catalog.DatabaseDef) bool
	// Session is the actor's own connection (nil: none).
	Session *Session
	// Terminate ends the session of process id pid (DROP DATABASE ... WITH (FORCE)).
	Terminate func(pid int32) bool
}

// forceWait bounds how long DROP DATABASE ... WITH (FORCE) waits for the sessions it
// terminated to end, as PostgreSQL waits five seconds.
const forceWait = 5 * time.Second

// CreateRequest is CREATE DATABASE's: the new database's definition (its OID is assigned)
// and the template it copies.
type CreateRequest struct {
	Def      catalog.DatabaseDef
	Template string
	// OwnerName is the name of Def.Owner, for the error when the actor may not give the
	// database to it.
	OwnerName string
}

// Create runs CREATE DATABASE: it copies the template's store into the new database's
// directory and then records the database in the registry.
func (c *Cluster) Create(req CreateRequest, by Actor) error {
	if !by.Role.Superuser && !by.Role.CreateDB {
		return pgerror.New(pgcode.InsufficientPrivilege, "permission denied to create database")
	}
	if !by.Owns(req.Def.Owner) {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "must be member of role \"%s\"", req.OwnerName)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	tmplName := req.Template
	if tmplName == "" {
		tmplName = "template1"
	}
	tmpl := c.byName(tmplName)
	if tmpl == nil {
		return pgerror.Newf(pgcode.UndefinedDatabase, "template database \"%s\" does not exist", tmplName)
	}
	if !tmpl.def.IsTemplate && !by.Owns(tmpl.def.Owner) {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied to copy database \"%s\"", tmplName)
	}
	if c.byName(req.Def.Name) != nil {
		return pgerror.Newf(pgcode.DuplicateDatabase, "database \"%s\" already exists", req.Def.Name)
	}
	if n := tmpl.others(by.Session); n > 0 {
		return busy(pgerror.Newf(pgcode.ObjectInUse, "source database \"%s\" is being accessed by other users", tmplName), n)
	}
	def := req.Def
	def.OID = c.reg.NextOID
	if def.Collate == "" {
		def.Collate = tmpl.def.Collate
	}
	if def.Ctype == "" {
		def.Ctype = tmpl.def.Ctype
	}
	dir := c.dbDir(def.OID)
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return ioError(err)
	}
	os.RemoveAll(dir) // a leftover of a crash
	if err := tmpl.store.CopyTo(dir); err != nil {
		os.RemoveAll(dir)
		return err
	}
	if err := syncDir(filepath.Dir(dir)); err != nil {
		os.RemoveAll(dir)
		return ioError(err)
	}
	st, err := c.openStore(def.OID)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	next := *c.reg
	next.NextOID = def.OID + 1
	next.Databases = append(slices.Clone(c.reg.Databases), &def)
	if err := writeRegistry(c.dir, &next); err != nil {
		return errors.Join(ioError(err), st.Close(), os.RemoveAll(dir))
	}
	c.reg = &next
	c.dbs[def.OID] = &database{def: &def, store: st, sessions: map[*Session]bool{}}
	return nil
}

// Drop runs DROP DATABASE. A database that does not exist is an error, or with ifExists
// gives notice the NOTICE to send. With force the sessions connected to it are terminated
// first.
func (c *Cluster) Drop(ctx context.Context, name string, ifExists, force bool, by Actor) (notice string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		db := c.byName(name)
		if db == nil {
			if ifExists {
				return fmt.Sprintf("database \"%s\" does not exist, skipping", name), nil
			}
			return "", pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", name)
		}
		if !by.Owns(db.def.Owner) {
			return "", pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of database %s", name)
		}
		if db.def.IsTemplate {
			return "", pgerror.New(pgcode.WrongObjectType, "cannot drop a template database")
		}
		if by.Session != nil && by.Session.db == db {
			return "", pgerror.New(pgcode.ObjectInUse, "cannot drop the currently open database")
		}
		if db.store == c.root {
			return "", pgerror.Newf(pgcode.FeatureNotSupported, "cannot drop database \"%s\": it keeps the cluster's roles", name)
		}
		n := db.others(by.Session)
		if n == 0 {
			return "", c.dropLocked(db)
		}
		if !force {
			return "", busy(pgerror.Newf(pgcode.ObjectInUse, "database \"%s\" is being accessed by other users", name), n)
		}
		if err := c.terminate(ctx, db, by); err != nil {
			return "", err
		}
		force = false // whoever connected meanwhile makes the drop fail
	}
}

// terminate ends the sessions of db and waits for them to go, up to forceWait. The
// caller holds c.mu, which is released while it waits.
func (c *Cluster) terminate(ctx context.Context, db *database, by Actor) error {
	if !by.Role.Superuser && !by.Owns(db.def.Owner) {
		return pgerror.New(pgcode.InsufficientPrivilege, "permission denied to terminate process")
	}
	for s := range db.sessions {
		if s != by.Session && s.pid != 0 && by.Terminate != nil {
			by.Terminate(s.pid)
		}
	}
	deadline := time.NewTimer(forceWait)
	defer deadline.Stop()
	for db.others(by.Session) > 0 {
		released := c.released
		c.mu.Unlock()
		select {
		case <-released:
		case <-deadline.C:
			c.mu.Lock()
			return nil
		case <-ctx.Done():
			c.mu.Lock()
			return context.Cause(ctx)
		}
		c.mu.Lock()
	}
	return nil
}

// dropLocked removes db from the registry, then closes and deletes its store. The caller
// holds c.mu.
func (c *Cluster) dropLocked(db *database) error {
	next := *c.reg
	next.Databases = slices.DeleteFunc(slices.Clone(c.reg.Databases), func(d *catalog.DatabaseDef) bool { return d.OID == db.def.OID })
	if err := writeRegistry(c.dir, &next); err != nil {
		return ioError(err)
	}
	c.reg = &next
	delete(c.dbs, db.def.OID)
	err := db.store.Close()
	os.RemoveAll(c.dbDir(db.def.OID))
	return err
}

// Rename runs ALTER DATABASE ... RENAME TO.
func (c *Cluster) Rename(name, newName string, by Actor) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	db := c.byName(name)
	if db == nil {
		return pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", name)
	}
	if !by.Owns(db.def.Owner) {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of database %s", name)
	}
	if !by.Role.Superuser && !by.Role.CreateDB {
		return pgerror.New(pgcode.InsufficientPrivilege, "permission denied to rename database")
	}
	if c.byName(newName) != nil {
		return pgerror.Newf(pgcode.DuplicateDatabase, "database \"%s\" already exists", newName)
	}
	if by.Session != nil && by.Session.db == db {
		return pgerror.New(pgcode.FeatureNotSupported, "current database cannot be renamed")
	}
	if n := db.others(by.Session); n > 0 {
		return busy(pgerror.Newf(pgcode.ObjectInUse, "database \"%s\" is being accessed by other users", name), n)
	}
	return c.changeLocked(db, func(d *catalog.DatabaseDef) { d.Name = newName })
}

// Alter changes database name's definition with change, after checking that the actor
// owns it (ALTER DATABASE ... OWNER TO, SET, RESET, WITH options; COMMENT ON DATABASE).
// change may refuse with an error.
func (c *Cluster) Alter(name string, by Actor, change func(d *catalog.DatabaseDef) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	db := c.byName(name)
	if db == nil {
		return pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", name)
	}
	if !by.Owns(db.def.Owner) {
		return pgerror.Newf(pgcode.InsufficientPrivilege, "must be owner of database %s", name)
	}
	d := *db.def
	d.ACL, d.Settings = slices.Clone(d.ACL), slices.Clone(d.Settings)
	if err := change(&d); err != nil {
		return err
	}
	return c.changeLocked(db, func(out *catalog.DatabaseDef) { *out = d })
}

// changeLocked applies change to a copy of db's definition and makes it durable. The
// caller holds c.mu.
func (c *Cluster) changeLocked(db *database, change func(*catalog.DatabaseDef)) error {
	d := *db.def
	change(&d)
	next := *c.reg
	next.Databases = slices.Clone(c.reg.Databases)
	for i, x := range next.Databases {
		if x.OID == d.OID {
			next.Databases[i] = &d
		}
	}
	if err := writeRegistry(c.dir, &next); err != nil {
		return ioError(err)
	}
	c.reg = &next
	db.def = &d
	return nil
}

// busy adds PostgreSQL's detail of how many other sessions use a database to err.
func busy(err *pgerror.Error, n int) error {
	if n == 1 {
		return err.WithDetail("There is 1 other session using the database.")
	}
	return err.WithDetail(fmt.Sprintf("There are %d other sessions using the database.", n))
}

func ioError(err error) error {
	return pgerror.Wrapf(err, pgcode.IoError, "could not write the database registry")
}

// Grant changes the access control lists of databases names with change (GRANT and
// REVOKE ON DATABASE), all or none. Only owners change them: a database the actor does not
// own but holds privileges on is left as it is with a warning (what PostgreSQL says when
// the actor holds no grant options, for which grantors other than owners are not kept);
// one it holds nothing on fails the statement.
func (c *Cluster) Grant(names []string, grant bool, by Actor, change func(d *catalog.DatabaseDef)) (warnings []string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var dbs []*database
	for _, name := range names {
		db := c.byName(name)
		if db == nil {
			return nil, pgerror.Newf(pgcode.UndefinedDatabase, "database \"%s\" does not exist", name)
		}
		if by.Owns(db.def.Owner) {
			dbs = append(dbs, db)
			continue
		}
		if by.HoldsAny == nil || !by.HoldsAny(db.def) {
			return nil, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for database %s", name)
		}
		if grant {
			warnings = append(warnings, fmt.Sprintf("no privileges were granted for \"%s\"", name))
		} else {
			warnings = append(warnings, fmt.Sprintf("no privileges could be revoked for \"%s\"", name))
		}
	}
	next := *c.reg
	next.Databases = slices.Clone(c.reg.Databases)
	defs := map[*database]*catalog.DatabaseDef{}
	for _, db := range dbs {
		d := defs[db]
		if d == nil {
			cp := *db.def
			d = &cp
			defs[db] = d
		}
		change(d)
	}
	for i, x := range next.Databases {
		for db, d := range defs {
			if x.OID == db.def.OID {
				next.Databases[i] = d
			}
		}
	}
	if err := writeRegistry(c.dir, &next); err != nil {
		return nil, ioError(err)
	}
	c.reg = &next
	for db, d := range defs {
		db.def = d
	}
	return warnings, nil
}
