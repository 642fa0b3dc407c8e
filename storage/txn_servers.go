package storage

import (
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Foreign servers (CREATE SERVER) are catalog objects without rows, like types: a
// transaction changes them in its catalog and commit rebases the changes onto the latest
// version. Creating a name a concurrent commit took fails with 42710; a foreign table left
// naming a server a concurrent commit dropped fails with 40001.

// serverChange is what a transaction did to one server: the definition its snapshot had
// (nil for a server created here) and the one it leaves (nil for one dropped here).
type serverChange struct {
	base, cur *catalog.ForeignServer
}

// CreateServer adds a foreign server and returns its stored definition (its OID assigned).
// A taken name gives 42710.
func (t *Txn) CreateServer(def catalog.ForeignServer) (*catalog.ForeignServer, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if t.cat.Server(def.Name) != nil {
		return nil, duplicateServer(def.Name)
	}
	def.OID = t.s.allocOIDs(1)
	def.Options = slices.Clone(def.Options)
	t.putServer(def.Name, &def)
	return &def, nil
}

// DropServer removes the foreign server called name; the caller has checked that no foreign
// table uses it.
func (t *Txn) DropServer(name string) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	if t.cat.Server(name) == nil {
		return pgerror.Newf(pgcode.UndefinedObject, "server \"%s\" does not exist", name)
	}
	t.putServer(name, nil)
	return nil
}

// putServer makes cur the transaction's server called name (nil: none).
func (t *Txn) putServer(name string, cur *catalog.ForeignServer) {
	if t.servers == nil {
		t.servers = map[string]*serverChange{}
	}
	c := t.servers[name]
	if c == nil {
		c = &serverChange{base: t.cat.Server(name)}
		t.servers[name] = c
	}
	c.cur = cur
	if c.base == nil && cur == nil {
		delete(t.servers, name) // created and dropped here: nothing to commit
	}
	servers := slices.DeleteFunc(t.cat.Servers(), func(s *catalog.ForeignServer) bool { return s.Name == name })
	if cur != nil {
		servers = append(servers, cur)
	}
	t.cat = t.cat.WithServers(servers)
}

// validateServers checks the transaction's server changes against latest.
func (t *Txn) validateServers(latest *version) error {
	for name, c := range t.servers {
		if c.base == nil && latest.cat.Server(name) != nil {
			return duplicateServer(name)
		}
	}
	return nil
}

// committedServers returns latest's servers with the transaction's changes applied.
func (t *Txn) committedServers(latest *version) []*catalog.ForeignServer {
	out := slices.DeleteFunc(latest.cat.Servers(), func(s *catalog.ForeignServer) bool { return t.servers[s.Name] != nil })
	for _, c := range t.servers {
		if c.cur != nil {
			out = append(out, c.cur)
		}
	}
	return out
}

// checkServerUses verifies that every foreign table of the committing catalog names a server
// it holds, which a concurrent DROP SERVER could have removed.
func checkServerUses(cat *catalog.Catalog) error {
	for _, tbl := range cat.Tables() {
		if tbl.Foreign != nil && cat.Server(tbl.Foreign.Server) == nil {
			return pgerror.New(pgcode.TRSerializationFailure, "could not serialize access due to concurrent update").
				WithDetail("Foreign table \"" + tbl.Name + "\" uses a server a concurrent transaction dropped.")
		}
	}
	return nil
}

func duplicateServer(name string) error {
	return pgerror.Newf(pgcode.DuplicateObject, "server \"%s\" already exists", name)
}
