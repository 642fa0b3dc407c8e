package planner

import (
	"cmp"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// binder turns one parsed statement into a Statement. The bind_*.go files hold the only
// switches over pg_query nodes; everything after binding works on planner types.
type binder struct {
	sql string
	cat *catalog.Catalog
	reg *catalog.Registry
	// params holds the types of $1..$n: given by the client, or inferred from the first
	// context that decides them (TUnknown until then).
	params []types.T
	// colLocs remembers where each bound column reference was written, for errors raised
	// after binding (a column missing from GROUP BY) to point at the column itself.
	colLocs map[*ColRef]int32
	// tempSchema is the session's schema of temporary tables.
	tempSchema string
	// path is the session's search_path ("$user" replaced), user its user (bind_schema.go).
	path []string
	user string
	// role is the current role (SET ROLE), which privileges are checked for.
	role string

	// WITH queries (bind_cte.go): the visible CTEs and the next CTE ID of the statement.
	ctes    *cteEnv
	nextCTE int
	// sublinkDepth counts the subquery expressions being bound, nullableDepth the nullable
	// sides of outer joins: a recursive CTE's self-reference may be inside neither.
	sublinkDepth, nullableDepth int
	// recursiveTerm is the recursive term being bound, where aggregates are not allowed.
	recursiveTerm *pg_query.SelectStmt
	// expanding holds the views being bound, to stop a view that reads itself.
	expanding map[types.OID]bool
	// checkAs holds, for the views being bound (innermost last), the role whose
	// privileges their reads need: the view's owner, or the invoker's role for a
	// security_invoker view; nil where nothing is checked (see privilegeRole).
	checkAs []*catalog.RoleDef
	// viewDeps, while CREATE VIEW binds its query, collects the relations it names.
	viewDeps *[]types.OID
	// colUses are the ranges whose column reads are checked once the statement is bound
	// (bind_colpriv.go).
	colUses  []*colUse
	colNeeds []colNeed
	// viewWrites are the writes through views whose reads of the views' columns need
	// SELECT of the views' owners (view_dml.go).
	viewWrites []viewRead
	// planOnly is set while binding a statement that is planned but not run (EXPLAIN
	// without ANALYZE): what only running it would refuse is not checked.
	planOnly bool
	// restrict holds the kinds of relations the session may not use (Scope.Restrict).
	restrict []string
	// io holds the session's settings for reading literals.
	io *types.IOSettings
	// unknownLists holds the SELECT lists, by their first item, whose untyped literals stay
	// unknown (see keepsUnknowns).
	unknownLists map[*pg_query.Node]bool
	// raw is the statement being bound; prepared finds the session's prepared statements.
	raw      *pg_query.RawStmt
	prepared func(name string) (*Statement, bool)
	cursor   func(name string) (*Statement, bool)
	// stats supplies table statistics to the optimizer.
	stats StatsSource
	// locking collects the FROM items of the locking SELECT whose FROM clause is being
	// bound (bind_rowlock.go); nil otherwise.
	locking *lockRanges
	// files infers the columns of files read without a foreign table (bind_files.go).
	files FileSchemas
	// fn is the body of the user function being bound (bind_function_call.go), nil outside
	// one; inlineDepth counts the bodies being bound inside each other.
	fn          *funcFrame
	inlineDepth int
	// defining is the function CREATE FUNCTION is checking the body of.
	defining *catalog.FuncDef
	// noBodyChecks skips binding function bodies at CREATE FUNCTION (check_function_bodies
	// off, as pg_dump's scripts set it).
	noBodyChecks bool
	// notes, while a view's query is bound to be printed back, records what each parse
	// node became (viewdef.go); nil otherwise.
	notes *viewNotes
}

// noteLoc records the location of a column reference.
func (b *binder) noteLoc(c *ColRef, loc int32) {
	if b.colLocs == nil {
		b.colLocs = map[*ColRef]int32{}
	}
	b.colLocs[c] = loc

}

// errorf returns an error with code and a cursor position at the byte offset loc.
func (b *binder) errorf(loc int32, code pgcode.Code, format string, args ...any) *pgerror.Error {
	e := pgerror.Newf(code, format, args...)
	if loc >= 0 {
		e.Position = charPos(b.sql, loc)
	}
	return e
}

// at attaches the position loc to err unless it already has one.
func (b *binder) at(err error, loc int32) error {
	if err == nil || loc < 0 {
		return err
	}
	return pgerror.WithPosition(err, charPos(b.sql, loc)-1)
}

// Prepare binds a parsed statement against a catalog snapshot and the function registry.
// paramTypes holds the client's declared parameter types (0 or missing: inferred).
func Prepare(cat *catalog.Catalog, reg *catalog.Registry, p *Parsed, paramTypes []types.OID) (*Statement, error) {
	return PrepareScoped(cat, reg, p, paramTypes, Scope{})
}

// Scope is what a session adds to name resolution.
type Scope struct {
	// Restrict names the kinds of non-system relations the session may not read or write
	// (restrict_nonsystem_relation_kind): "view", "foreign-table".
	Restrict []string
	// TempSchema is the schema of the session's temporary tables ("pg_temp_3"): unqualified
	// names are looked up there before public, and the schema name pg_temp means it. Empty
	// means "pg_temp" itself.
	TempSchema string
	// IO holds the settings literals are read with (time zone, DateStyle): PostgreSQL
	// converts a typed literal when it analyses the statement. Nil means the defaults.
	IO *types.IOSettings
	// Prepared looks up the session's prepared statement of a name, for EXECUTE.
	Prepared func(name string) (*Statement, bool)
	// Cursor looks up the DECLARE statement of the session's open cursor of a name, for
	// FETCH and MOVE.
	Cursor func(name string) (*Statement, bool)
	// Stats supplies table statistics for the optimizer's estimates; nil means none.
	Stats StatsSource
	// Files infers the columns of read_csv's and read_parquet's files and of IMPORT
	// FOREIGN SCHEMA's; nil refuses them.
	Files FileSchemas
	// SearchPath is the session's search_path setting and User its user; an empty
	// SearchPath means PostgreSQL's default, "$user", public.
	SearchPath string
	User       string
	// Role is the session's current role (SET ROLE); empty means User.
	Role string
	// NoBodyChecks is check_function_bodies off: CREATE FUNCTION does not bind the body.
	NoBodyChecks bool
}

// PrepareScoped is Prepare for a statement of a session with temporary tables.
func PrepareScoped(cat *catalog.Catalog, reg *catalog.Registry, p *Parsed, paramTypes []types.OID, sc Scope) (*Statement, error) {
	b := newBinder(cat, reg, p.SQL, sc)
	b.raw = p.stmt
	for _, oid := range paramTypes {
		if oid == 0 {
			b.params = append(b.params, types.TUnknown)
		} else {
			b.params = append(b.params, types.Of(oid))
		}
	}
	st, err := b.statement(p.stmt.Stmt)
	if err != nil {
		return nil, err
	}
	if err := b.checkColumnReads(); err != nil {
		return nil, err
	}
	if err := b.setOwner(st); err != nil {
		return nil, err
	}
	for i, t := range b.params {
		if t.OID == types.Unknown || t.OID == types.UnknownLit {
			// Parameters no context decided are text, as PostgreSQL resolves unknowns.
			b.params[i] = types.TText
		}
	}
	st.Params = b.params
	if st.Query != nil {
		st.Query, err = Optimize(st.Query, b.reg, b.stats)
		if err != nil {
			return nil, err
		}
	}
	if st.Kind == StmtDeclareCursor {
		// The cursor's query runs as the executor's plan too: joins need their algorithms.
		st.Inner.Query, err = Optimize(st.Inner.Query, b.reg, b.stats)
		if err != nil {
			return nil, err
		}
		st.Cursor.decideScroll(st.Inner.Query)
	}
	if st.Kind == StmtExplain {
		st.Inner.Query = st.Query
		st.Estimates = PlanEstimates(st.Query, b.reg, b.stats)
		st.Query = nil
	}
	return st, nil
}

// newBinder returns a binder of SQL text sql against cat for a session of scope sc.
func newBinder(cat *catalog.Catalog, reg *catalog.Registry, sql string, sc Scope) *binder {
	b := &binder{sql: sql, cat: cat, reg: reg, tempSchema: sc.TempSchema, io: ioWithTypes(sc.IO, cat),
		prepared: sc.Prepared, cursor: sc.Cursor, stats: sc.Stats, files: sc.Files, noBodyChecks: sc.NoBodyChecks}
	if b.tempSchema == "" {
		b.tempSchema = TempSchemaAlias
	}
	b.restrict = sc.Restrict
	b.user = cmp.Or(sc.User, "postgres")
	b.role = cmp.Or(sc.Role, b.user)
	b.path = catalog.ParseSearchPath(cmp.Or(sc.SearchPath, `"$user", public`), b.user)
	return b
}

// ioWithTypes returns io with the user types of cat, which literals of enum types are read
// with.
func ioWithTypes(io *types.IOSettings, cat *catalog.Catalog) *types.IOSettings {
	out := *types.DefaultIOSettings()
	if io != nil {
		out = *io
	}
	out.Types = cat
	return &out
}

func (b *binder) statement(n *pg_query.Node) (*Statement, error) {
	if n == nil {
		return &Statement{Kind: StmtEmpty}, nil
	}
	switch s := n.Node.(type) {
	case *pg_query.Node_SelectStmt:
		if len(s.SelectStmt.LockingClause) > 0 && s.SelectStmt.IntoClause == nil {
			return b.lockingSelect(s.SelectStmt)
		}
		plan, err := b.selectStmt(s.SelectStmt, nil)
		if err != nil {
			return nil, err
		}
		if s.SelectStmt.IntoClause != nil {
			return b.createTableAs(plan, s.SelectStmt.IntoClause, false)
		}
		return &Statement{Kind: StmtQuery, Tag: "SELECT", Query: plan, Result: plan.Columns()}, nil
	case *pg_query.Node_InsertStmt:
		return b.insert(s.InsertStmt)
	case *pg_query.Node_DeleteStmt:
		return b.deleteStmt(s.DeleteStmt)
	case *pg_query.Node_UpdateStmt:
		return b.updateStmt(s.UpdateStmt)
	case *pg_query.Node_TruncateStmt:
		return b.truncate(s.TruncateStmt)
	case *pg_query.Node_AlterTableStmt:
		return b.alterTable(s.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		switch s.RenameStmt.RenameType {
		case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
			return b.renameType(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_ATTRIBUTE:
			return b.renameAttribute(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_DOMCONSTRAINT:
			return b.renameDomainConstraint(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_SCHEMA:
			return b.renameSchema(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_ROLE:
			return b.renameRole(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_DATABASE:
			return b.renameDatabase(s.RenameStmt)
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
			return b.renameFunction(s.RenameStmt)
		}
		return b.rename(s.RenameStmt)
	case *pg_query.Node_RefreshMatViewStmt:
		return b.refreshMatView(s.RefreshMatViewStmt)
	case *pg_query.Node_CreateEnumStmt:
		return b.createEnum(s.CreateEnumStmt)
	case *pg_query.Node_CompositeTypeStmt:
		return b.createComposite(s.CompositeTypeStmt)
	case *pg_query.Node_CreateDomainStmt:
		return withoutPosition(b.createDomain(s.CreateDomainStmt))
	case *pg_query.Node_AlterDomainStmt:
		return withoutPosition(b.alterDomain(s.AlterDomainStmt))
	case *pg_query.Node_AlterEnumStmt:
		return b.alterEnum(s.AlterEnumStmt)
	case *pg_query.Node_CreateStmt:
		return b.createTable(s.CreateStmt)
	case *pg_query.Node_CreateTableAsStmt:
		if s.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			return b.createMatView(s.CreateTableAsStmt)
		}
		sel, ok := s.CreateTableAsStmt.Query.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			return nil, pgerror.New(pgcode.FeatureNotSupported, "CREATE TABLE AS supports only a SELECT query")
		}
		plan, err := b.selectStmt(sel.SelectStmt, nil)
		if err != nil {
			return nil, err
		}
		return b.createTableAs(plan, s.CreateTableAsStmt.Into, s.CreateTableAsStmt.IfNotExists)
	case *pg_query.Node_DropStmt:
		switch s.DropStmt.RemoveType {
		case pg_query.ObjectType_OBJECT_TYPE, pg_query.ObjectType_OBJECT_DOMAIN:
			return b.dropTypes(s.DropStmt)
		case pg_query.ObjectType_OBJECT_EXTENSION:
			return b.dropExtensions(s.DropStmt)
		case pg_query.ObjectType_OBJECT_FOREIGN_SERVER:
			return b.dropServers(s.DropStmt)
		case pg_query.ObjectType_OBJECT_SCHEMA:
			return b.dropSchemas(s.DropStmt)
		case pg_query.ObjectType_OBJECT_INDEX:
			return b.dropIndex(s.DropStmt)
		case pg_query.ObjectType_OBJECT_FUNCTION, pg_query.ObjectType_OBJECT_PROCEDURE, pg_query.ObjectType_OBJECT_ROUTINE:
			return b.dropFunctions(s.DropStmt)
		}
		return b.drop(s.DropStmt)
	case *pg_query.Node_IndexStmt:
		return b.createIndex(s.IndexStmt)
	case *pg_query.Node_AlterObjectSchemaStmt:
		return b.setSchema(s.AlterObjectSchemaStmt)
	case *pg_query.Node_CreateSchemaStmt:
		return b.createSchemaStmt(s.CreateSchemaStmt)
	case *pg_query.Node_CreateForeignServerStmt:
		return b.createServer(s.CreateForeignServerStmt)
	case *pg_query.Node_CreateForeignTableStmt:
		return b.createForeignTable(s.CreateForeignTableStmt)
	case *pg_query.Node_ImportForeignSchemaStmt:
		return b.importForeignSchema(s.ImportForeignSchemaStmt)
	case *pg_query.Node_CreateExtensionStmt:
		return b.createExtension(s.CreateExtensionStmt)
	case *pg_query.Node_AlterExtensionStmt:
		return b.alterExtension(s.AlterExtensionStmt)
	case *pg_query.Node_CreateSeqStmt:
		return b.createSequence(s.CreateSeqStmt)
	case *pg_query.Node_AlterSeqStmt:
		return b.alterSequence(s.AlterSeqStmt)
	case *pg_query.Node_ViewStmt:
		return b.createView(s.ViewStmt)
	case *pg_query.Node_CopyStmt:
		return b.copy(s.CopyStmt)
	case *pg_query.Node_TransactionStmt:
		return b.transaction(s.TransactionStmt)
	case *pg_query.Node_ConstraintsSetStmt:
		return b.setConstraints(s.ConstraintsSetStmt)
	case *pg_query.Node_VariableSetStmt:
		return b.set(s.VariableSetStmt)
	case *pg_query.Node_VariableShowStmt:
		name := strings.ToLower(s.VariableShowStmt.Name)
		col := name
		// SHOW's column is the parameter's own spelling for the mixed-case ones.
		switch name {
		case "datestyle":
			col = "DateStyle"
		case "intervalstyle":
			col = "IntervalStyle"
		case "timezone", "time zone":
			col = "TimeZone"
		}
		return &Statement{Kind: StmtShow, Tag: "SHOW", SetName: name,
			Result: []Column{{Name: col, Type: types.TText}}}, nil
	case *pg_query.Node_ExplainStmt:
		opts, err := b.explainOptions(s.ExplainStmt.Options)
		if err != nil {
			return nil, err
		}
		b.planOnly = !opts.Analyze
		inner, err := b.statement(s.ExplainStmt.Query)
		b.planOnly = false
		if err != nil {
			return nil, err
		}
		switch inner.Kind {
		case StmtQuery, StmtInsert, StmtUpdate, StmtDelete:
		default:
			return nil, pgerror.New(pgcode.FeatureNotSupported, "EXPLAIN supports only SELECT, INSERT, UPDATE and DELETE")
		}
		return &Statement{Kind: StmtExplain, Tag: "EXPLAIN", Query: inner.Query, Inner: inner, Explain: opts,
			Result: []Column{{Name: "QUERY PLAN", Type: types.TText}}}, nil
	case *pg_query.Node_DiscardStmt:
		target := map[pg_query.DiscardMode]string{pg_query.DiscardMode_DISCARD_ALL: "all",
			pg_query.DiscardMode_DISCARD_PLANS: "plans", pg_query.DiscardMode_DISCARD_SEQUENCES: "sequences",
			pg_query.DiscardMode_DISCARD_TEMP: "temp"}[s.DiscardStmt.Target]
		return &Statement{Kind: StmtDiscard, Tag: "DISCARD " + strings.ToUpper(target), SetName: target}, nil
	case *pg_query.Node_DeallocateStmt:
		return b.deallocateStmt(s.DeallocateStmt), nil
	case *pg_query.Node_DeclareCursorStmt:
		return b.declareCursor(s.DeclareCursorStmt)
	case *pg_query.Node_FetchStmt:
		return b.fetchStmt(s.FetchStmt)
	case *pg_query.Node_ClosePortalStmt:
		return b.closeCursor(s.ClosePortalStmt), nil
	case *pg_query.Node_PrepareStmt:
		return b.prepareStmt(s.PrepareStmt)
	case *pg_query.Node_ExecuteStmt:
		return b.executeStmt(s.ExecuteStmt)
	case *pg_query.Node_VacuumStmt:
		return b.maintenance(s.VacuumStmt)
	case *pg_query.Node_ListenStmt:
		return &Statement{Kind: StmtListen, Tag: "LISTEN", SetName: s.ListenStmt.Conditionname}, nil
	case *pg_query.Node_UnlistenStmt:
		return &Statement{Kind: StmtUnlisten, Tag: "UNLISTEN", SetName: s.UnlistenStmt.Conditionname}, nil
	case *pg_query.Node_NotifyStmt:
		return &Statement{Kind: StmtNotify, Tag: "NOTIFY", SetName: s.NotifyStmt.Conditionname,
			SetValue: s.NotifyStmt.Payload}, nil
	case *pg_query.Node_CheckPointStmt:
		return &Statement{Kind: StmtCheckpoint, Tag: "CHECKPOINT"}, nil
	case *pg_query.Node_AlterOwnerStmt:
		return b.alterOwner(s.AlterOwnerStmt)
	case *pg_query.Node_CommentStmt:
		return b.comment(s.CommentStmt)
	case *pg_query.Node_LockStmt:
		return b.lockTable(s.LockStmt)
	case *pg_query.Node_CreateRoleStmt:
		return b.createRole(s.CreateRoleStmt)
	case *pg_query.Node_AlterRoleStmt:
		return b.alterRole(s.AlterRoleStmt)
	case *pg_query.Node_AlterRoleSetStmt:
		return &Statement{Kind: StmtNoop, Tag: "ALTER ROLE"}, nil
	case *pg_query.Node_DropRoleStmt:
		return b.dropRole(s.DropRoleStmt)
	case *pg_query.Node_GrantRoleStmt:
		return b.grantRole(s.GrantRoleStmt)
	case *pg_query.Node_GrantStmt:
		return b.grant(s.GrantStmt)
	case *pg_query.Node_CreateFunctionStmt:
		return b.createFunction(s.CreateFunctionStmt)
	case *pg_query.Node_CallStmt:
		return b.callProcedure(s.CallStmt)
	case *pg_query.Node_AlterFunctionStmt:
		return b.alterFunction(s.AlterFunctionStmt)
	case *pg_query.Node_CreatedbStmt:
		return b.createDatabase(s.CreatedbStmt)
	case *pg_query.Node_DropdbStmt:
		return b.dropDatabase(s.DropdbStmt)
	case *pg_query.Node_AlterDatabaseStmt:
		return b.alterDatabase(s.AlterDatabaseStmt)
	case *pg_query.Node_AlterDatabaseSetStmt:
		return b.alterDatabaseSet(s.AlterDatabaseSetStmt)
	}
	return nil, pgerror.Newf(pgcode.FeatureNotSupported, "statement not supported: %s", nodeName(n))
}

// withoutPosition drops the cursor position of a statement's error, for the statements
// whose errors PostgreSQL reports without one (the expressions of CREATE DOMAIN).
func withoutPosition(st *Statement, err error) (*Statement, error) {
	if pe, ok := err.(*pgerror.Error); ok {
		pe.Position = 0
	}
	return st, err
}

// nodeName names a parse node for messages ("CreateFunctionStmt").
func nodeName(n *pg_query.Node) string {
	name := fmt.Sprintf("%T", n.Node)
	name = strings.TrimPrefix(name, "*pg_query.Node_")
	return name
}

// strVal returns the string of a String node.
func strVal(n *pg_query.Node) string {
	if s, ok := n.Node.(*pg_query.Node_String_); ok {
		return s.String_.Sval
	}
	return ""
}

// names returns the strings of a list of String nodes.
func names(ns []*pg_query.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strVal(n)
	}
	return out
}

// scopeCol is one column visible to name resolution.
type scopeCol struct {
	table  string // the range's alias or table name; "" for anonymous
	name   string
	t      types.T
	idx    int  // index into the plan's output columns
	hidden bool // reachable only qualified (the right side of JOIN USING)
	// source of a plain table column, for RowDescription
	tableOID types.OID
	attnum   int16
	// scalarFunc marks the only column of a function in FROM returning one value a row:
	// the range's name alone reads it too (PostgreSQL's whole-row reference to such a
	// range is its value).
	scalarFunc bool
	// rowOf is the relation (table, view, foreign table) named in FROM whose row this
	// column is part of: its whole-row reference has the relation's row type rather than
	// an anonymous record.
	rowOf types.OID
	// usingRel, for a merged column of JOIN USING, is the range a printed view names it
	// by: the left input's (the right's for RIGHT JOIN; none for FULL JOIN).
	usingRel string
	// use, when set, records the column's reads for a check of column privileges
	// (bind_colpriv.go), as the read of its relation's column useIdx.
	use    *colUse
	useIdx int
}

// scope is the set of columns an expression may reference: the output of a FROM clause.
type scope struct {
	cols []scopeCol
	// star lists, in order, the columns SELECT * expands to (indexes into cols).
	star []int
	// agg collects aggregate calls while binding a SELECT list; nil where aggregates are
	// not allowed.
	agg *aggCollector
	// aggClause names the clause for "aggregate functions are not allowed in %s".
	aggClause string
	// win collects window calls while binding a SELECT list and ORDER BY; nil where they
	// are not allowed. winClause, when set, names the clause for "window functions are not
	// allowed in %s" (aggClause otherwise).
	win       *winCollector
	winClause string
	// srf collects set-returning calls while binding a SELECT list; nil where they are not
	// allowed.
	srf *srfCollector
	// outer is the enclosing query's scope, for error messages on correlated references.
	outer *scope
	// noColumns, when set, names an expression that may read no columns nor subqueries
	// (a column's DEFAULT), for "cannot use column reference in %s".
	noColumns string
	// noSubquery, when set, names an expression that may use no subqueries (a domain's
	// CHECK), for "cannot use subquery in %s".
	noSubquery string
	// unreachable names ranges the query has that this part of it may not reference
	// (excluded in RETURNING), for the hint of missingRangeError.
	unreachable []string
	// hiddenRanges are the columns of ranges the query has that this part of it may not
	// reference (excluded in ON CONFLICT's target), searched for missing-column hints only.
	hiddenRanges []scopeCol
	// unreachableCols are the columns of the unreachable ranges, for the hint of an
	// unqualified name only they have.
	unreachableCols []scopeCol
	// badLateral marks the left side of a RIGHT or FULL join as seen from a LATERAL
	// subquery on its right, which may not reference it.
	badLateral bool
}

func (s *scope) starCols() []int {
	if s.star != nil {
		return s.star
	}
	out := make([]int, 0, len(s.cols))
	for i, c := range s.cols {
		if !c.hidden {
			out = append(out, i)
		}
	}
	return out
}

// planColumns returns the Columns a Project of the scope's columns would output.
func (c scopeCol) column() Column {
	return Column{Name: c.name, Type: c.t, Table: c.tableOID, Attnum: c.attnum}
}

// resolve finds a column by optional qualifier and name.
func (b *binder) resolve(sc *scope, qual, name string, loc int32) (*scopeCol, error) {
	var found *scopeCol
	tableSeen := false
	for i := range sc.cols {
		c := &sc.cols[i]
		if qual != "" {
			if c.table != qual {
				continue
			}
			tableSeen = true
		} else if c.hidden {
			continue
		}
		if c.name != name {
			continue
		}
		if found != nil && found.idx != c.idx {
			if qual != "" && found.tableOID != c.tableOID {
				// Two ranges of the name (a table called excluded in ON CONFLICT).
				return nil, b.errorf(loc, pgcode.AmbiguousAlias, "table reference \"%s\" is ambiguous", qual)
			}
			return nil, b.errorf(loc, pgcode.AmbiguousColumn, "column reference \"%s\" is ambiguous", name)
		}
		found = c
	}
	if found != nil {
		markCol(found)
		return found, nil
	}
	if qual == "" {
		for i := range sc.cols {
			if c := &sc.cols[i]; c.scalarFunc && c.table == name {
				return c, nil
			}
		}
	}
	if qual != "" && !tableSeen {
		if alias := b.aliasOf(sc, qual); alias != "" {
			return nil, b.errorf(loc, pgcode.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", qual).
				WithHint(fmt.Sprintf("Perhaps you meant to reference the table alias \"%s\".", alias))
		}
		return nil, b.errorf(loc, pgcode.UndefinedTable, "missing FROM-clause entry for table \"%s\"", qual)
	}
	if qual != "" {
		return nil, b.errorf(loc, pgcode.UndefinedColumn, "column %s.%s does not exist", qual, name)
	}
	return nil, b.errorf(loc, pgcode.UndefinedColumn, "column \"%s\" does not exist", name)
}

// aliasOf returns the alias under which sc holds the relation called name, "" when it holds
// none: a qualifier naming an aliased table is an invalid reference, which PostgreSQL
// reports with the alias to use instead.
func (b *binder) aliasOf(sc *scope, name string) string {
	for _, c := range sc.cols {
		if c.rowOf == 0 || c.table == name {
			continue
		}
		if def := b.cat.TableByOID(c.rowOf); def != nil && def.Name == name {
			return c.table
		}
	}
	return ""
}
