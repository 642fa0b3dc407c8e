package catalog

import (
	"slices"

	"github.com/pgfast/pgfast/catalog/types"
)

// TypeDef describes a type created by DDL (CREATE TYPE ... AS ENUM, CREATE DOMAIN): its row
// of pg_type together with what belongs to it, an enum's pg_enum rows or a domain's
// constraints. Every such type has an array type ("_name", ArrayOID) whose element it is.
// A TypeDef is immutable once published in a Catalog; ALTER TYPE derives a new one.
//
// Types share OIDs with relations (one store-wide counter) and are looked up by schema and
// name like them. Their structure (kind, Arrow representation, array type) is registered
// with package types the first time a snapshot holds them, so that ByOID serves them; see
// catalog/types/user.go.
type TypeDef struct {
	OID      types.OID
	ArrayOID types.OID
	Schema   string
	Name     string
	Kind     types.TypeKind
	// Labels are an enum's values in sort order.
	Labels []types.EnumLabel
	// Domain is a domain's definition; nil for other kinds.
	Domain *DomainDef
	// Fields are a composite type's attributes (CREATE TYPE name AS (...)), and RelOID its
	// pg_class row's OID (typrelid), which PostgreSQL gives every composite type.
	Fields []types.RecordField
	RelOID types.OID
	// Comment is COMMENT ON TYPE's (or DOMAIN's) text, empty for none.
	Comment string
	// enum indexes Labels for conversions; built when the def enters a catalog.
	enum *types.Enum
}

// DomainDef is what CREATE DOMAIN declares over the base type.
type DomainDef struct {
	Base    types.T
	NotNull bool
	// Default is the DEFAULT expression as SQL text, "" for none.
	Default string
	// Checks are the CHECK constraints, in the order they were added.
	Checks []DomainCheck
}

// DomainCheck is one CHECK constraint of a domain (a pg_constraint row): its OID, name and
// expression as SQL text over VALUE, which is bound afresh wherever the domain is used.
type DomainCheck struct {
	OID  types.OID `json:"oid"`
	Name string    `json:"name"`
	Expr string    `json:"expr"`
	// NotValid marks a constraint added NOT VALID: stored values were not checked.
	NotValid bool `json:"not_valid,omitempty"`
}

// DomainChain returns the domains a value of type t must satisfy: t itself when it is a
// domain, then the domain it is over, and so on; nil for other types.
func (c *Catalog) DomainChain(t types.OID) []*TypeDef {
	var out []*TypeDef
	for d := c.typeByOID[t]; d != nil && d.Domain != nil && len(out) < 100; d = c.typeByOID[d.Domain.Base.OID] {
		out = append(out, d)
	}
	return out
}

// QualifiedName returns schema.name.
func (d *TypeDef) QualifiedName() string { return d.Schema + "." + d.Name }

// SQLName returns the type's name as format_type prints it.
func (d *TypeDef) SQLName() string { return types.QuoteIdent(d.Name) }

// ArrayName returns the name of the type's array type, "_" and its name as PostgreSQL forms
// it.
func (d *TypeDef) ArrayName() string { return "_" + d.Name }

// Label returns the enum value labelled label, and its index in sort order (-1 if none).
func (d *TypeDef) Label(label string) (types.EnumLabel, int) {
	for i, l := range d.Labels {
		if l.Label == label {
			return l, i
		}
	}
	return types.EnumLabel{}, -1
}

// maxOID returns the highest OID the def uses: the type's, its array's, its labels' and
// its constraints'.
func (d *TypeDef) maxOID() types.OID {
	m := max(d.OID, d.ArrayOID, d.RelOID)
	for _, l := range d.Labels {
		m = max(m, l.OID)
	}
	if d.Domain != nil {
		for _, c := range d.Domain.Checks {
			m = max(m, c.OID)
		}
	}
	return m
}

// structure returns what package types registers of the type and of its array type.
func (d *TypeDef) structure() (*types.Type, *types.Type) {
	var t *types.Type
	switch d.Kind {
	case types.KindDomain:
		t = types.NewDomainType(d.OID, d.ArrayOID, d.Name, d.Domain.Base)
	case types.KindComposite:
		t = types.NewCompositeType(d.OID, d.ArrayOID, d.Name, d.Fields)
	default:
		t = types.NewEnumType(d.OID, d.ArrayOID, d.Name)
	}
	return t, types.NewArrayType(d.ArrayOID, t)
}

// register makes the structure of d known to package types, unless it is already, under
// d's name.
func (d *TypeDef) register() error {
	if cur := types.ByOID(d.OID); cur != nil && cur.Name == d.Name && cur.Kind == d.Kind && slices.Equal(cur.Fields, d.Fields) {
		return nil
	}
	t, arr := d.structure()
	if err := types.RegisterUserType(t); err != nil {
		return err
	}
	return types.RegisterUserType(arr)
}

// Committed returns d as committing its transaction leaves it: enum values added in the
// transaction are no longer marked Uncommitted. d itself is returned when none is.
func (d *TypeDef) Committed() *TypeDef {
	if !slices.ContainsFunc(d.Labels, func(l types.EnumLabel) bool { return l.Uncommitted }) {
		return d
	}
	c := *d
	c.Labels = slices.Clone(d.Labels)
	for i := range c.Labels {
		c.Labels[i].Uncommitted = false
	}
	c.finish()
	return &c
}

// RegisterTypes makes the structures of persisted types known to package types, which a
// store does before it builds the Arrow schemas of tables with columns of them.
func RegisterTypes(defs []*TypeDef) error {
	for _, d := range defs {
		if err := d.register(); err != nil {
			return err
		}
	}
	return nil
}

// finish completes a def entering a catalog: the index of an enum's labels.
func (d *TypeDef) finish() {
	if d.Kind == types.KindEnum {
		d.enum = types.NewEnum(d.OID, d.SQLName(), d.Labels)
	}
}

// Type returns the user type schema.name, or nil.
func (c *Catalog) Type(schema, name string) *TypeDef { return c.typeByName[schema+"."+name] }

// TypeByOID returns the user type with the given OID, or nil. An array type's OID gives
// nil; see ArrayElem.
func (c *Catalog) TypeByOID(oid types.OID) *TypeDef { return c.typeByOID[oid] }

// ArrayElem returns the user type whose array type has the given OID, or nil.
func (c *Catalog) ArrayElem(oid types.OID) *TypeDef {
	if d := types.ByOID(oid); d != nil && d.Elem != 0 {
		return c.typeByOID[d.Elem]
	}
	return nil
}

// Types returns every user type ordered by OID.
func (c *Catalog) Types() []*TypeDef {
	out := make([]*TypeDef, 0, len(c.typeByOID))
	for _, d := range c.typeByOID {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *TypeDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// Enum implements types.UserTypes.
func (c *Catalog) Enum(oid types.OID) *types.Enum {
	if d := c.typeByOID[oid]; d != nil {
		return d.enum
	}
	return nil
}

var _ types.UserTypes = (*Catalog)(nil)

// WithType returns a snapshot that also holds def, replacing the type of the same OID if
// there is one (ALTER TYPE). OIDs must be assigned. The def stored is returned too. The
// type's structure is registered with package types when its OID is new to it; an OID it
// already knows as a type of another kind is an error.
func (c *Catalog) WithType(def TypeDef) (*Catalog, *TypeDef, error) {
	if def.Schema == "" {
		def.Schema = DefaultSchema
	}
	def.Labels = slices.Clone(def.Labels)
	def.Fields = slices.Clone(def.Fields)
	d := &def
	if cur := types.ByOID(d.OID); cur == nil || cur.Kind != d.Kind || !slices.Equal(cur.Fields, d.Fields) {
		if err := d.register(); err != nil {
			return nil, nil, err
		}
	}
	d.finish()
	n := c.clone()
	if old := n.typeByOID[d.OID]; old != nil {
		delete(n.typeByName, old.QualifiedName())
	}
	n.typeByOID[d.OID] = d
	n.typeByName[d.QualifiedName()] = d
	n.nextOID = max(n.nextOID, d.maxOID()+1)
	return n, d, nil
}

// WithoutType returns a snapshot without the user type oid.
func (c *Catalog) WithoutType(oid types.OID) *Catalog {
	n := c.clone()
	if d := n.typeByOID[oid]; d != nil {
		delete(n.typeByName, d.QualifiedName())
		delete(n.typeByOID, oid)
	}
	return n
}

// TypeDependents describes, in PostgreSQL's words ("column c of table t depends on type
// mood"), the objects that use type oid or its array type, in the order they were created:
// columns of tables and domains over it (except those in ignore, which are being dropped
// too). DROP TYPE refuses to drop a type while it has any.
func (c *Catalog) TypeDependents(oid types.OID, ignore map[types.OID]bool) []string {
	d := c.typeByOID[oid]
	if d == nil {
		return nil
	}
	uses := func(t types.OID) bool { return t == oid || t == d.ArrayOID }
	type dependent struct {
		oid  types.OID
		what string
		// viaArray marks a use of the array type, which PostgreSQL's dependency walk
		// reports first.
		viaArray bool
	}
	typeName := func(t types.OID) string {
		if t == d.ArrayOID {
			return d.SQLName() + "[]"
		}
		return d.SQLName()
	}
	var deps []dependent
	for _, dom := range c.typeByOID {
		if dom.Domain != nil && uses(dom.Domain.Base.OID) && !ignore[dom.OID] {
			// A domain over the type is listed with what depends on it in turn.
			lines := append([]string{"type " + dom.SQLName() + " depends on type " + d.SQLName()}, c.TypeDependents(dom.OID, ignore)...)
			for _, l := range lines {
				deps = append(deps, dependent{oid: dom.OID, what: l})
			}
		}
		if c.RowTypeRelation(dom) != nil {
			continue // a relation's row type: its columns are listed below
		}
		for _, f := range dom.Fields {
			if uses(f.Type.OID) && !ignore[dom.OID] {
				deps = append(deps, dependent{dom.OID, "column " + f.Name + " of composite type " + dom.Name + " depends on type " + typeName(f.Type.OID), f.Type.OID == d.ArrayOID})
			}
		}
	}
	for _, t := range c.byOID {
		if t.Kind != KindTable || ignore[t.OID] {
			continue // a table dropped along with the type takes its columns with it
		}
		for _, col := range t.Columns {
			if !uses(col.Type.OID) {
				continue
			}
			deps = append(deps, dependent{t.OID, "column " + col.Name + " of table " + t.Name + " depends on type " + typeName(col.Type.OID), col.Type.OID == d.ArrayOID})
		}
	}
	slices.SortStableFunc(deps, func(a, b dependent) int {
		if a.viaArray != b.viaArray {
			if a.viaArray {
				return -1
			}
			return 1
		}
		return int(a.oid) - int(b.oid)
	})
	out := make([]string, len(deps))
	for i, dep := range deps {
		out[i] = dep.what
	}
	return out
}

// TypeNameTaken reports whether a type named schema.name would collide with an existing
// type, array type or relation (whose row type has the name), as pg_type's unique name
// index makes CREATE TYPE and CREATE TABLE fail with 42710.
func (c *Catalog) TypeNameTaken(schema, name string) bool {
	// An automatically named array type ("_mood") does not hold its name: PostgreSQL moves
	// it aside for a type created with that name, which lookups then find first.
	return c.Type(schema, name) != nil || c.Table(schema, name) != nil
}
