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
			i16(int16(len(f.Args))).i16(0).oid(f.Ret).oidVector(args).
			null().null().null().null().null(). // allargtypes, argmodes, argnames, argdefaults, trftypes
			str(f.Name).null().null().null().null().end()
	}
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
		if f.Desc != "" {
			w.oid(f.OID).oid(pgProcClass).i32(0).str(f.Desc).end()
		}
	}
	for _, e := range s.Registry.Extensions() {
		if e.Comment != "" {
			w.oid(e.OID).oid(pgExtensionClass).i32(0).str(e.Comment).end()
		}
	}
}
