package catalog

import (
	"sort"

	"github.com/pgfast/pgfast/catalog/types"
)

// Foreign tables (file_fdw): a relation whose rows are read from files when it is scanned.
// Its definition names a foreign server, and both carry the generic options of SQL/MED
// (OPTIONS (name 'value', ...)), kept as text in the order given, as pg_foreign_table's
// ftoptions and psql's \det+ show them. The one foreign-data wrapper, file_fdw, is a built-in
// extension; servers are catalog objects without rows, unqualified by schema as in
// PostgreSQL.

// KindForeign is the relation kind of a foreign table (pg_class.relkind 'f').
const KindForeign TableKind = 'f'

// FileFDW is the name of the foreign-data wrapper every foreign server uses.
const FileFDW = "file_fdw"

// Option is one generic option of a foreign table or server.
type Option struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Options is a list of generic options in the order given.
type Options []Option

// Get returns the value of the named option and whether it is set.
func (o Options) Get(name string) (string, bool) {
	for _, x := range o {
		if x.Name == name {
			return x.Value, true
		}
	}
	return "", false
}

// Text renders the options as PostgreSQL's array of "name=value" (pg_foreign_table's
// ftoptions), nil when there are none.
func (o Options) Text() []string {
	if len(o) == 0 {
		return nil
	}
	out := make([]string, len(o))
	for i, x := range o {
		out[i] = x.Name + "=" + x.Value
	}
	return out
}

// ForeignTable is what a foreign table's definition adds to its columns.
type ForeignTable struct {
	Server  string  `json:"server"`
	Options Options `json:"options"`
}

// ForeignServer is a foreign server (CREATE SERVER name FOREIGN DATA WRAPPER file_fdw).
type ForeignServer struct {
	OID     types.OID `json:"oid"`
	Name    string    `json:"name"`
	Type    string    `json:"type,omitempty"`
	Version string    `json:"version,omitempty"`
	Options Options   `json:"options,omitempty"`
}

// Server returns the foreign server called name, or nil.
func (c *Catalog) Server(name string) *ForeignServer { return c.servers[name] }

// Servers returns every foreign server ordered by name.
func (c *Catalog) Servers() []*ForeignServer {
	out := make([]*ForeignServer, 0, len(c.servers))
	for _, s := range c.servers {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// WithServers returns a snapshot whose foreign servers are exactly servers.
func (c *Catalog) WithServers(servers []*ForeignServer) *Catalog {
	n := c.clone()
	n.servers = make(map[string]*ForeignServer, len(servers))
	for _, s := range servers {
		n.servers[s.Name] = s
		if s.OID >= n.nextOID {
			n.nextOID = s.OID + 1
		}
	}
	return n
}

// ServerUsers returns the foreign tables that use server name, in creation (OID) order.
func (c *Catalog) ServerUsers(name string) []*TableDef {
	var out []*TableDef
	for _, t := range c.byOID {
		if t.Foreign != nil && t.Foreign.Server == name {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OID < out[j].OID })
	return out
}

// Wrapper is a foreign-data wrapper a built-in extension provides (file_fdw), a row of
// pg_foreign_data_wrapper: its handler and validator are functions of the extension.
type Wrapper struct {
	OID                types.OID
	Name               string
	Handler, Validator *Func
}

// AddWrapper registers a foreign-data wrapper, with a fresh OID, and returns it.
func (r *Registry) AddWrapper(w *Wrapper) *Wrapper {
	w.OID = r.nextOID
	r.nextOID++
	r.wrappers = append(r.wrappers, w)
	return w
}

// Wrappers returns the foreign-data wrappers in registration order.
func (r *Registry) Wrappers() []*Wrapper { return r.wrappers }

// Wrapper returns the foreign-data wrapper called name, or nil.
func (r *Registry) Wrapper(name string) *Wrapper {
	for _, w := range r.wrappers {
		if w.Name == name {
			return w
		}
	}
	return nil
}
