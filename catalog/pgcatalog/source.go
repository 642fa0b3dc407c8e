package pgcatalog

import (
	"fmt"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Setting is one configuration parameter of the session, a row of pg_settings. Its fields
// are the view's columns, as text; empty ones are NULL.
type Setting struct {
	Name, Value, Unit, Category, ShortDesc, Context, VarType, Source string
	MinVal, MaxVal                                                   string
	EnumVals                                                         []string
	BootVal, ResetVal                                                string
}

// Source is what the system relations are generated from: one statement's view of the
// database. It is cheap to make; rows are produced only for the relations a statement
// reads.
type Source struct {
	Catalog  *catalog.Catalog
	Registry *catalog.Registry
	// User and Database are the session's user and database names; Role is its current
	// role (SET ROLE), whose privileges decide what the privilege views show ("": User).
	User     string
	Database string
	Role     string
	// Settings lists the session's configuration parameters, for pg_settings. It is called
	// only when a statement reads pg_settings: listing them costs more than the small
	// statements that never do.
	Settings func() []Setting
	// Path is the session's search path (catalog.ParseSearchPath).
	Path []string
	// TempSchema is the session's schema of temporary relations (Names.TempSchema).
	TempSchema string
	// ExprDef prints stored expressions for pg_constraint.conbin (Names.ExprDef).
	ExprDef        func(t *catalog.TableDef, expr string, pretty bool) (string, bool)
	DomainCheckDef func(base types.T, expr string, pretty bool) (string, bool)
	// SequenceState reads a sequence's counter, for pg_sequences (nil: no counters).
	SequenceState func(d *catalog.TableDef) (last int64, called bool, err error)
	// Activity lists the server's client connections, for pg_stat_activity (nil: none).
	Activity func() []catalog.Activity
	// Tables holds the tables' activity counters and RowCounts their live and dead rows,
	// for pg_stat_user_tables and its relatives (nil: zero).
	Tables    *catalog.TableActivity
	RowCounts func(oid types.OID) (live, dead int64)
	// ViewDef prints a view's definition as pg_get_viewdef(oid) does, for pg_views and
	// pg_matviews (nil: the stored query text).
	ViewDef func(d *catalog.TableDef) string
	// Events returns the events a relation accepts (pg_relation_is_updatable's bits: 4
	// UPDATE, 8 INSERT, 16 DELETE), limited to columns cols (nil: any), for
	// information_schema; nil counts views as not updatable.
	Events func(d *catalog.TableDef, cols []int) int
	// Locks lists the locks sessions hold or wait for, for pg_locks (nil: none).
	Locks func() []catalog.LockInfo
	// Cursors lists the session's open cursors, for pg_cursors (nil: none).
	Cursors func() []Cursor
	// Databases lists the cluster's databases, for pg_database (nil: only Database, with
	// PostgreSQL's two templates); DatabaseOID is the session's (0: postgres's, 5).
	Databases   func() []catalog.DatabaseDef
	DatabaseOID types.OID
}

// Cursor is one open cursor of the session: a row of pg_cursors.
type Cursor struct {
	Name, Statement              string
	Holdable, Binary, Scrollable bool
	Created                      time.Time
}

// generators produce the rows of the relations that have any; the others are empty.
var generators = map[string]func(s *Source, w *rowWriter){
	"pg_catalog.pg_namespace":                    (*Source).namespaces,
	"pg_catalog.pg_class":                        (*Source).classes,
	"pg_catalog.pg_attribute":                    (*Source).attributes,
	"pg_catalog.pg_type":                         (*Source).typeRows,
	"pg_catalog.pg_enum":                         (*Source).enums,
	"pg_catalog.pg_proc":                         (*Source).procs,
	"pg_catalog.pg_operator":                     (*Source).operators,
	"pg_catalog.pg_description":                  (*Source).descriptions,
	"pg_catalog.pg_database":                     (*Source).databases,
	"pg_catalog.pg_authid":                       (*Source).authid,
	"pg_catalog.pg_roles":                        (*Source).roleRows,
	"pg_catalog.pg_user":                         (*Source).users,
	"pg_catalog.pg_am":                           (*Source).accessMethods,
	"pg_catalog.pg_tablespace":                   (*Source).tablespaces,
	"pg_catalog.pg_collation":                    (*Source).collations,
	"pg_catalog.pg_language":                     (*Source).languages,
	"pg_catalog.pg_settings":                     (*Source).settings,
	"pg_catalog.pg_tables":                       (*Source).tables,
	"pg_catalog.pg_sequences":                    (*Source).sequenceView,
	"pg_catalog.pg_stat_user_tables":             (*Source).statUserTables,
	"pg_catalog.pg_statio_user_tables":           (*Source).statioUserTables,
	"pg_catalog.pg_stat_all_tables":              (*Source).statAllTables,
	"pg_catalog.pg_statio_all_tables":            (*Source).statioAllTables,
	"pg_catalog.pg_stat_activity":                (*Source).statActivity,
	"pg_catalog.pg_locks":                        (*Source).lockRows,
	"pg_catalog.pg_cursors":                      (*Source).cursorRows,
	"pg_catalog.pg_extension":                    (*Source).extensions,
	"pg_catalog.pg_available_extensions":         (*Source).availableExtensions,
	"pg_catalog.pg_depend":                       (*Source).depends,
	"pg_catalog.pg_foreign_data_wrapper":         (*Source).foreignWrappers,
	"pg_catalog.pg_foreign_server":               (*Source).foreignServers,
	"pg_catalog.pg_foreign_table":                (*Source).foreignTables,
	"information_schema.foreign_tables":          (*Source).isForeignTables,
	"information_schema.schemata":                (*Source).isSchemata,
	"information_schema.tables":                  (*Source).isTables,
	"information_schema.columns":                 (*Source).isColumns,
	"information_schema.domains":                 (*Source).isDomains,
	"information_schema.domain_constraints":      (*Source).isDomainConstraints,
	"information_schema.table_constraints":       (*Source).isTableConstraints,
	"information_schema.key_column_usage":        (*Source).isKeyColumnUsage,
	"information_schema.referential_constraints": (*Source).isReferentialConstraints,
	"information_schema.sequences":               (*Source).isSequences,
	"information_schema.table_privileges":        (*Source).isTablePrivileges,
	"information_schema.role_table_grants":       (*Source).isRoleTableGrants,
	"information_schema.column_privileges":       (*Source).isColumnPrivileges,
	"information_schema.role_column_grants":      (*Source).isRoleColumnGrants,
	"pg_catalog.pg_views":                        (*Source).views,
	"pg_catalog.pg_matviews":                     (*Source).matviews,
	"information_schema.views":                   (*Source).isViews,
	"pg_catalog.pg_auth_members":                 (*Source).authMembers,
	"pg_catalog.pg_index":                        (*Source).indexRows,
	"pg_catalog.pg_indexes":                      (*Source).pgIndexes,
	"pg_catalog.pg_constraint":                   (*Source).constraints,
	"pg_catalog.pg_inherits":                     nil,
	"pg_catalog.pg_user_mappings":                nil,
	"pg_catalog.pg_attrdef":                      (*Source).attrDefaults,
	"pg_catalog.pg_policy":                       nil,
	"pg_catalog.pg_statistic_ext":                nil,
	"pg_catalog.pg_trigger":                      nil,
	"pg_catalog.pg_rewrite":                      (*Source).rewrites,
	"pg_catalog.pg_shdescription":                (*Source).shdescriptions,
	"pg_catalog.pg_db_role_setting":              (*Source).dbRoleSettings,
	"pg_catalog.pg_publication":                  nil,
	"pg_catalog.pg_publication_rel":              nil,
	"pg_catalog.pg_init_privs":                   (*Source).initPrivs,
	"pg_catalog.pg_transform":                    nil,
	"pg_catalog.pg_opfamily":                     nil,
	"pg_catalog.pg_ts_parser":                    nil,
	"pg_catalog.pg_ts_dict":                      nil,
	"pg_catalog.pg_ts_template":                  nil,
	"pg_catalog.pg_ts_config":                    nil,
	"pg_catalog.pg_largeobject_metadata":         nil,
	"pg_catalog.pg_seclabel":                     nil,
	"pg_catalog.pg_shseclabel":                   nil,
	"pg_catalog.pg_amop":                         nil,
	"pg_catalog.pg_amproc":                       nil,
	"pg_catalog.pg_seclabels":                    nil,
	"pg_catalog.pg_subscription":                 nil,
	"pg_catalog.pg_sequence":                     (*Source).sequences,
}

// Rows generates the rows of the system relation def (one of Relations()) as one record
// with def's Arrow schema. The caller releases it.
func (s *Source) Rows(def *catalog.TableDef, mem memory.Allocator) (arrow.Record, error) {
	if ByOID(def.OID) != def {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" is not a system relation", def.Name)
	}
	if mem == nil {
		mem = memory.DefaultAllocator
	}
	w := newRowWriter(mem, def)
	defer w.b.Release()
	if gen := generators[def.QualifiedName()]; gen != nil {
		if err := w.run(func() { gen(s, w) }); err != nil {
			return nil, err
		}
	}
	return w.b.NewRecord(), nil
}

// rowWriter appends rows to a relation's columns in order: each call fills the next column
// with a typed append (no boxing), and end checks that the row is complete.
type rowWriter struct {
	b    *array.RecordBuilder
	def  *catalog.TableDef
	col  int
	rows int
}

func newRowWriter(mem memory.Allocator, def *catalog.TableDef) *rowWriter {
	return &rowWriter{b: array.NewRecordBuilder(mem, def.ArrowSchema()), def: def}
}

// run turns a mismatch between a generator and its relation's columns (a programming
// error, caught by the package's tests) into an internal error rather than a crash.
func (w *rowWriter) run(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = pgerror.Newf(pgcode.InternalError, "generating %s: %v", w.def.QualifiedName(), r)
		}
	}()
	f()
	return nil
}

func (w *rowWriter) field() array.Builder {
	f := w.b.Field(w.col)
	w.col++
	return f
}

func (w *rowWriter) oid(v types.OID) *rowWriter {
	w.field().(*array.Uint32Builder).Append(uint32(v))
	return w
}

func (w *rowWriter) str(v string) *rowWriter {
	w.field().(*array.StringBuilder).Append(v)
	return w
}

// optStr appends a text value, or NULL for an empty one.
func (w *rowWriter) optStr(v string) *rowWriter {
	if v == "" {
		return w.null()
	}
	return w.str(v)
}

// char appends a "char" value; 0 is the empty "char" PostgreSQL prints as nothing.
func (w *rowWriter) char(v byte) *rowWriter {
	if v == 0 {
		w.field().(*array.StringBuilder).Append("")
		return w
	}
	w.field().(*array.StringBuilder).Append(string(rune(v)))
	return w
}

func (w *rowWriter) boolean(v bool) *rowWriter {
	w.field().(*array.BooleanBuilder).Append(v)
	return w
}

func (w *rowWriter) i16(v int16) *rowWriter {
	w.field().(*array.Int16Builder).Append(v)
	return w
}

func (w *rowWriter) i32(v int32) *rowWriter {
	w.field().(*array.Int32Builder).Append(v)
	return w
}

func (w *rowWriter) i64(v int64) *rowWriter {
	w.field().(*array.Int64Builder).Append(v)
	return w
}

func (w *rowWriter) f32(v float32) *rowWriter {
	w.field().(*array.Float32Builder).Append(v)
	return w
}

func (w *rowWriter) null() *rowWriter {
	w.field().AppendNull()
	return w
}

// timestamptz appends a timestamptz value; the zero time is NULL.
func (w *rowWriter) timestamptz(t time.Time) *rowWriter {
	if t.IsZero() {
		return w.null()
	}
	w.field().(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
	return w
}

// nulls appends NULL to the next n columns.
func (w *rowWriter) nulls(n int) *rowWriter {
	for i := 0; i < n; i++ {
		w.null()
	}
	return w
}

// strOrNull appends v, or NULL when v is empty.
func (w *rowWriter) strOrNull(v string) *rowWriter {
	if v == "" {
		return w.null()
	}
	return w.str(v)
}

// strArray appends a one-dimensional array of strings (text[], name[], aclitem[]), or NULL
// when items is nil.
func (w *rowWriter) strArray(items []string) *rowWriter {
	if items == nil {
		return w.null()
	}
	ab := types.ArrayBuilderOf(w.field())
	ab.Begin()
	eb := ab.Elems().(*array.StringBuilder)
	for _, it := range items {
		eb.Append(it)
	}
	ab.End(types.Vector(len(items)))
	return w
}

// oidVector appends an oidvector: a one-dimensional array of OIDs counted from 0.
func (w *rowWriter) oidVector(oids []types.OID) *rowWriter {
	ab := types.ArrayBuilderOf(w.field())
	ab.Begin()
	eb := ab.Elems().(*array.Uint32Builder)
	for _, o := range oids {
		eb.Append(uint32(o))
	}
	s := types.Vector(len(oids))
	if len(oids) > 0 {
		s.LBounds[0] = 0
	}
	ab.End(s)
	return w
}

// oidArray appends an oid[]: a one-dimensional array of OIDs counted from 1.
func (w *rowWriter) oidArray(oids []types.OID) *rowWriter {
	ab := types.ArrayBuilderOf(w.field())
	ab.Begin()
	eb := ab.Elems().(*array.Uint32Builder)
	for _, o := range oids {
		eb.Append(uint32(o))
	}
	ab.End(types.Vector(len(oids)))
	return w
}

// i32OrNull appends v, or NULL when ok is false.
func (w *rowWriter) i32OrNull(v int32, ok bool) *rowWriter {
	if !ok {
		return w.null()
	}
	return w.i32(v)
}

// end completes a row.
func (w *rowWriter) end() {
	if w.col != len(w.def.Columns) {
		panic(fmt.Sprintf("row %d has %d of %d columns", w.rows, w.col, len(w.def.Columns)))
	}
	w.col = 0
	w.rows++
}
