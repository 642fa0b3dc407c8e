package planner

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v5"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func (b *binder) createTable(s *pg_query.CreateStmt) (*Statement, error) {
	if len(s.InhRelations) > 0 || s.Partspec != nil || s.OfTypename != nil {
		return nil, b.errorf(s.Relation.Location, pgcode.FeatureNotSupported, "inheritance, partitioning and typed tables are not supported")
	}
	def := &catalog.TableDef{Schema: b.createSchema(s.Relation), Name: s.Relation.Relname, Kind: catalog.KindTable}
	if err := b.checkSchema(def.Schema, def.Name, s.Relation.Location); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var keys []keyConstraint
	var checks []*pg_query.Constraint // bound once the columns are known
	var fks []fkConstraint            // bound once the keys are known
	var seqs []*catalog.TableDef      // serial columns' sequences
	for _, el := range s.TableElts {
		switch x := el.Node.(type) {
		case *pg_query.Node_ColumnDef:
			cd := x.ColumnDef
			if seen[cd.Colname] {
				return nil, b.errorf(-1, pgcode.DuplicateColumn, "column \"%s\" specified more than once", cd.Colname)
			}
			seen[cd.Colname] = true
			var col catalog.Column
			if t, ok := serialType(cd.TypeName); ok {
				seq, dflt := b.serialSequence(def, cd.Colname, t, seqs)
				seqs = append(seqs, seq)
				col = catalog.Column{Name: cd.Colname, Type: t, NotNull: true, Default: dflt}
			} else {
				t, err := b.typeName(cd.TypeName)
				if err != nil {
					return nil, err
				}
				col = catalog.Column{Name: cd.Colname, Type: t, NotNull: cd.IsNotNull}
			}
			if err := b.checkColumnType(col.Name, col.Type); err != nil {
				return nil, err
			}
			var last *pg_query.Constraint
			for _, c := range cd.Constraints {
				con := c.Node.(*pg_query.Node_Constraint).Constraint
				if isAttrConstraint(con) {
					if err := b.applyConstraintAttr(last, con); err != nil {
						return nil, err
					}
					continue
				}
				last = con
				switch con.Contype {
				case pg_query.ConstrType_CONSTR_NOTNULL:
					col.NotNull = true
				case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
					var err error
					if keys, err = b.noteKey(keys, con, cd.Colname); err != nil {
						return nil, err
					}
				case pg_query.ConstrType_CONSTR_CHECK:
					checks = append(checks, con)
				case pg_query.ConstrType_CONSTR_FOREIGN:
					fks = append(fks, fkConstraint{con: con, col: cd.Colname})
				case pg_query.ConstrType_CONSTR_NULL:
				case pg_query.ConstrType_CONSTR_DEFAULT:
					if col.Default != "" {
						loc := con.Location
						if _, serial := serialType(cd.TypeName); serial {
							loc = -1 // PostgreSQL reports the serial's implied default without a cursor
						}
						return nil, b.errorf(loc, pgcode.SyntaxError, "multiple default values specified for column \"%s\" of table \"%s\"", col.Name, def.Name)
					}
					d, err := b.columnDefault(con.RawExpr, col)
					if err != nil {
						return nil, err
					}
					col.Default = d
				default:
					return nil, b.errorf(con.Location, pgcode.FeatureNotSupported, "this column constraint is not supported yet")
				}
			}
			def.Columns = append(def.Columns, col)
		case *pg_query.Node_Constraint:
			switch x.Constraint.Contype {
			case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
				var err error
				if keys, err = b.noteKey(keys, x.Constraint, ""); err != nil {
					return nil, err
				}
			case pg_query.ConstrType_CONSTR_CHECK:
				checks = append(checks, x.Constraint)
			case pg_query.ConstrType_CONSTR_FOREIGN:
				fks = append(fks, fkConstraint{con: x.Constraint})
			default:
				return nil, b.errorf(x.Constraint.Location, pgcode.FeatureNotSupported, "this table constraint is not supported yet")
			}
		default:
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "table element not supported: %s", nodeName(el))
		}
	}
	if err := b.keyIndexes(def, keys); err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, c := range checks {
		cd, err := b.checkConstraint(def, c, mine)
		if err != nil {
			return nil, err
		}
		def.Checks = append(def.Checks, cd)
	}
	if b.cat.RelationNameTaken(def.Schema, def.Name) {
		if !s.IfNotExists {
			return nil, b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
		}
	} else if err := b.foreignKeys(def, fks, true, mine); err != nil {
		return nil, err
	}
	return &Statement{Kind: StmtCreateTable, Tag: "CREATE TABLE", Create: def, CreateOwned: seqs, IfNotExists: s.IfNotExists}, nil
}

// checkSchema refuses to create name in a schema that does not exist, in a system schema,
// or unqualified with no schema of the search path existing.
func (b *binder) checkSchema(schema, name string, loc int32) error {
	switch {
	case schema == "":
		_, err := b.creationSchema(loc)
		return err
	case pgcatalog.SystemSchema(schema):
		return b.errorf(-1, pgcode.InsufficientPrivilege, "permission denied to create \"%s.%s\"", schema, name).
			WithDetail("System catalog modifications are currently disallowed.")
	case !b.schemaExists(schema):
		return b.errorf(loc, pgcode.InvalidSchemaName, "schema \"%s\" does not exist", schema)
	}
	return nil
}

func (b *binder) createTableAs(plan Plan, into *pg_query.IntoClause, ifNotExists bool) (*Statement, error) {
	def := &catalog.TableDef{Schema: b.createSchema(into.Rel), Name: into.Rel.Relname, Kind: catalog.KindTable}
	if err := b.checkSchema(def.Schema, def.Name, into.Rel.Location); err != nil {
		return nil, err
	}
	colNames := names(into.ColNames)
	cols := plan.Columns()
	if len(colNames) > len(cols) {
		return nil, b.errorf(-1, pgcode.SyntaxError, "too many column names were specified")
	}
	seen := map[string]bool{}
	proj := &Project{Input: plan}
	for i, c := range cols {
		name := c.Name
		if i < len(colNames) {
			name = colNames[i]
		}
		if seen[name] {
			return nil, b.errorf(-1, pgcode.DuplicateColumn, "column \"%s\" specified more than once", name)
		}
		seen[name] = true
		t := c.Type
		if err := b.checkColumnType(name, t); err != nil {
			return nil, err
		}
		var e Expr = &ColRef{Idx: i, T: c.Type, Name: c.Name}
		if t != c.Type {
			e = &Cast{Arg: e, T: t}
		}
		def.Columns = append(def.Columns, catalog.Column{Name: name, Type: t})
		proj.Exprs = append(proj.Exprs, e)
		proj.Out = append(proj.Out, Column{Name: name, Type: t})
	}
	if b.cat.RelationNameTaken(def.Schema, def.Name) && !ifNotExists {
		return nil, b.errorf(-1, pgcode.DuplicateTable, "relation \"%s\" already exists", def.Name)
	}
	if into.SkipData {
		// WITH NO DATA: the table is made, and the query is bound (for its errors) but not run.
		return &Statement{Kind: StmtCreateTable, Tag: "CREATE TABLE AS", Create: def, IfNotExists: ifNotExists}, nil
	}
	return &Statement{Kind: StmtCreateTable, Tag: "SELECT", Create: def, Query: proj, IfNotExists: ifNotExists}, nil
}

func (b *binder) drop(s *pg_query.DropStmt) (*Statement, error) {
	view := s.RemoveType == pg_query.ObjectType_OBJECT_VIEW
	seq := s.RemoveType == pg_query.ObjectType_OBJECT_SEQUENCE
	foreign := s.RemoveType == pg_query.ObjectType_OBJECT_FOREIGN_TABLE
	matview := s.RemoveType == pg_query.ObjectType_OBJECT_MATVIEW
	if s.RemoveType != pg_query.ObjectType_OBJECT_TABLE && !view && !seq && !foreign && !matview {
		return nil, b.errorf(-1, pgcode.FeatureNotSupported, "DROP supports only tables, views, materialized views, sequences and foreign tables")
	}
	st := &Statement{Kind: StmtDropTable, Tag: "DROP TABLE", IfExists: s.MissingOk}
	noun := "table"
	if view {
		st.Tag, noun = "DROP VIEW", "view"
	} else if seq {
		st.Tag, noun = "DROP SEQUENCE", "sequence"
	} else if foreign {
		st.Tag, noun = "DROP FOREIGN TABLE", "foreign table"
	} else if matview {
		st.Tag, noun = "DROP MATERIALIZED VIEW", "materialized view"
	}
	for _, o := range s.Objects {
		parts := names(o.Node.(*pg_query.Node_List).List.Items)
		schema, name := "", parts[len(parts)-1]
		if len(parts) > 1 {
			schema = parts[len(parts)-2]
		}
		def := b.findTable(schema, name)
		if t, _ := b.findIndex(schema, name); def == nil && t != nil {
			return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a %s", name, noun).WithHint("Use DROP INDEX to remove an index.")
		}
		if def == nil {
			if !s.MissingOk {
				return nil, b.errorf(-1, pgcode.UndefinedTable, "%s \"%s\" does not exist", noun, strings.Join(parts, "."))
			}
			st.Missing = append(st.Missing, strings.Join(parts, "."))
			continue
		}
		if matview != (def.Kind == catalog.KindMatView) && !def.Virtual {
			return nil, wrongDropKind(def, noun)
		}
		if !view && !foreign && !matview {
			if err := dropSequenceKind(def, seq); err != nil {
				return nil, err
			}
		}
		if !view && !seq && !matview {
			if err := dropForeignKind(def, foreign); err != nil {
				return nil, err
			}
		}
		if err := b.dropKind(def, view); err != nil {
			return nil, err
		}
		if err := b.requireOwner(def); err != nil {
			return nil, err
		}
		st.Drop = append(st.Drop, def)
	}
	cascade := s.Behavior == pg_query.DropBehavior_DROP_CASCADE
	if cascade {
		b.cascadeToViews(st)
	}
	st.Drop = b.ownedSequences(st.Drop)
	if err := b.checkDependents(st.Drop); err != nil {
		return nil, err
	}
	if err := b.checkSequenceDefaults(st.Drop, cascade); err != nil {
		return nil, err
	}
	if err := b.dropReferencingKeys(st, cascade); err != nil {
		return nil, err
	}
	return st, nil
}

// insert binds INSERT INTO t [(cols)] VALUES ... | SELECT ...
func (b *binder) insert(s *pg_query.InsertStmt) (*Statement, error) {
	var with *cteEnv
	if s.WithClause != nil {
		var err error
		if with, err = b.bindWith(s.WithClause, nil); err != nil {
			return nil, err
		}
		defer func() { b.ctes = with.parent }()
	}
	def, err := b.lookupTable(s.Relation)
	if err != nil {
		return nil, err
	}
	if def.Virtual {
		return nil, b.errorf(-1, pgcode.InsufficientPrivilege, "permission denied for table %s", def.Name)
	}
	var vt *viewTarget
	if def.Kind == catalog.KindView {
		if vt, err = b.writeThroughView(def, "insert"); err != nil {
			return nil, err
		}
		def = vt.withDefaults()
	}
	if err := changeRowsError(def); err != nil {
		return nil, err
	}
	if err := changeForeignError(def, "insert into"); err != nil {
		return nil, err
	}
	var targets []assignTarget
	if len(s.Cols) == 0 {
		for i := range def.Columns {
			targets = append(targets, assignTarget{col: i, valueT: def.Columns[i].Type, loc: -1})
		}
	} else {
		assigned := assignedColumns{}
		for _, c := range s.Cols {
			t, err := b.target(def, c.Node.(*pg_query.Node_ResTarget).ResTarget)
			if err != nil {
				return nil, err
			}
			if err := assigned.note(b, def, t, true); err != nil {
				return nil, err
			}
			targets = append(targets, t)
		}
	}
	var src Plan
	var sel *pg_query.SelectStmt
	if s.SelectStmt != nil {
		sel = s.SelectStmt.Node.(*pg_query.Node_SelectStmt).SelectStmt
	}
	switch {
	case sel == nil:
		// DEFAULT VALUES: one row of no given columns; every column takes its default.
		src, targets = &Values{Rows: [][]Expr{{}}}, nil
	case len(sel.ValuesLists) > 0 && sel.Op == pg_query.SetOperation_SETOP_NONE && len(sel.SortClause) == 0 && sel.LimitCount == nil:
		// VALUES in INSERT: each value is coerced straight to its column's type.
		src, err = b.insertValues(sel.ValuesLists, def, targets)
	default:
		b.keepUnknowns(sel)
		src, err = b.selectStmt(sel, nil)
	}
	if err != nil {
		return nil, err
	}
	if with != nil {
		src = b.finishWith(with, src)
	}
	cols := src.Columns()
	if len(cols) > len(targets) {
		return nil, b.errorf(-1, pgcode.SyntaxError, "INSERT has more expressions than target columns")
	}
	if len(cols) < len(targets) && len(s.Cols) > 0 {
		loc := s.Cols[len(cols)].Node.(*pg_query.Node_ResTarget).ResTarget.Location
		return nil, b.errorf(loc, pgcode.SyntaxError, "INSERT has more target columns than expressions")
	}
	// Each column's value: the item for a plain target; for subscripted targets, a NULL
	// array with their elements or slices assigned in order.
	var target []int
	values := map[int]Expr{}
	for i, c := range cols {
		t := targets[i]
		v, err := b.assignValue(&ColRef{Idx: i, T: c.Type, Name: c.Name}, def, t, selectItemLoc(sel, i))
		if err != nil {
			return nil, err
		}
		base, seen := values[t.col]
		if !seen {
			base = nullConst(def.Columns[t.col].Type)
			target = append(target, t.col)
		}
		if values[t.col], err = b.applyTarget(base, v, t, &scope{aggClause: "VALUES"}); err != nil {
			return nil, err
		}
	}
	b.needColumns(def, acl.Insert, target)
	proj := &Project{Input: src}
	for _, i := range target {
		tc := def.Columns[i]
		proj.Exprs = append(proj.Exprs, values[i])
		proj.Out = append(proj.Out, Column{Name: tc.Name, Type: tc.Type})
	}
	if vt != nil {
		if target, err = b.insertThroughView(vt, target, proj); err != nil {
			return nil, err
		}
		def = vt.base
	}
	dcols, dexprs, err := b.defaultsFor(def, target)
	if err != nil {
		return nil, err
	}
	for k, i := range dcols {
		target = append(target, i)
		proj.Exprs = append(proj.Exprs, dexprs[k])
		proj.Out = append(proj.Out, Column{Name: def.Columns[i].Name, Type: def.Columns[i].Type})
	}
	st := &Statement{Kind: StmtInsert, Tag: "INSERT", Table: def, TargetCols: target, Query: proj}
	if st.Checks, err = b.tableChecks(def); err != nil {
		return nil, err
	}
	if vt != nil {
		st.Checks = append(st.Checks, vt.checks...)
	}
	if s.Relation.Alias != nil {
		st.TargetAlias = s.Relation.Alias.Aliasname
	}
	if oc := s.OnConflictClause; oc != nil {
		st.ConflictTarget = oc.Infer != nil
		var noMatch error
		if vt != nil {
			oc = vt.conflictThroughView(oc)
		}
		if st.Arbiters, noMatch, err = b.onConflict(def, s.Relation, oc); err != nil {
			return nil, err
		}
		if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
			if err := b.upsert(st, s.Relation, oc, s.ReturningList, vt); err != nil {
				return nil, err
			}
			if with != nil {
				upsertWith(st.Upsert, with)
			}
			if noMatch != nil {
				return nil, noMatch
			}
			return st, nil
		}
		if noMatch != nil {
			return nil, noMatch
		}
		st.OnConflictSkip = true
	}
	if len(s.ReturningList) > 0 {
		if err := b.insertReturning(st, s.Relation, s.ReturningList, vt); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// insertReturning lays INSERT ... RETURNING out for the executor: the query yields every
// column of the new row (NULL where nothing is stored), then the RETURNING expressions
// over that row.
func (b *binder) insertReturning(st *Statement, rv *pg_query.RangeVar, list []*pg_query.Node, vt *viewTarget) error {
	row, sc := b.insertRow(st, rv)
	var in Plan = row
	if vt != nil {
		// Through a view, RETURNING reads the view's columns computed from the row stored.
		in, sc = vt.viewRowScope(row, 0, rangeName(rv))
		b.readView(vt, sc)
	}
	ret := &Project{Input: in}
	for i, c := range row.Out {
		ret.Exprs = append(ret.Exprs, &ColRef{Idx: i, T: c.Type, Name: c.Name})
		ret.Out = append(ret.Out, c)
	}
	if err := b.returning(st, ret, list, sc); err != nil {
		return err
	}
	st.Query = ret
	return nil
}

// insertRow makes INSERT st's query yield every column of the new row (NULL where nothing
// is stored) and returns it with the scope of the row's columns, named as the target.
func (b *binder) insertRow(st *Statement, rv *pg_query.RangeVar) (*Project, *scope) {
	def := st.Table
	at := map[int]int{}
	for k, c := range st.TargetCols {
		at[c] = k
	}
	name := rv.Relname
	if rv.Alias != nil {
		name = rv.Alias.Aliasname
	}
	row := &Project{Input: st.Query}
	sc := &scope{}
	st.TargetCols = nil
	for i, c := range def.Columns {
		var e Expr = nullConst(c.Type)
		if k, ok := at[i]; ok {
			e = &ColRef{Idx: k, T: c.Type, Name: c.Name}
		}
		row.Exprs = append(row.Exprs, e)
		row.Out = append(row.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
		sc.cols = append(sc.cols, scopeCol{table: name, name: c.Name, t: c.Type, idx: i, tableOID: def.OID, attnum: int16(i + 1), rowOf: def.OID})
		st.TargetCols = append(st.TargetCols, i)
	}
	st.Query = row
	use, _ := b.readCheck(def, false)
	use.attach(sc)
	return row, sc
}

// selectItemLoc returns where item i of a plain SELECT's list was written, which errors
// about storing it point at; -1 for other queries.
func selectItemLoc(sel *pg_query.SelectStmt, i int) int32 {
	if sel == nil || sel.Op != pg_query.SetOperation_SETOP_NONE || i >= len(sel.TargetList) {
		return -1
	}
	for _, t := range sel.TargetList[:i+1] {
		if cr, ok := t.Node.(*pg_query.Node_ResTarget).ResTarget.Val.GetNode().(*pg_query.Node_ColumnRef); ok {
			if _, star := cr.ColumnRef.Fields[len(cr.ColumnRef.Fields)-1].Node.(*pg_query.Node_AStar); star {
				return -1 // * expands to an unknown number of items
			}
		}
	}
	if rt, ok := sel.TargetList[i].Node.(*pg_query.Node_ResTarget); ok && rt.ResTarget.Val != nil {
		return location(rt.ResTarget.Val)
	}
	return -1
}

// assign coerces e for storing into column c (assignment context), with PostgreSQL's error.
func (b *binder) assign(e Expr, c catalog.Column, loc int32) (Expr, error) {
	if isUnknown(e) {
		return b.coerce(e, c.Type, types.Assignment, loc)
	}
	from := e.Type()
	if from.OID != c.Type.OID && !types.CanCast(from.OID, c.Type.OID, types.Assignment) {
		return nil, b.errorf(loc, pgcode.DatatypeMismatch, "column \"%s\" is of type %s but expression is of type %s", c.Name, c.Type, from).
			WithHint("You will need to rewrite or cast the expression.")
	}
	if from == c.Type || from.OID == c.Type.OID && c.Type.Typmod < 0 && sameStorage(from, c.Type) {
		return e, nil
	}
	if d := c.Type.Type(); d != nil && d.Kind == types.KindDomain {
		return b.coerceToDomain(e, c.Type, types.Assignment, loc)
	}
	return &Cast{Arg: e, T: c.Type, Context: types.Assignment}, nil
}

func (b *binder) insertValues(lists []*pg_query.Node, def *catalog.TableDef, targets []assignTarget) (Plan, error) {
	var rows [][]Expr
	width := -1
	for _, l := range lists {
		items := l.Node.(*pg_query.Node_List).List.Items
		if width >= 0 && len(items) != width {
			return nil, b.errorf(location(items[0]), pgcode.SyntaxError, "VALUES lists must all be the same length")
		}
		width = len(items)
		if width > len(targets) {
			return nil, b.errorf(location(items[len(targets)]), pgcode.SyntaxError, "INSERT has more expressions than target columns")
		}
		row := make([]Expr, width)
		for i, it := range items {
			if _, ok := it.Node.(*pg_query.Node_SetToDefault); ok {
				if targets[i].indirect() {
					return nil, indirectDefaultError(b, targets[i])
				}
				e, err := b.bindDefault(def.Columns[targets[i].col])
				if err != nil {
					return nil, err
				}
				row[i] = e
				continue
			}
			e, err := b.expr(it, &scope{aggClause: "VALUES"})
			if err != nil {
				return nil, err
			}
			if row[i], err = b.assignValue(e, def, targets[i], location(it)); err != nil {
				return nil, err
			}
		}
		rows = append(rows, row)
	}
	out := make([]Column, width)
	for i := range out {
		out[i] = Column{Name: "column" + strconv.Itoa(i+1), Type: targets[i].valueT}
	}
	return &Values{Rows: rows, Out: out}, nil
}

func (b *binder) copy(s *pg_query.CopyStmt) (*Statement, error) {
	if s.IsProgram {
		return nil, b.errorf(-1, pgcode.InsufficientPrivilege, "COPY to or from an external program is not supported")
	}
	if s.Filename != "" {
		if err := b.requireServerFiles(s.IsFrom); err != nil {
			return nil, err
		}
	}
	opts := &CopyOptions{Delimiter: '\t', Null: `\N`, Quote: '"', Escape: '"'}
	csvSet := false
	for _, o := range s.Options {
		d := o.Node.(*pg_query.Node_DefElem).DefElem
		val := defElemString(d)
		switch d.Defname {
		case "format":
			switch strings.ToLower(val) {
			case "csv":
				opts.Format = CopyCSV
				csvSet = true
			case "text":
				opts.Format = CopyText
			case "binary":
				opts.Format = CopyBinary
			default:
				return nil, b.errorf(d.Location, pgcode.InvalidParameterValue, "COPY format \"%s\" not recognized", val)
			}
		case "header":
			switch strings.ToLower(val) {
			case "", "true", "on", "1":
				opts.Header = true
			case "false", "off", "0":
				opts.Header = false
			default:
				return nil, b.errorf(d.Location, pgcode.InvalidParameterValue, "header requires a Boolean value or \"match\"")
			}
		case "delimiter":
			if len(val) != 1 {
				return nil, b.errorf(d.Location, pgcode.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
			}
			opts.Delimiter = val[0]
		case "null":
			opts.Null = val
		case "quote":
			if len(val) != 1 {
				return nil, b.errorf(d.Location, pgcode.FeatureNotSupported, "COPY quote must be a single one-byte character")
			}
			opts.Quote = val[0]
		case "escape":
			if len(val) != 1 {
				return nil, b.errorf(d.Location, pgcode.FeatureNotSupported, "COPY escape must be a single one-byte character")
			}
			opts.Escape = val[0]
		case "encoding", "freeze":
		default:
			return nil, b.errorf(d.Location, pgcode.SyntaxError, "option \"%s\" not recognized", d.Defname)
		}
	}
	if csvSet {
		nullGiven := false
		delimGiven := false
		for _, o := range s.Options {
			switch o.Node.(*pg_query.Node_DefElem).DefElem.Defname {
			case "null":
				nullGiven = true
			case "delimiter":
				delimGiven = true
			}
		}
		if !nullGiven {
			opts.Null = ""
		}
		if !delimGiven {
			opts.Delimiter = ','
		}
	}
	st := &Statement{Copy: opts}
	if s.Query != nil {
		if s.IsFrom {
			return nil, b.errorf(-1, pgcode.SyntaxError, "COPY FROM does not accept a query")
		}
		sel, ok := s.Query.Node.(*pg_query.Node_SelectStmt)
		if !ok {
			return nil, b.errorf(-1, pgcode.FeatureNotSupported, "COPY (query) supports only SELECT")
		}
		plan, err := b.selectStmt(sel.SelectStmt, nil)
		if err != nil {
			return nil, err
		}
		st.Kind, st.Tag, st.Query = StmtCopyTo, "COPY", plan
		if s.Filename != "" {
			st.Kind, st.CopyFile = StmtCopyToFile, s.Filename
		}
		for i := range plan.Columns() {
			st.TargetCols = append(st.TargetCols, i)
		}
		return st, nil
	}
	def, err := b.lookupTable(s.Relation)
	if err != nil {
		err.(*pgerror.Error).Position = 0 // PostgreSQL reports COPY's relation without a cursor
		return nil, err
	}
	if def.Virtual && s.IsFrom {
		return nil, b.errorf(-1, pgcode.InsufficientPrivilege, "permission denied for table %s", def.Name)
	}
	if def.Kind == catalog.KindView {
		if s.IsFrom {
			return nil, b.errorf(-1, pgcode.WrongObjectType, "cannot copy to view \"%s\"", def.Name).
				WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.")
		}
		return nil, b.errorf(-1, pgcode.WrongObjectType, "cannot copy from view \"%s\"", def.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	}
	if def.Kind == catalog.KindMatView {
		if s.IsFrom {
			return nil, b.errorf(-1, pgcode.WrongObjectType, "cannot copy to materialized view \"%s\"", def.Name)
		}
		return nil, b.errorf(-1, pgcode.WrongObjectType, "cannot copy from materialized view \"%s\"", def.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	}
	if def.Kind == catalog.KindForeign {
		if s.IsFrom {
			return nil, changeForeignError(def, "insert into")
		}
		return nil, b.errorf(-1, pgcode.WrongObjectType, "cannot copy from foreign table \"%s\"", def.Name).
			WithHint("Try the COPY (SELECT ...) TO variant.")
	}
	want := acl.Select
	if s.IsFrom {
		want = acl.Insert
	}
	st.Table, st.Tag = def, "COPY"
	if len(s.Attlist) == 0 {
		for i := range def.Columns {
			st.TargetCols = append(st.TargetCols, i)
		}
	} else {
		for _, n := range s.Attlist {
			name := strVal(n)
			i := def.ColumnIndex(name)
			if i < 0 {
				return nil, b.errorf(-1, pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", name, def.Name)
			}
			st.TargetCols = append(st.TargetCols, i)
		}
	}
	if err := b.requireColumns(def, want, st.TargetCols); err != nil {
		return nil, err
	}
	if s.IsFrom {
		if opts.DefaultCols, opts.Defaults, err = b.defaultsFor(def, st.TargetCols); err != nil {
			return nil, err
		}
		if opts.Checks, err = b.copyDomainChecks(def, st.TargetCols); err != nil {
			return nil, err
		}
		if st.Checks, err = b.tableChecks(def); err != nil {
			return nil, err
		}
		st.Kind = StmtCopyFrom
		if s.Filename != "" {
			st.Kind, st.CopyFile = StmtCopyFromFile, s.Filename
		}
		return st, nil
	}
	// COPY t TO: a scan of the listed columns.
	scan := &Scan{Table: def}
	for _, i := range st.TargetCols {
		c := def.Columns[i]
		scan.Cols = append(scan.Cols, i)
		scan.Out = append(scan.Out, Column{Name: c.Name, Type: c.Type, Table: def.OID, Attnum: int16(i + 1)})
	}
	st.Kind, st.Query = StmtCopyTo, scan
	if s.Filename != "" {
		st.Kind, st.CopyFile = StmtCopyToFile, s.Filename
	}
	return st, nil
}

// defElemString returns a DefElem's argument as text ("" when absent).
func defElemString(d *pg_query.DefElem) string {
	if d.Arg == nil {
		return ""
	}
	switch a := d.Arg.Node.(type) {
	case *pg_query.Node_String_:
		return a.String_.Sval
	case *pg_query.Node_Integer:
		return strconv.Itoa(int(a.Integer.Ival))
	case *pg_query.Node_Boolean:
		return strconv.FormatBool(a.Boolean.Boolval)
	case *pg_query.Node_AConst:
		switch v := a.AConst.Val.(type) {
		case *pg_query.A_Const_Sval:
			return v.Sval.Sval
		case *pg_query.A_Const_Ival:
			return strconv.Itoa(int(v.Ival.Ival))
		case *pg_query.A_Const_Boolval:
			return strconv.FormatBool(v.Boolval.Boolval)
		}
	}
	return ""
}

func (b *binder) transaction(s *pg_query.TransactionStmt) (*Statement, error) {
	switch s.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		return &Statement{Kind: StmtBegin, Tag: "BEGIN", SetValue: isolationOption(s.Options), ReadOnly: readOnlyOption(s.Options),
			Deferrable: transactionOption(s.Options, "transaction_deferrable")}, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		return &Statement{Kind: StmtCommit, Tag: "COMMIT", Chain: s.Chain}, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		return &Statement{Kind: StmtRollback, Tag: "ROLLBACK", Chain: s.Chain}, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		return &Statement{Kind: StmtSavepoint, Tag: "SAVEPOINT", Savepoint: s.SavepointName}, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		return &Statement{Kind: StmtRelease, Tag: "RELEASE", Savepoint: s.SavepointName}, nil
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		return &Statement{Kind: StmtRollbackTo, Tag: "ROLLBACK", Savepoint: s.SavepointName}, nil
	}
	return nil, b.errorf(-1, pgcode.FeatureNotSupported, "two-phase commit is not supported yet")
}

// quotedListParams are the parameters whose SET values are lists of names: each element is
// quoted as an identifier, as PostgreSQL does for GUC_LIST_QUOTE parameters, so that setting
// search_path to an empty string makes a list of one empty name (shown as ""), not a RESET.
var quotedListParams = map[string]bool{"search_path": true, "temp_tablespaces": true}

func (b *binder) set(s *pg_query.VariableSetStmt) (*Statement, error) {
	name := strings.ToLower(s.Name)
	switch s.Kind {
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		var vals []string
		for _, a := range s.Args {
			switch c := a.Node.(type) {
			case *pg_query.Node_AConst:
				switch v := c.AConst.Val.(type) {
				case *pg_query.A_Const_Sval:
					if quotedListParams[name] {
						vals = append(vals, types.QuoteIdent(v.Sval.Sval))
					} else {
						vals = append(vals, v.Sval.Sval)
					}
				case *pg_query.A_Const_Ival:
					vals = append(vals, strconv.Itoa(int(v.Ival.Ival)))
				case *pg_query.A_Const_Fval:
					vals = append(vals, v.Fval.Fval)
				case *pg_query.A_Const_Boolval:
					vals = append(vals, strconv.FormatBool(v.Boolval.Boolval))
				}
			case *pg_query.Node_TypeCast:
				// SET TIME ZONE INTERVAL '...': keep the literal.
				if ac, ok := c.TypeCast.Arg.Node.(*pg_query.Node_AConst); ok {
					if v, ok := ac.AConst.Val.(*pg_query.A_Const_Sval); ok {
						vals = append(vals, v.Sval.Sval)
					}
				}
			}
		}
		return &Statement{Kind: StmtSet, Tag: "SET", SetName: name, SetValue: strings.Join(vals, ", "), SetLocal: s.IsLocal}, nil
	case pg_query.VariableSetKind_VAR_SET_DEFAULT:
		return &Statement{Kind: StmtSet, Tag: "SET", SetName: name, SetLocal: s.IsLocal}, nil
	case pg_query.VariableSetKind_VAR_RESET:
		return &Statement{Kind: StmtSet, Tag: "RESET", SetName: name}, nil
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		return &Statement{Kind: StmtSet, Tag: "RESET", SetName: "all"}, nil
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		// SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION: the isolation
		// level, the access mode and the deferrable mode are kept.
		level, readOnly := isolationOption(s.Args), readOnlyOption(s.Args)
		deferrable := transactionOption(s.Args, "transaction_deferrable")
		if level == "" && readOnly == "" && deferrable == "" {
			return &Statement{Kind: StmtNoop, Tag: "SET"}, nil
		}
		st := &Statement{Kind: StmtSet, Tag: "SET", SetValue: level, ReadOnly: readOnly, Deferrable: deferrable}
		switch name {
		case "transaction":
			st.SetLocal = true
			if level != "" {
				st.SetName = "transaction isolation level"
			}
			return st, nil
		case "session characteristics":
			if level != "" {
				st.SetName = "default_transaction_isolation"
			}
			return st, nil
		}
		return &Statement{Kind: StmtNoop, Tag: "SET"}, nil
	}
	return &Statement{Kind: StmtNoop, Tag: "SET"}, nil
}

// readOnlyOption returns the access mode among BEGIN's or SET TRANSACTION's options: "on"
// for READ ONLY, "off" for READ WRITE, "" when they name none.
func readOnlyOption(opts []*pg_query.Node) string {
	return transactionOption(opts, "transaction_read_only")
}

// transactionOption returns the boolean option name among BEGIN's or SET TRANSACTION's options:
// "on", "off", or "" when they do not name it.
func transactionOption(opts []*pg_query.Node, name string) string {
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == name {
			if v := defElemString(d); v == "1" || v == "true" {
				return "on"
			}
			return "off"
		}
	}
	return ""
}

// isolationOption returns the isolation level among BEGIN's or SET TRANSACTION's options,
// "" when they name none.
func isolationOption(opts []*pg_query.Node) string {
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == "transaction_isolation" {
			return defElemString(d)
		}
	}
	return ""
}
