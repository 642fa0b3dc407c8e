package storage

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// User-defined functions (CREATE FUNCTION, CREATE PROCEDURE) are catalog objects without
// rows, committed like schemas: the transaction's changes are rebased onto the latest
// version at commit. A function a concurrent commit replaced or dropped since the snapshot
// fails with 40001, and so does a signature a concurrent commit took (PostgreSQL would
// wait for it and then report 42723; there is no waiting here).

// funcChange is what a transaction did to one function: the definition its snapshot had
// (nil for a function created here) and the one it leaves (nil for one dropped here).
type funcChange struct {
	base, cur *catalog.FuncDef
}

// PutFunction stores def: a new function when def.OID is 0 (given the next OID), else the
// replacement of function def.OID (CREATE OR REPLACE, ALTER FUNCTION, GRANT, COMMENT).
// It returns the stored definition.
func (t *Txn) PutFunction(def catalog.FuncDef) (*catalog.FuncDef, error) {
	if t.done {
		return nil, pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	var old *catalog.FuncDef
	if def.OID == 0 {
		def.OID = t.s.allocOIDs(1)
	} else if old = t.cat.Function(def.OID); old == nil {
		return nil, undefinedFunction(def.OID)
	}
	t.cat = t.cat.WithFunction(def)
	stored := t.cat.Function(def.OID)
	t.noteFunc(def.OID, old, stored)
	return stored, nil
}

// DropFunction removes function oid.
func (t *Txn) DropFunction(oid types.OID) error {
	if t.done {
		return pgerror.New(pgcode.InternalError, "storage: DDL in a finished transaction")
	}
	old := t.cat.Function(oid)
	if old == nil {
		return undefinedFunction(oid)
	}
	t.cat = t.cat.WithoutFunction(oid)
	t.noteFunc(oid, old, nil)
	return nil
}

// noteFunc records a change of function oid from prev (as the transaction saw it) to cur.
func (t *Txn) noteFunc(oid types.OID, prev, cur *catalog.FuncDef) {
	if t.funcs == nil {
		t.funcs = map[types.OID]*funcChange{}
	}
	if c := t.funcs[oid]; c != nil {
		c.cur = cur
		if c.base == nil && cur == nil {
			delete(t.funcs, oid) // created and dropped here: nothing to commit
		}
		return
	}
	t.funcs[oid] = &funcChange{base: prev, cur: cur}
}

// validateFunctions checks the transaction's function changes against latest.
func (t *Txn) validateFunctions(latest *version) error {
	for _, c := range t.funcs {
		if c.base != nil && latest.cat.Function(c.base.OID) != c.base {
			return concurrentUpdate()
		}
		if c.cur == nil || c.base != nil {
			continue
		}
		for _, other := range latest.cat.FunctionsNamed(c.cur.Schema, c.cur.Name) {
			if other.SameSignature(c.cur) && t.funcs[other.OID] == nil {
				return concurrentUpdate()
			}
		}
	}
	return nil
}

// committedFunctions returns latest's functions with the transaction's changes applied.
func (t *Txn) committedFunctions(latest *version) []*catalog.FuncDef {
	out := latest.cat.Functions()
	if len(t.funcs) == 0 {
		return out
	}
	kept := out[:0:0]
	for _, d := range out {
		if t.funcs[d.OID] == nil {
			kept = append(kept, d)
		}
	}
	for _, c := range t.funcs {
		if c.cur != nil {
			kept = append(kept, c.cur)
		}
	}
	return kept
}

func undefinedFunction(oid types.OID) error {
	return pgerror.Newf(pgcode.UndefinedFunction, "function with OID %d does not exist", oid)
}
