package planner

import (
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Binding support for the catalog types.

// literal reads a string literal as a constant of type t. Literals of the reg* types name
// objects ('t'::regclass, 'integer'::regtype) and are looked up in the snapshot being bound
// against, as PostgreSQL resolves them when it parses the query (so a missing relation is
// an error of the statement, with the literal's position).
func (b *binder) literal(text string, t types.T) (*Const, error) {
	if !types.IsReg(t.OID) {
		return constFromText(text, t, b.io)
	}
	bld := array.NewBuilder(memory.DefaultAllocator, t.Arrow())
	defer bld.Release()
	names := &pgcatalog.Names{Catalog: b.cat, Registry: b.reg, User: b.user, Path: b.path, TempSchema: b.tempSchema}
	io := types.IOSettings{}
	if b.io != nil {
		io = *b.io
	}
	io.Names = names
	if err := types.TextParserFor(t, &io)(bld, []byte(text)); err != nil {
		return nil, err
	}
	arr := bld.NewArray()
	defer arr.Release()
	s, err := scalar.GetScalar(arr, 0)
	if err != nil {
		return nil, err
	}
	return &Const{Value: s, T: t}, nil
}

// isArrayType reports whether values of oid are arrays (the polymorphic anyarray accepts
// them).
func isArrayType(oid types.OID) bool {
	d := types.ByOID(oid)
	return d != nil && d.Category == types.CatArray
}
