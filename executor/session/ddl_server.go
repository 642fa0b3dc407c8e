package session

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ServerDDL is implemented by transactions that can create and drop foreign servers
// (package storage's). A store without them refuses the statements.
type ServerDDL interface {
	// CreateServer adds a foreign server, assigning its OID; a taken name gives 42710.
	CreateServer(def catalog.ForeignServer) (*catalog.ForeignServer, error)
	// DropServer removes a foreign server; the caller has checked nothing uses it.
	DropServer(name string) error
}

// serverDDL runs CREATE SERVER and DROP SERVER.
func (s *Session) serverDDL(txn executor.Txn, st *planner.Statement) error {
	for _, n := range st.Notices {
		s.notice("NOTICE", n.Code, "%s", n.Message)
	}
	sd, ok := txn.(ServerDDL)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "this store cannot hold foreign servers")
	}
	if st.Kind == planner.StmtCreateServer {
		if st.Server == nil {
			return nil // skipped by IF NOT EXISTS
		}
		_, err := sd.CreateServer(*st.Server)
		return err
	}
	for _, name := range st.DropServers {
		if users := txn.Catalog().ServerUsers(name); len(users) > 0 {
			return pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop server %s because other objects depend on it", name)
		}
		if err := sd.DropServer(name); err != nil {
			return err
		}
	}
	return nil
}

// importTables creates IMPORT FOREIGN SCHEMA's foreign tables; a name already taken fails
// the statement, as in PostgreSQL.
func importTables(txn executor.Txn, defs []*catalog.TableDef) error {
	for _, d := range defs {
		if txn.Catalog().Table(d.Schema, d.Name) != nil {
			return pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", d.Name)
		}
		if _, err := txn.CreateTable(*d); err != nil {
			return err
		}
	}
	return nil
}
