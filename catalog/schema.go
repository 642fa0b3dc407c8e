package catalog

import (
	"maps"
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// Schemas (namespaces). public always exists (PostgreSQL creates it with every database;
// pgfast does not let it be dropped); the schemas CREATE SCHEMA makes are SchemaDefs of the
// snapshot. The system schemas (pg_catalog, information_schema) belong to package pgcatalog,
// and each session's temporary schema (pg_temp_N) exists implicitly while it has tables.

// PublicSchemaOID is the OID of schema public, as in PostgreSQL.
const PublicSchemaOID types.OID = 2200

// TempSchemaPrefix starts the name of every session's temporary schema.
const TempSchemaPrefix = "pg_temp_"

// SchemaDef is a schema created by CREATE SCHEMA.
type SchemaDef struct {
	OID   types.OID `json:"oid"`
	Name  string    `json:"name"`
	Owner string    `json:"owner"`
	// ACL is the privileges granted on the schema (nil: the defaults).
	ACL acl.List `json:"acl"`
	// Comment is COMMENT ON SCHEMA's text, empty for none.
	Comment string `json:"comment,omitempty"`
}

// Schema returns the user schema of the name, or nil (also for public, whose privileges
// alone are kept, as PublicSchema).
func (c *Catalog) Schema(name string) *SchemaDef {
	if name == DefaultSchema {
		return nil
	}
	return c.schemas[name]
}

// PublicSchema returns schema public as GRANT and REVOKE change it: its OID, owner and
// privileges (nil: PostgreSQL 15's defaults).
func (c *Catalog) PublicSchema() *SchemaDef {
	if d := c.schemas[DefaultSchema]; d != nil {
		return d
	}
	return &SchemaDef{OID: PublicSchemaOID, Name: DefaultSchema, Owner: "pg_database_owner"}
}

// SchemaExists reports whether a schema of the name holds user objects: public, a schema
// CREATE SCHEMA made, or a session's temporary schema.
func (c *Catalog) SchemaExists(name string) bool {
	return name == DefaultSchema || c.schemas[name] != nil || strings.HasPrefix(name, TempSchemaPrefix)
}

// SchemaByOID returns the user schema with the OID, or nil.
func (c *Catalog) SchemaByOID(oid types.OID) *SchemaDef {
	for _, s := range c.schemas {
		if s.OID == oid {
			return s
		}
	}
	return nil
}

// Schemas returns the schemas CREATE SCHEMA made, in OID order, and public once GRANT or
// REVOKE changed its privileges.
func (c *Catalog) Schemas() []*SchemaDef {
	out := slices.Collect(maps.Values(c.schemas))
	slices.SortFunc(out, func(a, b *SchemaDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// WithSchemas returns a snapshot that holds exactly the given user schemas besides c's
// relations and types (restoring a persisted catalog, or committing schema DDL).
func (c *Catalog) WithSchemas(defs []*SchemaDef) *Catalog {
	n := c.clone()
	n.schemas = make(map[string]*SchemaDef, len(defs))
	for _, d := range defs {
		n.schemas[d.Name] = d
		n.nextOID = max(n.nextOID, d.OID+1)
	}
	return n
}

// WithSchema returns a snapshot that also holds def, replacing the schema of def's OID
// (a rename: the relations and types in it move with it).
func (c *Catalog) WithSchema(def SchemaDef) *Catalog {
	n := c.clone()
	old := n.SchemaByOID(def.OID)
	n.schemas[def.Name] = &def
	n.nextOID = max(n.nextOID, def.OID+1)
	if old == nil || old.Name == def.Name {
		return n
	}
	delete(n.schemas, old.Name)
	n.moveFunctions(old.Name, def.Name)
	for _, t := range n.Tables() {
		if t.Schema == old.Name {
			moved := *t
			moved.Schema = def.Name
			delete(n.byName, t.QualifiedName())
			n.byName[moved.QualifiedName()] = &moved
			n.byOID[moved.OID] = &moved
		}
	}
	for _, t := range n.Types() {
		if t.Schema == old.Name {
			moved := *t
			moved.Schema = def.Name
			delete(n.typeByName, t.QualifiedName())
			n.typeByName[moved.QualifiedName()] = &moved
			n.typeByOID[moved.OID] = &moved
		}
	}
	return n
}

// WithoutSchema returns a snapshot without the user schema of the name. The caller has
// dropped what it held.
func (c *Catalog) WithoutSchema(name string) *Catalog {
	n := c.clone()
	delete(n.schemas, name)
	return n
}

// InSchema returns the relations and types of a schema, each in OID order.
func (c *Catalog) InSchema(name string) ([]*TableDef, []*TypeDef) {
	var rels []*TableDef
	for _, t := range c.Tables() {
		if t.Schema == name {
			rels = append(rels, t)
		}
	}
	slices.SortFunc(rels, func(a, b *TableDef) int { return int(a.OID) - int(b.OID) })
	var typs []*TypeDef
	for _, t := range c.Types() {
		if t.Schema == name {
			typs = append(typs, t)
		}
	}
	slices.SortFunc(typs, func(a, b *TypeDef) int { return int(a.OID) - int(b.OID) })
	return rels, typs
}

// ParseSearchPath splits a search_path setting into schema names as PostgreSQL reads it:
// a comma-separated list of identifiers, double-quoted ones kept as written and unquoted
// ones folded to lower case; "$user" stands for the session's user.
func ParseSearchPath(setting, user string) []string {
	out := []string{} // an empty path names no schema; nil would mean the default path
	for _, part := range splitList(setting) {
		switch {
		case part == `"$user"` || part == "$user":
			out = append(out, user)
		case len(part) >= 2 && part[0] == '"' && part[len(part)-1] == '"':
			out = append(out, strings.ReplaceAll(part[1:len(part)-1], `""`, `"`))
		case part != "":
			out = append(out, NormalizeName(part))
		}
	}
	return out
}

// splitList splits s at the commas outside double quotes, trimming white space.
func splitList(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
