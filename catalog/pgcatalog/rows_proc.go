package pgcatalog

import (
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The relations describing functions and operators, generated from the registry.

// funcIndexes caches, per registry, its functions by OID. Registries are built once at
// startup and never change afterwards, so the index is built once too.
var funcIndexes sync.Map // *catalog.Registry -> map[types.OID]*catalog.Func

func funcIndex(reg *catalog.Registry) map[types.OID]*catalog.Func {
	if m, ok := funcIndexes.Load(reg); ok {
		return m.(map[types.OID]*catalog.Func)
	}
	m := map[types.OID]*catalog.Func{}
	for _, f := range reg.All() {
		m[f.OID] = f
	}
	funcIndexes.Store(reg, m)
	return m
}

func (s *Source) procs(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, f := range s.Registry.All() {
		args := f.Args
		variadic := types.OID(0)
		if f.Variadic && len(args) > 0 {
			variadic = args[len(args)-1]
			args = append(append([]types.OID(nil), args[:len(args)-1]...), variadicArray(variadic))
		}
		rows := float32(0)
		if f.RetSet {
			rows = 1000
		}
		w.oid(f.OID).str(f.Name).oid(CatalogNamespace).oid(BootstrapSuperuser).oid(internalLang).
			f32(1).f32(rows).oid(variadic).oid(0).char(byte(f.Kind)).boolean(false).boolean(false).
			boolean(f.Strict).boolean(f.RetSet).char(byte(f.Volatility)).char('s').
			i16(int16(len(f.Args))).i16(int16(len(f.ArgDefaults))).oid(f.Ret).oidVector(args)
		allArgs(w, f, args)
		// proargdefaults (a node tree; pg_get_function_arguments prints the defaults) and
		// protrftypes, then prosrc and the rest.
		w.nulls(2).str(f.Name).nulls(4).end()
	}
	s.userProcs(w)
}

// allArgs writes proallargtypes, proargmodes and proargnames: all three NULL for a
// function of unnamed input arguments only, the first two NULL without OUT parameters.
func allArgs(w *rowWriter, f *catalog.Func, args []types.OID) {
	if len(f.OutCols) == 0 {
		w.null().null()
	} else {
		all := append([]types.OID(nil), args...)
		modes := make([]string, 0, len(args)+len(f.OutCols))
		for i := range args {
			mode := "i"
			if f.Variadic && i == len(args)-1 {
				mode = "v"
			}
			modes = append(modes, mode)
		}
		for _, c := range f.OutCols {
			all = append(all, c.Type)
			modes = append(modes, "o")
		}
		w.oidArray(all).strArray(modes)
	}
	if len(f.ArgNames) == 0 && len(f.OutCols) == 0 {
		w.null()
		return
	}
	names := make([]string, len(args), len(args)+len(f.OutCols))
	copy(names, f.ArgNames)
	for _, c := range f.OutCols {
		names = append(names, c.Name)
	}
	w.strArray(names)
}

func (s *Source) operators(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, op := range s.Registry.AllOperators() {
		kind := byte('b')
		if op.Left == 0 {
			kind = 'l'
		}
		ret, code := types.OID(0), types.OID(0)
		if op.Func != nil {
			ret, code = op.Func.Ret, op.Func.OID
		}
		w.oid(op.OID).str(op.Name).oid(CatalogNamespace).oid(BootstrapSuperuser).char(kind).
			boolean(false).boolean(false).oid(op.Left).oid(op.Right).oid(ret).oid(0).oid(0).
			oid(code).oid(0).oid(0).end()
	}
}

// descriptions lists the functions' descriptions (obj_description(oid, 'pg_proc')) and the
// extensions' comments (\dx's Description).
func (s *Source) descriptions(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, f := range s.Registry.All() {
		desc := f.Desc
		if desc == "" {
			desc = builtinProcDescription(f.OID)
		}
		if desc != "" {
			w.oid(f.OID).oid(pgProcClass).i32(0).str(desc).end()
		}
	}
	for _, e := range s.Registry.Extensions() {
		if e.Comment != "" {
			w.oid(e.OID).oid(pgExtensionClass).i32(0).str(e.Comment).end()
		}
	}
	if s.Catalog != nil {
		for _, f := range s.Catalog.Functions() {
			if f.Comment != "" {
				w.oid(f.OID).oid(pgProcClass).i32(0).str(f.Comment).end()
			}
		}
	}
	s.userDescriptions(w)
}

// publicSchemaComment is schema public's description, as PostgreSQL 15 creates it.
const publicSchemaComment = "standard public schema"

// userDescriptions lists the comments of COMMENT ON: on relations, their columns and
// schemas.
func (s *Source) userDescriptions(w *rowWriter) {
	w.oid(PublicNamespace).oid(pgNamespaceClass).i32(0).str(publicSchemaComment).end()
	if s.Catalog == nil {
		return
	}
	for _, d := range s.Catalog.Schemas() {
		if d.Comment != "" {
			w.oid(d.OID).oid(pgNamespaceClass).i32(0).str(d.Comment).end()
		}
	}
	for _, d := range s.Catalog.Types() {
		if d.Comment != "" {
			w.oid(d.OID).oid(pgTypeClass).i32(0).str(d.Comment).end()
		}
	}
	for _, t := range s.Catalog.Tables() {
		if t.Comment != "" {
			w.oid(t.OID).oid(pgClassClass).i32(0).str(t.Comment).end()
		}
		for i, c := range t.Columns {
			if c.Comment != "" {
				w.oid(t.OID).oid(pgClassClass).i32(int32(i + 1)).str(c.Comment).end()
			}
		}
		s.constraintDescriptions(w, t)
	}
}

// constraintDescriptions lists the comments on a table's constraints.
func (s *Source) constraintDescriptions(w *rowWriter, t *catalog.TableDef) {
	for _, fk := range t.ForeignKeys {
		if fk.Comment != "" {
			w.oid(fk.OID).oid(pgConstraintClass).i32(0).str(fk.Comment).end()
		}
	}
	for _, ck := range t.Checks {
		if ck.Comment != "" {
			w.oid(ck.OID).oid(pgConstraintClass).i32(0).str(ck.Comment).end()
		}
	}
	for _, ix := range t.Indexes {
		if ix.ConstraintComment != "" {
			w.oid(ix.ConstraintOID).oid(pgConstraintClass).i32(0).str(ix.ConstraintComment).end()
		}
	}
}
