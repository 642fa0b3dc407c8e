package planner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Files read without a foreign table: read_csv(path [, name => value ...]) and
// read_parquet(path) in FROM, and IMPORT FOREIGN SCHEMA over a directory of Parquet files.
// Both infer the columns from the files when the statement is bound, through Scope.Files,
// and read them as a foreign table's scan does.

// FileSchemas infers the columns of data files (package executor/filescan implements it).
type FileSchemas interface {
	// Columns returns the columns of the files opts names: a Parquet file's fields, or a
	// CSV or text file's header names (column1, ... without one) with types inferred from
	// its first rows.
	Columns(opts *FileOptions) ([]catalog.Column, error)
}

// fileFunctions are the table functions that read files, with the options they imply.
var fileFunctions = map[string]catalog.Options{
	"read_csv":     {{Name: "format", Value: "csv"}, {Name: "header", Value: "true"}},
	"read_parquet": {{Name: "format", Value: "parquet"}},
}

// isFileFunction reports whether a FROM item is a call of read_csv or read_parquet.
func (b *binder) isFileFunction(rf *pg_query.RangeFunction) (*pg_query.FuncCall, bool) {
	if len(rf.Functions) != 1 || rf.Ordinality || rf.IsRowsfrom {
		return nil, false
	}
	items := rf.Functions[0].Node.(*pg_query.Node_List).List.Items
	fc, ok := items[0].Node.(*pg_query.Node_FuncCall)
	if !ok {
		return nil, false
	}
	ns := names(fc.FuncCall.Funcname)
	_, ok = fileFunctions[ns[len(ns)-1]]
	return fc.FuncCall, ok && len(ns) == 1
}

// fileFunction binds read_csv(...) or read_parquet(...) as a scan of a foreign table made
// for the statement, with the columns the files have.
func (b *binder) fileFunction(fc *pg_query.FuncCall, alias *pg_query.Alias) (Plan, *scope, error) {
	name := strVal(fc.Funcname[len(fc.Funcname)-1])
	opts := catalog.Options{}
	for i, a := range fc.Args {
		key, arg := "filename", a
		if na, ok := a.Node.(*pg_query.Node_NamedArgExpr); ok {
			key, arg = na.NamedArgExpr.Name, na.NamedArgExpr.Arg
		} else if i > 0 {
			return nil, nil, b.errorf(location(a), pgcode.SyntaxError, "%s takes one path and named options (name => value)", name)
		}
		v, ok := constText(arg)
		if !ok {
			return nil, nil, b.errorf(location(arg), pgcode.FeatureNotSupported, "the arguments of %s must be constants", name)
		}
		opts = setOption(opts, key, v)
	}
	for _, o := range fileFunctions[name] {
		if _, set := opts.Get(o.Name); !set {
			opts = append(opts, o)
		}
	}
	def, err := b.fileTable(name, opts)
	if err != nil {
		return nil, nil, err
	}
	return b.aliased(scanOf(def), alias, name)
}

// fileTable returns a foreign table over the files opts names, with inferred columns.
func (b *binder) fileTable(name string, opts catalog.Options) (*catalog.TableDef, error) {
	fo, err := ParseFileOptions(opts)
	if err != nil {
		return nil, err
	}
	if b.files == nil {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "%s cannot read files here", name)
	}
	cols, err := b.files.Columns(fo)
	if err != nil {
		return nil, err
	}
	return &catalog.TableDef{Name: name, Kind: catalog.KindForeign, Columns: cols,
		Foreign: &catalog.ForeignTable{Options: opts}}, nil
}

// scanOf returns a scan of every column of def.
func scanOf(def *catalog.TableDef) *Scan {
	scan := &Scan{Table: def}
	for i, c := range def.Columns {
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	return scan
}

// setOption sets option key, replacing an earlier value.
func setOption(opts catalog.Options, key, value string) catalog.Options {
	opts = slices.DeleteFunc(opts, func(o catalog.Option) bool { return o.Name == key })
	return append(opts, catalog.Option{Name: key, Value: value})
}

// constText returns a literal's text (strings, numbers, booleans).
func constText(n *pg_query.Node) (string, bool) {
	c, ok := n.Node.(*pg_query.Node_AConst)
	if !ok || c.AConst.Isnull {
		return "", false
	}
	return defElemString(&pg_query.DefElem{Arg: n}), true
}

// importForeignSchema binds IMPORT FOREIGN SCHEMA "dir" [LIMIT TO | EXCEPT (names)] FROM
// SERVER s INTO schema: a foreign table per Parquet file of directory dir, named after the
// file, with the file's columns.
func (b *binder) importForeignSchema(s *pg_query.ImportForeignSchemaStmt) (*Statement, error) {
	if b.cat.Server(s.ServerName) == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "server \"%s\" does not exist", s.ServerName)
	}
	if err := b.checkSchema(s.LocalSchema, "", -1); err != nil {
		return nil, err
	}
	paths, err := filepath.Glob(filepath.Join(s.RemoteSchema, "*.parquet"))
	if err != nil || len(paths) == 0 {
		if _, serr := os.Stat(s.RemoteSchema); serr != nil {
			return nil, pgerror.Newf(pgcode.FdwSchemaNotFound, "schema \"%s\" does not exist: no such directory", s.RemoteSchema)
		}
	}
	listed := map[string]bool{}
	for _, n := range s.TableList {
		listed[n.Node.(*pg_query.Node_RangeVar).RangeVar.Relname] = true
	}
	st := &Statement{Kind: StmtImportForeignSchema, Tag: "IMPORT FOREIGN SCHEMA"}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".parquet")
		switch s.ListType {
		case pg_query.ImportForeignSchemaType_FDW_IMPORT_SCHEMA_LIMIT_TO:
			if !listed[name] {
				continue
			}
		case pg_query.ImportForeignSchemaType_FDW_IMPORT_SCHEMA_EXCEPT:
			if listed[name] {
				continue
			}
		}
		def, err := b.fileTable(name, catalog.Options{{Name: "filename", Value: p}, {Name: "format", Value: "parquet"}})
		if err != nil {
			return nil, err
		}
		def.Schema, def.Foreign.Server = s.LocalSchema, s.ServerName
		st.Imports = append(st.Imports, def)
	}
	return st, nil
}
