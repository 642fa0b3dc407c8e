package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SystemRelations produces the rows of the virtual system relations (pg_catalog,
// information_schema), which a scan reads instead of stored batches. The package
// catalog/pgcatalog implements it over the statement's catalog snapshot.
type SystemRelations interface {
	// Rows returns all rows of def as one record with def's Arrow schema; the caller
	// releases it.
	Rows(def *catalog.TableDef, mem memory.Allocator) (arrow.Record, error)
}

// tableBatches returns the batches a scan of table reads: the transaction's stored batches,
// or, for a system relation, the rows generated for this statement. Generated rows live in
// Go-managed memory (not the statement's allocator): they are small, and the scan's
// morsel source, which holds them, has no end of life of its own to release them at.
func tableBatches(ctx *Ctx, table *catalog.TableDef) ([]arrow.Record, error) {
	if !table.Virtual {
		return ctx.Txn.Batches(table.OID)
	}
	if ctx.System == nil {
		return nil, pgerror.Newf(pgcode.InternalError, "no system relations to read %s from", table.Name)
	}
	rec, err := ctx.System.Rows(table, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	if rec.NumRows() == 0 {
		rec.Release()
		return nil, nil
	}
	return []arrow.Record{rec}, nil
}
