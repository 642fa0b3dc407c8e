package catalog

import (
	"maps"
	"slices"

	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// User-defined functions and procedures (CREATE FUNCTION / CREATE PROCEDURE ... LANGUAGE
// sql) are FuncDefs of the snapshot. They hold their body as SQL text, as pg_proc.prosrc
// does; the planner parses and binds the body at every call site, inlining it into the
// calling query, so a FuncDef never carries executable code of its own.

// KindProcedure is pg_proc.prokind of a procedure (CREATE PROCEDURE, run by CALL).
const KindProcedure FuncKind = 'p'

// Parameter modes, as pg_proc.proargmodes spells them.
const (
	ParamIn       byte = 'i'
	ParamOut      byte = 'o'
	ParamInOut    byte = 'b'
	ParamVariadic byte = 'v'
	ParamTable    byte = 't'
)

// FuncParam is one declared parameter of a user-defined function.
type FuncParam struct {
	Name   string    `json:"name,omitempty"`
	Type   types.OID `json:"type"`
	Typmod int32     `json:"typmod,omitempty"`
	Mode   byte      `json:"mode"`
	// Default is the parameter's DEFAULT expression as SQL text, empty for none.
	Default string `json:"default,omitempty"`
}

// IsInput reports whether the parameter is passed by the caller (IN, INOUT, VARIADIC).
func (p FuncParam) IsInput() bool {
	return p.Mode == ParamIn || p.Mode == ParamInOut || p.Mode == ParamVariadic
}

// IsOutput reports whether the parameter is a column of the result (OUT, INOUT, TABLE).
func (p FuncParam) IsOutput() bool {
	return p.Mode == ParamOut || p.Mode == ParamInOut || p.Mode == ParamTable
}

// FuncDef is a user-defined SQL function or procedure.
type FuncDef struct {
	OID    types.OID   `json:"oid"`
	Schema string      `json:"schema"`
	Name   string      `json:"name"`
	Kind   FuncKind    `json:"kind"`
	Params []FuncParam `json:"params,omitempty"`
	// Ret is the result type (record for several OUT parameters, void for procedures) and
	// RetSet marks SETOF and TABLE functions.
	Ret        types.OID  `json:"ret"`
	RetSet     bool       `json:"retset,omitempty"`
	Volatility Volatility `json:"volatility"`
	Strict     bool       `json:"strict,omitempty"`
	SecDef     bool       `json:"secdef,omitempty"`
	Leakproof  bool       `json:"leakproof,omitempty"`
	Parallel   byte       `json:"parallel"`
	Cost       float32    `json:"cost"`
	Rows       float32    `json:"rows,omitempty"`
	// Body is the function's SQL: the text between AS quotes (prosrc), or for a body in
	// the SQL-standard form (RETURN expr, BEGIN ATOMIC ... END) that form as written, with
	// Atomic set.
	Body   string `json:"body"`
	Atomic bool   `json:"atomic,omitempty"`
	// Deps are the relations and user functions an SQL-standard body's queries name
	// (pg_depend), as PostgreSQL records them for such a body only.
	Deps []types.OID `json:"deps,omitempty"`
	// Config holds the SET clauses (proconfig), "name=value" each.
	Config []string  `json:"config,omitempty"`
	Owner  types.OID `json:"owner,omitempty"`
	ACL    acl.List  `json:"acl,omitempty"`
	// Comment is COMMENT ON FUNCTION's text, empty for none.
	Comment string `json:"comment,omitempty"`
}

// OwnerOID returns the function's owner, the bootstrap superuser when none is recorded.
func (f *FuncDef) OwnerOID() types.OID {
	if f.Owner == 0 {
		return BootstrapRoleOID
	}
	return f.Owner
}

// InputTypes returns the types of the parameters a call passes (proargtypes).
func (f *FuncDef) InputTypes() []types.OID {
	var out []types.OID
	for _, p := range f.Params {
		if p.IsInput() {
			out = append(out, p.Type)
		}
	}
	return out
}

// Inputs returns the parameters a call passes, in order.
func (f *FuncDef) Inputs() []FuncParam {
	var out []FuncParam
	for _, p := range f.Params {
		if p.IsInput() {
			out = append(out, p)
		}
	}
	return out
}

// Outputs returns the OUT, INOUT and TABLE parameters: the columns of the result.
func (f *FuncDef) Outputs() []FuncParam {
	var out []FuncParam
	for _, p := range f.Params {
		if p.IsOutput() {
			out = append(out, p)
		}
	}
	return out
}

// Variadic reports whether the last input parameter is VARIADIC.
func (f *FuncDef) Variadic() bool {
	in := f.Inputs()
	return len(in) > 0 && in[len(in)-1].Mode == ParamVariadic
}

// QualifiedName returns schema.name.
func (f *FuncDef) QualifiedName() string { return f.Schema + "." + f.Name }

// SameSignature reports whether g has f's name, schema and input types: the identity
// PostgreSQL keeps unique.
func (f *FuncDef) SameSignature(g *FuncDef) bool {
	return f.Schema == g.Schema && f.Name == g.Name && slices.Equal(f.InputTypes(), g.InputTypes())
}

// Function returns the user-defined function with the OID, or nil.
func (c *Catalog) Function(oid types.OID) *FuncDef { return c.funcs[oid] }

// Functions returns the user-defined functions and procedures in OID order.
func (c *Catalog) Functions() []*FuncDef {
	out := slices.Collect(maps.Values(c.funcs))
	slices.SortFunc(out, func(a, b *FuncDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// FunctionsNamed returns the user-defined functions of a name in a schema, in OID order.
func (c *Catalog) FunctionsNamed(schema, name string) []*FuncDef {
	var out []*FuncDef
	for _, f := range c.funcs {
		if f.Name == name && f.Schema == schema {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b *FuncDef) int { return int(a.OID) - int(b.OID) })
	return out
}

// HasFunctionNamed reports whether any schema has a user-defined function of the name,
// a cheap test before resolving a call against them.
func (c *Catalog) HasFunctionNamed(name string) bool {
	for _, f := range c.funcs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// WithFunction returns a snapshot that also holds def, replacing the function of def's
// OID (CREATE OR REPLACE, ALTER FUNCTION).
func (c *Catalog) WithFunction(def FuncDef) *Catalog {
	n := c.clone()
	n.funcs[def.OID] = &def
	n.nextOID = max(n.nextOID, def.OID+1)
	return n
}

// WithoutFunction returns a snapshot without the function oid.
func (c *Catalog) WithoutFunction(oid types.OID) *Catalog {
	n := c.clone()
	delete(n.funcs, oid)
	return n
}

// WithFunctions returns a snapshot that holds exactly the given functions besides c's
// other objects (restoring a persisted catalog, or committing function DDL).
func (c *Catalog) WithFunctions(defs []*FuncDef) *Catalog {
	n := c.clone()
	n.funcs = make(map[types.OID]*FuncDef, len(defs))
	for _, d := range defs {
		n.funcs[d.OID] = d
		n.nextOID = max(n.nextOID, d.OID+1)
	}
	return n
}

// moveFunctions renames the schema of the functions in schema from to to (ALTER SCHEMA
// RENAME), on a clone the caller owns.
func (c *Catalog) moveFunctions(from, to string) {
	for oid, f := range c.funcs {
		if f.Schema == from {
			moved := *f
			moved.Schema = to
			c.funcs[oid] = &moved
		}
	}
}

// FunctionsInSchema returns the functions of a schema, in OID order.
func (c *Catalog) FunctionsInSchema(schema string) []*FuncDef {
	var out []*FuncDef
	for _, f := range c.Functions() {
		if f.Schema == schema {
			out = append(out, f)
		}
	}
	return out
}
