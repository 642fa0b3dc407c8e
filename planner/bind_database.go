package planner

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// DatabaseOp says what a database statement does.
type DatabaseOp byte

// Database statements (StmtDatabase).
const (
	DatabaseCreate  DatabaseOp = iota // CREATE DATABASE
	DatabaseDrop                      // DROP DATABASE
	DatabaseRename                    // ALTER DATABASE ... RENAME TO NewName
	DatabaseOwner                     // ALTER DATABASE ... OWNER TO Owner
	DatabaseOptions                   // ALTER DATABASE ... WITH options
	DatabaseSet                       // ALTER DATABASE ... SET SetName = SetValue / RESET
	DatabaseComment                   // COMMENT ON DATABASE
	DatabaseGrant                     // GRANT or REVOKE (Grant) ON DATABASE Names
)

// DatabaseStmt is a statement on a database of the cluster, which the session runs outside
// any transaction's catalog: the options given, nil or empty where not.
type DatabaseStmt struct {
	Op       DatabaseOp
	Name     string
	NewName  string
	Owner    *catalog.RoleDef
	Template string
	// Collate and Ctype are LC_COLLATE and LC_CTYPE (LOCALE sets both).
	Collate, Ctype        string
	ConnLimit             *int32
	IsTemplate, AllowConn *bool
	IfExists, Force       bool
	// SetName is the parameter ALTER DATABASE SET or RESET changes ("all" for RESET ALL);
	// SetValue its value, nil for RESET.
	SetName  string
	SetValue *string
	// Comment is COMMENT ON DATABASE's text, nil to remove it.
	Comment *string
	// Grant is GRANT's (IsGrant) or REVOKE's: Privs given to or taken from Grantees
	// (acl.Public: PUBLIC) on the databases Names, with GrantOption their grant option
	// (REVOKE GRANT OPTION FOR: only it).
	Grant *DatabaseGrantStmt
}

// DatabaseGrantStmt is GRANT or REVOKE on databases.
type DatabaseGrantStmt struct {
	Names                []string
	IsGrant, GrantOption bool
	Privs                acl.Priv
	Grantees             []types.OID
}

// grantDatabases binds GRANT and REVOKE ON DATABASE.
func grantDatabases(s *pg_query.GrantStmt, privs acl.Priv, grantees []types.OID) *Statement {
	if privs == allPrivileges {
		privs = acl.Database.All()
	}
	g := &DatabaseGrantStmt{IsGrant: s.IsGrant, GrantOption: s.GrantOption, Privs: privs, Grantees: grantees}
	for _, n := range s.Objects {
		g.Names = append(g.Names, strVal(n))
	}
	tag := "GRANT"
	if !s.IsGrant {
		tag = "REVOKE"
	}
	return &Statement{Kind: StmtDatabase, Tag: tag, Database: &DatabaseStmt{Op: DatabaseGrant, Grant: g}}
}

// createDatabase binds CREATE DATABASE name [WITH] options.
func (b *binder) createDatabase(s *pg_query.CreatedbStmt) (*Statement, error) {
	d := &DatabaseStmt{Op: DatabaseCreate, Name: s.Dbname}
	seen := map[string]bool{}
	for _, n := range s.Options {
		o := n.GetDefElem()
		if seen[o.Defname] {
			return nil, b.errorf(o.Location, pgcode.SyntaxError, "conflicting or redundant options")
		}
		seen[o.Defname] = true
		var err error
		switch o.Defname {
		case "owner":
			if name := defElemString(o); name != "" {
				d.Owner, err = b.roleSpec(&pg_query.RoleSpec{Roletype: pg_query.RoleSpecType_ROLESPEC_CSTRING, Rolename: name, Location: -1})
			}
		case "template":
			d.Template = defElemString(o)
		case "encoding":
			err = checkEncoding(o)
		case "locale":
			d.Collate, d.Ctype = defElemString(o), defElemString(o)
		case "lc_collate":
			d.Collate = defElemString(o)
		case "lc_ctype":
			d.Ctype = defElemString(o)
		case "connection_limit", "is_template", "allow_connections":
			err = b.databaseOption(d, o)
		case "strategy", "locale_provider", "icu_locale", "collation_version", "oid", "tablespace":
			// Accepted: every database has one storage strategy, collation and tablespace.
		default:
			return nil, b.errorf(o.Location, pgcode.SyntaxError, "option \"%s\" not recognized", o.Defname)
		}
		if err != nil {
			return nil, err
		}
	}
	return &Statement{Kind: StmtDatabase, Tag: "CREATE DATABASE", Database: d}, nil
}

// databaseOption reads CONNECTION LIMIT, IS_TEMPLATE or ALLOW_CONNECTIONS into d.
func (b *binder) databaseOption(d *DatabaseStmt, o *pg_query.DefElem) error {
	switch o.Defname {
	case "connection_limit":
		n, err := strconv.Atoi(defElemString(o))
		if err != nil {
			return b.errorf(o.Location, pgcode.SyntaxError, "%s requires an integer value", o.Defname)
		}
		if n < -1 {
			return pgerror.Newf(pgcode.InvalidParameterValue, "invalid connection limit: %d", n)
		}
		v := int32(n)
		d.ConnLimit = &v
	case "is_template", "allow_connections":
		v, ok := explainBool(o)
		if !ok {
			return pgerror.Newf(pgcode.SyntaxError, "%s requires a Boolean value", o.Defname)
		}
		if o.Defname == "is_template" {
			d.IsTemplate = &v
		} else {
			d.AllowConn = &v
		}
	case "tablespace":
		return pgerror.New(pgcode.FeatureNotSupported, "ALTER DATABASE ... SET TABLESPACE is not supported")
	default:
		return b.errorf(o.Location, pgcode.SyntaxError, "option \"%s\" not recognized", o.Defname)
	}
	return nil
}

// checkEncoding accepts the encodings pgfast stores: UTF8 only.
func checkEncoding(o *pg_query.DefElem) error {
	v := defElemString(o)
	switch strings.ToUpper(strings.ReplaceAll(v, "-", "")) {
	case "UTF8", "UNICODE", "6", "DEFAULT":
		return nil
	}
	return pgerror.Newf(pgcode.FeatureNotSupported, "encoding \"%s\" is not supported: databases hold UTF8 only", v)
}

// dropDatabase binds DROP DATABASE [IF EXISTS] name [[WITH] (FORCE)].
func (b *binder) dropDatabase(s *pg_query.DropdbStmt) (*Statement, error) {
	d := &DatabaseStmt{Op: DatabaseDrop, Name: s.Dbname, IfExists: s.MissingOk}
	for _, n := range s.Options {
		o := n.GetDefElem()
		if o.Defname != "force" {
			return nil, b.errorf(o.Location, pgcode.SyntaxError, "unrecognized DROP DATABASE option \"%s\"", o.Defname)
		}
		d.Force = true
	}
	return &Statement{Kind: StmtDatabase, Tag: "DROP DATABASE", Database: d}, nil
}

// alterDatabase binds ALTER DATABASE name [WITH] options.
func (b *binder) alterDatabase(s *pg_query.AlterDatabaseStmt) (*Statement, error) {
	d := &DatabaseStmt{Op: DatabaseOptions, Name: s.Dbname}
	for _, n := range s.Options {
		if err := b.databaseOption(d, n.GetDefElem()); err != nil {
			return nil, err
		}
	}
	return &Statement{Kind: StmtDatabase, Tag: "ALTER DATABASE", Database: d}, nil
}

// alterDatabaseSet binds ALTER DATABASE name SET parameter = value, RESET parameter and
// RESET ALL.
func (b *binder) alterDatabaseSet(s *pg_query.AlterDatabaseSetStmt) (*Statement, error) {
	set, err := b.set(s.Setstmt)
	if err != nil {
		return nil, err
	}
	d := &DatabaseStmt{Op: DatabaseSet, Name: s.Dbname, SetName: set.SetName}
	if s.Setstmt.Kind == pg_query.VariableSetKind_VAR_SET_VALUE {
		v := set.SetValue
		d.SetValue = &v
	}
	return &Statement{Kind: StmtDatabase, Tag: "ALTER DATABASE", Database: d}, nil
}

// renameDatabase binds ALTER DATABASE name RENAME TO newname.
func (b *binder) renameDatabase(s *pg_query.RenameStmt) (*Statement, error) {
	d := &DatabaseStmt{Op: DatabaseRename, Name: s.Subname, NewName: s.Newname}
	return &Statement{Kind: StmtDatabase, Tag: "ALTER DATABASE", Database: d}, nil
}

// databaseOwner binds ALTER DATABASE name OWNER TO role.
func (b *binder) databaseOwner(s *pg_query.AlterOwnerStmt) (*Statement, error) {
	owner, err := b.roleSpec(s.Newowner)
	if err != nil {
		return nil, err
	}
	d := &DatabaseStmt{Op: DatabaseOwner, Name: strVal(s.Object), Owner: owner}
	return &Statement{Kind: StmtDatabase, Tag: "ALTER DATABASE", Database: d}, nil
}

// commentDatabase binds COMMENT ON DATABASE name IS text.
func (b *binder) commentDatabase(s *pg_query.CommentStmt) (*Statement, error) {
	d := &DatabaseStmt{Op: DatabaseComment, Name: strVal(s.Object)}
	if s.Comment != "" {
		c := s.Comment
		d.Comment = &c
	}
	return &Statement{Kind: StmtDatabase, Tag: "COMMENT", Database: d}, nil
}
