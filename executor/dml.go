package executor

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DELETE and UPDATE run in two phases. First the statement's query runs to its end: it
// yields the identifiers of the target rows (and, for UPDATE, their new versions, and the
// RETURNING values), all computed against the statement's snapshot. Only then are the rows
// deleted and the new versions inserted, so nothing the statement reads, subqueries
// included, sees its own changes, as in PostgreSQL.

// modifyResult is what a DELETE or UPDATE did.
type modifyResult struct {
	rows      int64
	returning []arrow.Record // RETURNING rows, with the statement's result schema
}

// modify runs DELETE or UPDATE st in ctx's transaction.
func (s *Session) modify(ctx *Ctx, st *planner.Statement) (*modifyResult, error) {
	table := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if table == nil {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	op, err := s.open(ctx, st.Query)
	if err != nil {
		return nil, err
	}
	defer op.Close()
	width := 0 // new-row columns after the identifier
	if st.Kind == planner.StmtUpdate {
		width = len(table.Columns)
	}
	var (
		ids  []int64
		recs []arrow.Record // the query's batches, duplicates of joined rows removed
		seen map[int64]struct{}
		res  = &modifyResult{}
	)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()
	if st.TargetJoined {
		seen = map[int64]struct{}{}
	}
	for {
		rec, err := op.Next(ctx)
		if isEOF(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		rec.Retain()
		if seen != nil {
			if rec, err = firstOccurrences(ctx, rec, seen); err != nil {
				return nil, err
			}
		}
		if rec.NumRows() == 0 {
			rec.Release()
			continue
		}
		recs = append(recs, rec)
		ids = append(ids, rec.Column(0).(*array.Int64).Int64Values()...)
	}

	schema := table.ArrowSchema()
	var newRows []arrow.Record
	defer func() {
		for _, r := range newRows {
			r.Release()
		}
	}()
	for _, rec := range recs {
		if width > 0 {
			cols := rec.Columns()[1 : 1+width]
			if err := checkNotNull(ctx, table, cols); err != nil {
				return nil, err
			}
			newRows = append(newRows, array.NewRecord(schema, cols, rec.NumRows()))
		}
	}
	if err := ctx.Txn.Delete(table.OID, ids); err != nil {
		return nil, err
	}
	for _, r := range newRows {
		if err := ctx.Txn.Insert(table.OID, r); err != nil {
			return nil, err
		}
	}
	res.rows = int64(len(ids))
	if st.Result != nil {
		rs := planSchema(st.Result)
		for _, rec := range recs {
			res.returning = append(res.returning, array.NewRecord(rs, rec.Columns()[1+width:], rec.NumRows()))
		}
	}
	return res, nil
}

// firstOccurrences returns rec without the rows whose identifier (column 0) was seen before,
// recording the new ones; a target row joined to several rows is changed once. It consumes
// rec.
func firstOccurrences(ctx *Ctx, rec arrow.Record, seen map[int64]struct{}) (arrow.Record, error) {
	ids := rec.Column(0).(*array.Int64).Int64Values()
	var keep bitmap
	for i, id := range ids {
		if _, dup := seen[id]; dup {
			if keep == nil {
				keep = newBitmap(len(ids))
				for j := range i {
					keep.set(j)
				}
			}
			continue
		}
		seen[id] = struct{}{}
		if keep != nil {
			keep.set(i)
		}
	}
	if keep == nil {
		return rec, nil
	}
	defer rec.Release()
	mask := selectionMask(ctx.Mem, keep, len(ids))
	defer mask.Release()
	return filterRecord(ctx, ctx.Mem, rec, mask)
}

// checkNotNull reports the first row of cols (a full row of table) with a NULL in a NOT NULL
// column, with PostgreSQL's detail listing the failing row.
func checkNotNull(ctx *Ctx, table *catalog.TableDef, cols []arrow.Array) error {
	for i, c := range table.Columns {
		if !c.NotNull || cols[i].NullN() == 0 {
			continue
		}
		row := 0
		for cols[i].IsValid(row) {
			row++
		}
		return pgerror.Newf(pgcode.NotNullViolation, "null value in column \"%s\" of relation \"%s\" violates not-null constraint", c.Name, table.Name).
			WithDetail("Failing row contains " + rowDescription(ctx, table, cols, row) + ".")
	}
	return nil
}

// rowDescription renders row of cols as PostgreSQL's error details do: "(1, null, abc)",
// each value in its text form clipped to 64 bytes.
func rowDescription(ctx *Ctx, table *catalog.TableDef, cols []arrow.Array, row int) string {
	const maxField = 64
	out := []byte{'('}
	for i, c := range table.Columns {
		if i > 0 {
			out = append(out, ", "...)
		}
		if cols[i].IsNull(row) {
			out = append(out, "null"...)
			continue
		}
		v := types.TextAppender(c.Type, cols[i], ctx.IO)(nil, row)
		if len(v) > maxField {
			cut := maxField
			for cut > 0 && !utf8.RuneStart(v[cut]) {
				cut--
			}
			v = append(v[:cut:cut], "..."...)
		}
		out = append(out, v...)
	}
	return string(append(out, ')'))
}

// modifyTag is the command tag of DELETE and UPDATE.
func modifyTag(st *planner.Statement, n int64) string { return fmt.Sprintf("%s %d", st.Tag, n) }

// returningResult streams the RETURNING rows of a finished DELETE or UPDATE.
type returningResult struct {
	cols []planner.Column
	recs []arrow.Record
	next int
	tag  string
}

func (r *returningResult) Columns() []planner.Column { return r.cols }

func (r *returningResult) Next() (arrow.Record, error) {
	if r.next >= len(r.recs) {
		return nil, io.EOF
	}
	r.next++
	return r.recs[r.next-1], nil
}

func (r *returningResult) Tag() string { return r.tag }

func (r *returningResult) Close() error {
	for _, rec := range r.recs {
		rec.Release()
	}
	r.recs = nil
	return nil
}

// truncate empties the tables of TRUNCATE.
func truncate(txn Txn, st *planner.Statement) error {
	for _, d := range st.Truncate {
		if txn.Catalog().TableByOID(d.OID) == nil {
			return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", d.Name)
		}
		if err := txn.Truncate(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// alterTable applies ALTER TABLE; a statement skipped by IF EXISTS only reports its notice.
func (s *Session) alterTable(ctx *Ctx, st *planner.Statement) error {
	txn := ctx.Txn
	for _, n := range st.Notices {
		s.notice("NOTICE", n.Code, "%s", n.Message)
	}
	if st.Alter == nil {
		return nil
	}
	if txn.Catalog().TableByOID(st.Alter.Def.OID) == nil {
		return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Alter.Def.Name)
	}
	if len(st.Alter.FillCols) > 0 {
		return fillAddedColumns(ctx, st.Alter)
	}
	return txn.AlterTable(*st.Alter.Def, st.Alter.Src)
}
