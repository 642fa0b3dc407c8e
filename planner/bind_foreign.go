package planner

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Foreign servers and foreign tables of file_fdw (catalog/foreign.go): CREATE SERVER, CREATE,
// ALTER and DROP FOREIGN TABLE, DROP SERVER. Options are checked as file_fdw's validator
// checks them (ParseFileOptions), so a table that binds can be scanned.

// createServer binds CREATE SERVER [IF NOT EXISTS] name FOREIGN DATA WRAPPER file_fdw.
func (b *binder) createServer(s *pg_query.CreateForeignServerStmt) (*Statement, error) {
	if s.Fdwname != catalog.FileFDW {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "foreign-data wrapper \"%s\" does not exist", s.Fdwname)
	}
	if len(s.Options) > 0 {
		d := s.Options[0].Node.(*pg_query.Node_DefElem).DefElem
		return nil, pgerror.Newf(pgcode.FdwInvalidOptionName, "invalid option \"%s\"", d.Defname).
			WithHint("There are no valid options in this context.")
	}
	st := &Statement{Kind: StmtCreateServer, Tag: "CREATE SERVER"}
	if b.cat.Server(s.Servername) != nil {
		if !s.IfNotExists {
			return nil, pgerror.Newf(pgcode.DuplicateObject, "server \"%s\" already exists", s.Servername)
		}
		st.Notices = []Notice{{Code: pgcode.DuplicateObject, Message: "server \"" + s.Servername + "\" already exists, skipping"}}
		return st, nil
	}
	st.Server = &catalog.ForeignServer{Name: s.Servername, Type: s.Servertype, Version: s.Version}
	return st, nil
}

// dropServers binds DROP SERVER [IF EXISTS] name, ...; a server foreign tables use cannot be
// dropped (CASCADE is not supported).
func (b *binder) dropServers(s *pg_query.DropStmt) (*Statement, error) {
	st := &Statement{Kind: StmtDropServer, Tag: "DROP SERVER"}
	for _, o := range s.Objects {
		name := strVal(o)
		if b.cat.Server(name) == nil {
			if !s.MissingOk {
				return nil, pgerror.Newf(pgcode.UndefinedObject, "server \"%s\" does not exist", name)
			}
			st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "server \"" + name + "\" does not exist, skipping"})
			continue
		}
		if users := b.cat.ServerUsers(name); len(users) > 0 {
			lines := make([]string, len(users))
			for i, t := range users {
				lines[i] = "foreign table " + t.Name + " depends on server " + name
			}
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop server %s because other objects depend on it", name).
				WithDetail(strings.Join(lines, "\n")).WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
		}
		st.DropServers = append(st.DropServers, name)
	}
	return st, nil
}

// createForeignTable binds CREATE FOREIGN TABLE name (columns) SERVER s OPTIONS (...): a
// relation of kind 'f' whose columns are declared as CREATE TABLE's are.
func (b *binder) createForeignTable(s *pg_query.CreateForeignTableStmt) (*Statement, error) {
	st, err := b.createTable(s.BaseStmt)
	if err != nil {
		return nil, err
	}
	if b.cat.Server(s.Servername) == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "server \"%s\" does not exist", s.Servername)
	}
	opts, err := genericOptions(nil, s.Options)
	if err != nil {
		return nil, err
	}
	if _, err := ParseFileOptions(opts); err != nil {
		return nil, err
	}
	st.Tag = "CREATE FOREIGN TABLE"
	st.Create.Kind = catalog.KindForeign
	st.Create.Foreign = &catalog.ForeignTable{Server: s.Servername, Options: opts}
	return st, nil
}

// genericOptions applies OPTIONS ([ADD | SET | DROP] name ['value'], ...) to opts, with
// PostgreSQL's errors for a name added twice or set or dropped but absent.
func genericOptions(opts catalog.Options, defs []*pg_query.Node) (catalog.Options, error) {
	opts = slices.Clone(opts)
	for _, n := range defs {
		d := n.Node.(*pg_query.Node_DefElem).DefElem
		i := slices.IndexFunc(opts, func(o catalog.Option) bool { return o.Name == d.Defname })
		switch d.Defaction {
		case pg_query.DefElemAction_DEFELEM_SET, pg_query.DefElemAction_DEFELEM_DROP:
			if i < 0 {
				return nil, pgerror.Newf(pgcode.UndefinedObject, "option \"%s\" not found", d.Defname)
			}
			if d.Defaction == pg_query.DefElemAction_DEFELEM_DROP {
				opts = slices.Delete(opts, i, i+1)
			} else {
				opts[i].Value = defElemString(d)
			}
		default:
			if i >= 0 {
				return nil, pgerror.Newf(pgcode.DuplicateObject, "option \"%s\" provided more than once", d.Defname)
			}
			opts = append(opts, catalog.Option{Name: d.Defname, Value: defElemString(d)})
		}
	}
	return opts, nil
}

// alterForeignOptions binds ALTER FOREIGN TABLE ... OPTIONS (...) into a.
func (b *binder) alterForeignOptions(a *alterState, cmd *pg_query.AlterTableCmd) error {
	if a.def.Foreign == nil {
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a foreign table", a.def.Name)
	}
	opts, err := genericOptions(a.def.Foreign.Options, cmd.Def.Node.(*pg_query.Node_List).List.Items)
	if err != nil {
		return err
	}
	if _, err := ParseFileOptions(opts); err != nil {
		return err
	}
	a.def.Foreign = &catalog.ForeignTable{Server: a.def.Foreign.Server, Options: opts}
	return nil
}

// dropForeignKind checks that DROP FOREIGN TABLE names a foreign table and DROP TABLE does
// not.
func dropForeignKind(def *catalog.TableDef, foreign bool) error {
	switch {
	case foreign && def.Kind != catalog.KindForeign:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a foreign table", def.Name).WithHint("Use DROP TABLE to remove a table.")
	case !foreign && def.Kind == catalog.KindForeign:
		return pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a table", def.Name).WithHint("Use DROP FOREIGN TABLE to remove a foreign table.")
	}
	return nil
}

// changeForeignError refuses INSERT, UPDATE, DELETE, COPY FROM and TRUNCATE of a foreign
// table: file_fdw's files are read-only. verb is "insert into", "update", ...
func changeForeignError(def *catalog.TableDef, verb string) error {
	if def.Kind == catalog.KindForeign {
		return pgerror.Newf(pgcode.FeatureNotSupported, "cannot %s foreign table \"%s\"", verb, def.Name)
	}
	return nil
}
