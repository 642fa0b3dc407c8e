package planner

import (
	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// CREATE, ALTER and DROP EXTENSION over the registry's built-in extensions, which are
// installed in every database and cannot be removed (see catalog.Extension). None of these
// statements changes anything, so each binds to a StmtNoop carrying its notices, or fails
// with PostgreSQL's error for the request it cannot honour.

// createExtension binds CREATE EXTENSION [IF NOT EXISTS] name [SCHEMA s] [VERSION v]
// [CASCADE]. A built-in extension is there already: the statement succeeds, with
// PostgreSQL's "already exists, skipping" notice under IF NOT EXISTS. A schema or version
// other than the built-in one is refused as PostgreSQL refuses it for a fixed-schema
// extension without that version.
func (b *binder) createExtension(s *pg_query.CreateExtensionStmt) (*Statement, error) {
	ext := b.reg.Extension(s.Extname)
	if ext == nil {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "extension \"%s\" is not available", s.Extname).
			WithDetail("pgfast's extensions are built into the server; pg_available_extensions lists them.")
	}
	st := &Statement{Kind: StmtNoop, Tag: "CREATE EXTENSION"}
	if s.IfNotExists {
		st.Notices = append(st.Notices, Notice{Code: pgcode.DuplicateObject,
			Message: "extension \"" + ext.Name + "\" already exists, skipping"})
		return st, nil
	}
	for _, o := range s.Options {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		switch v := defElemString(d); d.Defname {
		case "schema":
			if v != pgcatalog.CatalogSchema {
				return nil, pgerror.Newf(pgcode.FeatureNotSupported, "extension \"%s\" must be installed in schema \"%s\"", ext.Name, pgcatalog.CatalogSchema)
			}
		case "new_version":
			if v != ext.Version {
				return nil, noVersion(ext, v)
			}
		}
	}
	return st, nil
}

// alterExtension binds ALTER EXTENSION name UPDATE [TO v]: the built-in version is the only
// one, so it is always the installed one already.
func (b *binder) alterExtension(s *pg_query.AlterExtensionStmt) (*Statement, error) {
	ext := b.reg.Extension(s.Extname)
	if ext == nil {
		return nil, pgerror.Newf(pgcode.UndefinedObject, "extension \"%s\" does not exist", s.Extname)
	}
	for _, o := range s.Options {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		if v := defElemString(d); d.Defname == "new_version" && v != ext.Version {
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "extension \"%s\" has no update path from version \"%s\" to version \"%s\"", ext.Name, ext.Version, v)
		}
	}
	return &Statement{Kind: StmtNoop, Tag: "ALTER EXTENSION", Notices: []Notice{{Code: pgcode.SuccessfulCompletion,
		Message: "version \"" + ext.Version + "\" of extension \"" + ext.Name + "\" is already installed"}}}, nil
}

// dropExtensions binds DROP EXTENSION: built-in extensions are required by the database
// system, as PostgreSQL says of its pinned objects; unknown names are 42704, or skipped
// with a notice under IF EXISTS.
func (b *binder) dropExtensions(s *pg_query.DropStmt) (*Statement, error) {
	st := &Statement{Kind: StmtNoop, Tag: "DROP EXTENSION"}
	for _, o := range s.Objects {
		name := strVal(o)
		if ext := b.reg.Extension(name); ext != nil {
			return nil, pgerror.Newf(pgcode.DependentObjectsStillExist, "cannot drop extension %s because it is required by the database system", ext.Name)
		}
		if !s.MissingOk {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "extension \"%s\" does not exist", name)
		}
		st.Notices = append(st.Notices, Notice{Code: pgcode.SuccessfulCompletion, Message: "extension \"" + name + "\" does not exist, skipping"})
	}
	return st, nil
}

func noVersion(ext *catalog.Extension, v string) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "extension \"%s\" has no installation script nor update path for version \"%s\"", ext.Name, v)
}
