package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// pgDatabaseClass is pg_database's OID, the classoid of databases' shared descriptions.
const pgDatabaseClass types.OID = 1262

// databaseList returns the cluster's databases: Databases', or without it the session's
// database and PostgreSQL's two templates.
func (s *Source) databaseList() []catalog.DatabaseDef {
	if s.Databases != nil {
		return s.Databases()
	}
	db := s.Database
	if db == "" {
		db = "postgres"
	}
	templ := acl.List{{Grantee: acl.Public, Grantor: BootstrapSuperuser, Privs: acl.Connect},
		{Grantee: BootstrapSuperuser, Grantor: BootstrapSuperuser, Privs: acl.Database.All()}}
	mk := func(oid types.OID, name string, template, conn bool, acl acl.List) catalog.DatabaseDef {
		return catalog.DatabaseDef{OID: oid, Name: name, Owner: BootstrapSuperuser, Encoding: utf8Encoding, Collate: "C", Ctype: "C",
			IsTemplate: template, AllowConn: conn, ConnLimit: -1, ACL: acl}
	}
	return []catalog.DatabaseDef{mk(template1DB, "template1", true, true, templ), mk(template0DB, "template0", true, false, templ),
		mk(currentDB, db, false, true, nil)}
}

// currentDatabaseOID is the OID of the session's database.
func (s *Source) currentDatabaseOID() types.OID {
	if s.DatabaseOID != 0 {
		return s.DatabaseOID
	}
	return currentDB
}

func (s *Source) databases(w *rowWriter) {
	for _, d := range s.databaseList() {
		w.oid(d.OID).str(d.Name).oid(d.Owner).i32(d.Encoding).char('c').boolean(d.IsTemplate).
			boolean(d.AllowConn).i32(d.ConnLimit).oid(716).oid(1).oid(defaultTblspc).str(d.Collate).str(d.Ctype).null().null()
		w.strArray(s.aclStrings(d.ACL)).end()
	}
}

// shdescriptions are the comments of shared objects: databases'.
func (s *Source) shdescriptions(w *rowWriter) {
	for _, d := range s.databaseList() {
		if d.Comment != "" {
			w.oid(d.OID).oid(pgDatabaseClass).str(d.Comment).end()
		}
	}
}

// dbRoleSettings are the parameters ALTER DATABASE ... SET gave databases (role 0: for
// every role).
func (s *Source) dbRoleSettings(w *rowWriter) {
	for _, d := range s.databaseList() {
		if len(d.Settings) > 0 {
			w.oid(d.OID).oid(0).strArray(d.Settings).end()
		}
	}
}
