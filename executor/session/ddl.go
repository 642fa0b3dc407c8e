package session

import (
	"fmt"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/executor/dml"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DDL statements: CREATE TABLE (and AS, VIEW, SEQUENCE, which the planner turns into table
// definitions), DROP, and the owned sequences of serial columns. They change the
// transaction's catalog; notices ("already exists, skipping") go to the session.

// createTable runs CREATE TABLE, CREATE TABLE AS, CREATE [OR REPLACE] VIEW and CREATE
// SEQUENCE.
func (s *Session) createTable(ctx *executor.Ctx, st *planner.Statement) (string, error) {
	if old := ctx.Txn.Catalog().Table(st.Create.Schema, st.Create.Name); old != nil && st.OrReplace && old.Kind == catalog.KindView {
		// CREATE OR REPLACE VIEW: the planner checked the new definition is compatible.
		if err := ctx.Txn.DropTable(old.OID); err != nil {
			return "", err
		}
	}
	if ctx.Txn.Catalog().Table(st.Create.Schema, st.Create.Name) != nil {
		if st.IfNotExists {
			s.notice("NOTICE", pgcode.DuplicateTable, "relation \"%s\" already exists, skipping", st.Create.Name)
			if st.Create.Kind == catalog.KindMatView {
				return "CREATE MATERIALIZED VIEW", nil
			}
			if st.Query != nil {
				return "SELECT 0", nil
			}
			return "CREATE TABLE", nil
		}
		return "", pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", st.Create.Name)
	}
	s.statementNotices(st)
	def, err := ctx.Txn.CreateTable(*st.Create)
	if err != nil {
		return "", err
	}
	if err := createOwnedSequences(ctx, def, st.CreateOwned); err != nil {
		return "", err
	}
	if st.Query == nil {
		return st.Tag, nil
	}
	cols := make([]int, len(def.Columns))
	for i := range cols {
		cols[i] = i
	}
	n, err := dml.Insert(ctx, def, cols, st.Query)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("SELECT %d", n), nil
}

// dropTables runs DROP TABLE, VIEW, SEQUENCE and FOREIGN TABLE.
func (s *Session) dropTables(txn executor.Txn, st *planner.Statement) error {
	noun := "table"
	if st.Tag == "DROP VIEW" {
		noun = "view"
	} else if st.Tag == "DROP SEQUENCE" {
		noun = "sequence"
	} else if st.Tag == "DROP FOREIGN TABLE" {
		noun = "foreign table"
	} else if st.Tag == "DROP MATERIALIZED VIEW" {
		noun = "materialized view"
	}
	for _, name := range st.Missing {
		s.notice("NOTICE", pgcode.UndefinedTable, "%s \"%s\" does not exist, skipping", noun, name)
	}
	s.statementNotices(st)
	for _, o := range st.Cascaded {
		if err := txn.AlterTable(*o.Def, o.Src); err != nil {
			return err
		}
	}
	for _, d := range st.Drop {
		cur := txn.Catalog().TableByOID(d.OID)
		if cur == nil {
			if st.IfExists {
				s.notice("NOTICE", pgcode.UndefinedTable, "%s \"%s\" does not exist, skipping", noun, d.Name)
				continue
			}
			return pgerror.Newf(pgcode.UndefinedTable, "%s \"%s\" does not exist", noun, d.Name)
		}
		if err := txn.DropTable(d.OID); err != nil {
			return err
		}
	}
	return nil
}

// refreshMatView runs REFRESH MATERIALIZED VIEW: the stored rows are replaced by those its
// query yields now, in the statement's transaction.
func refreshMatView(ctx *executor.Ctx, st *planner.Statement) error {
	def := ctx.Txn.Catalog().TableByOID(st.Table.OID)
	if def == nil {
		return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
	}
	if err := ctx.Txn.Truncate(def.OID); err != nil {
		return err
	}
	if unpopulated := st.Query == nil; def.Unpopulated != unpopulated {
		c := *def
		c.Unpopulated = unpopulated
		if err := ctx.Txn.AlterTable(c, identity(len(c.Columns))); err != nil {
			return err
		}
		if def = ctx.Txn.Catalog().TableByOID(def.OID); def == nil {
			return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Table.Name)
		}
	}
	if st.Query == nil {
		return nil // WITH NO DATA
	}
	cols := make([]int, len(def.Columns))
	for i := range cols {
		cols[i] = i
	}
	_, err := dml.Insert(ctx, def, cols, st.Query)
	return err
}

// identity maps n columns to themselves, for AlterTable of a relation whose columns stay.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// createOwnedSequences creates the sequences of table's serial columns, owned by the table
// so that dropping it drops them.
func createOwnedSequences(ctx *executor.Ctx, table *catalog.TableDef, seqs []*catalog.TableDef) error {
	for _, s := range seqs {
		def := *s
		opts := *s.Sequence
		opts.OwnedBy = table.OID
		def.Sequence = &opts
		if ctx.Txn.Catalog().Table(def.Schema, def.Name) != nil {
			return pgerror.Newf(pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
		}
		if _, err := ctx.Txn.CreateTable(def); err != nil {
			return err
		}
	}
	return nil
}
