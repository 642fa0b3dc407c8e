package executor

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Txn is a transaction: a snapshot of the catalog and the table data, plus the changes made
// in it, which become visible to others, and durable, atomically at Commit.
//
// A Txn is used by one session at a time.
type Txn interface {
	// Catalog returns the catalog as this transaction sees it (its own DDL included).
	Catalog() *catalog.Catalog
	// Batches returns the rows of table oid as this transaction sees them, as immutable
	// record batches with the table's full Arrow schema. The records belong to the store:
	// callers must not Release them (Retain them to keep them past the transaction).
	Batches(oid types.OID) ([]arrow.Record, error)
	// RowIDBatches returns what Batches returns plus, for each record, the identifiers of
	// its rows (same length, no NULLs), which stay valid for the rest of the transaction and
	// are what Delete takes. Like the records, the arrays belong to the store.
	RowIDBatches(oid types.OID) ([]arrow.Record, []*array.Int64, error)
	// Insert appends rows to table oid. rec has the table's full Arrow schema; Insert
	// retains what it keeps.
	Insert(oid types.OID, rec arrow.Record) error
	// Delete removes the rows of table oid with the given identifiers. UPDATE is Delete of
	// the old rows plus Insert of the new ones.
	Delete(oid types.OID, rowIDs []int64) error
	// Truncate removes every row of table oid.
	Truncate(oid types.OID) error
	// AlterTable replaces the definition of table def.OID: column i of def continues column
	// src[i] of the current definition, or is new (src[i] = -1) and NULL in existing rows;
	// columns not listed are dropped. A column becoming NOT NULL over NULLs gives 23502, a
	// taken table name 42P07.
	AlterTable(def catalog.TableDef, src []int) error
	// CreateTable adds a table (OID 0 is assigned) and returns its stored definition.
	// A table of the same name gives SQLSTATE 42P07.
	CreateTable(def catalog.TableDef) (*catalog.TableDef, error)
	// DropTable removes a table and its rows.
	DropTable(oid types.OID) error
	// Commit makes the changes durable and visible. After Commit returns nil, nothing of
	// them is lost, even if the process is killed.
	Commit() error
	// Rollback discards the changes.
	Rollback()
}

// WriteObserver is told of the rows a statement writes, so that what depends on them
// (foreign keys, package fkey) can act at the statement's end. Package dml reports every
// insert, delete and update to the one its Ctx holds.
type WriteObserver interface {
	// Inserted is told of rows just inserted into table (records of its full Arrow
	// schema).
	Inserted(table *catalog.TableDef, rows arrow.Record) error
	// Deleting is told of the identifiers of table's rows about to be deleted.
	Deleting(table *catalog.TableDef, ids []int64) error
	// Updating is told of the identifiers of table's rows about to be replaced by the
	// rows of recs, pairwise in order.
	Updating(table *catalog.TableDef, ids []int64, recs []arrow.Record) error
}

// RowKeyer is implemented by transactions whose committed rows have keys that writers lock
// (see RowLocker): the keys of the rows with the given identifiers that other transactions
// can see, in order; rows the transaction inserted itself have none.
type RowKeyer interface {
	RowKeys(oid types.OID, rowIDs []int64) []uint64
}

// RowLocker holds the row locks of a statement's transaction until it ends. LockRows
// waits while another transaction holds one of the rows, until that transaction ends, the
// statement is canceled, lock_timeout passes (55P03) or the wait would deadlock (40P01).
type RowLocker interface {
	LockRows(ctx context.Context, table types.OID, keys []uint64, strength planner.LockStrength) error
	// LockRow takes the lock of SELECT ... FOR UPDATE (or its relatives, by strength) on
	// one row, waiting as LockRows does or, by wait, failing at once with 55P03 (NOWAIT)
	// or reporting false (SKIP LOCKED) when another transaction holds it.
	LockRow(ctx context.Context, table *catalog.TableDef, key uint64, strength planner.LockStrength, wait planner.LockWait) (bool, error)
}

// LockRows locks the rows of table oid with the given identifiers, when the context has a
// row locker and the transaction keys its rows.
func LockRows(ctx *Ctx, oid types.OID, rowIDs []int64, strength planner.LockStrength) error {
	rk, ok := ctx.Txn.(RowKeyer)
	if ctx.RowLocks == nil || !ok || len(rowIDs) == 0 {
		return nil
	}
	keys := rk.RowKeys(oid, rowIDs)
	if len(keys) == 0 {
		return nil
	}
	return ctx.RowLocks.LockRows(ctx, oid, keys, strength)
}
