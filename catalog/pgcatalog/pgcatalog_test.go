package pgcatalog_test

import (
	"strconv"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/udf"
)

func testSource(t *testing.T) *pgcatalog.Source {
	t.Helper()
	reg := catalog.NewRegistry()
	udf.Register(reg)
	cat := catalog.New()
	cat, _ = cat.WithTable(catalog.TableDef{Name: "t", Columns: []catalog.Column{
		{Name: "a", Type: types.TInt4, NotNull: true},
		{Name: "b", Type: types.T{OID: types.Varchar, Typmod: 14}, Default: "'x'"},
		{Name: "c", Type: types.T{OID: types.Numeric, Typmod: types.MakeNumericTypmod(10, 2)}},
	}})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "pg_class", Columns: []catalog.Column{{Name: "x", Type: types.TText}}})
	return &pgcatalog.Source{Catalog: cat, Registry: reg, User: "alice", Database: "db",
		Settings: func() []pgcatalog.Setting { return []pgcatalog.Setting{{Name: "timezone", Value: "UTC"}} }}
}

// rowsOf generates a relation and returns its record.
func rowsOf(t *testing.T, src *pgcatalog.Source, mem memory.Allocator, schema, name string) arrow.Record {
	t.Helper()
	def := pgcatalog.Lookup(schema, name)
	if def == nil {
		t.Fatalf("%s.%s is not a system relation", schema, name)
	}
	rec, err := src.Rows(def, mem)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rec
}

func column(rec arrow.Record, name string) arrow.Array {
	for i, f := range rec.Schema().Fields() {
		if f.Name == name {
			return rec.Column(i)
		}
	}
	return nil
}

// TestEveryRelationGenerates generates each system relation and checks it has the
// relation's declared shape, with every column's type known to the type table.
func TestEveryRelationGenerates(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src := testSource(t)
	for _, def := range pgcatalog.Relations() {
		if !def.Virtual || def.OID == 0 {
			t.Errorf("%s: not a virtual relation with an OID", def.Name)
		}
		for _, c := range def.Columns {
			if types.ByOID(c.Type.OID) == nil {
				t.Errorf("%s.%s: type %d unknown", def.Name, c.Name, c.Type.OID)
			}
		}
		rec, err := src.Rows(def, mem)
		if err != nil {
			t.Errorf("%s: %v", def.Name, err)
			continue
		}
		if !rec.Schema().Equal(def.ArrowSchema()) {
			t.Errorf("%s: schema %v", def.Name, rec.Schema())
		}
		rec.Release()
	}
	for _, oid := range []types.OID{1259, 2615, 1249, 1247, 1255, 2617, 1262} {
		if pgcatalog.ByOID(oid) == nil {
			t.Errorf("no relation with OID %d", oid)
		}
	}
}

// TestProcMatchesRegistry checks that pg_proc lists every registry function under its OID,
// name, argument types and flags, and pg_operator every operator.
func TestProcMatchesRegistry(t *testing.T) {
	src := testSource(t)
	rec := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_proc")
	defer rec.Release()
	oids := column(rec, "oid").(*array.Uint32)
	names := column(rec, "proname").(*array.String)
	argtypesCol := column(rec, "proargtypes")
	argtypes := types.TextAppender(types.Of(types.OidVector), argtypesCol, nil)
	strict := column(rec, "proisstrict").(*array.Boolean)
	kind := column(rec, "prokind").(*array.String)
	byOID := map[types.OID]int{}
	for i := 0; i < int(rec.NumRows()); i++ {
		if _, dup := byOID[types.OID(oids.Value(i))]; dup {
			t.Errorf("OID %d twice in pg_proc", oids.Value(i))
		}
		byOID[types.OID(oids.Value(i))] = i
	}
	all := src.Registry.All()
	if len(all) != len(byOID) {
		t.Errorf("pg_proc has %d rows, the registry %d functions", len(byOID), len(all))
	}
	for _, f := range all {
		i, ok := byOID[f.OID]
		if !ok {
			t.Errorf("%s (%d) missing from pg_proc", f.Name, f.OID)
			continue
		}
		if names.Value(i) != f.Name || strict.Value(i) != f.Strict || kind.Value(i) != string(rune(f.Kind)) {
			t.Errorf("pg_proc row of %d: %s strict=%v kind=%s", f.OID, names.Value(i), strict.Value(i), kind.Value(i))
		}
		if got := string(argtypes(nil, i)); !f.Variadic && got != oidList(f.Args) {
			t.Errorf("%s: proargtypes %q, want %q", f.Name, got, oidList(f.Args))
		}
	}
	ops := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_operator")
	defer ops.Release()
	if int(ops.NumRows()) != len(src.Registry.AllOperators()) {
		t.Errorf("pg_operator has %d rows, the registry %d operators", ops.NumRows(), len(src.Registry.AllOperators()))
	}
	code := column(ops, "oprcode").(*array.Uint32)
	for i := 0; i < code.Len(); i++ {
		if _, ok := byOID[types.OID(code.Value(i))]; !ok {
			t.Errorf("operator row %d implemented by %d, not in pg_proc", i, code.Value(i))
		}
	}
}

func oidList(oids []types.OID) string {
	s := ""
	for i, o := range oids {
		if i > 0 {
			s += " "
		}
		s += strconv.Itoa(int(o))
	}
	return s
}

// TestClassAndAttributes checks that user tables appear in pg_class and pg_attribute with
// their columns, types and modifiers, beside the system relations.
func TestClassAndAttributes(t *testing.T) {
	src := testSource(t)
	user := src.Catalog.Table(catalog.DefaultSchema, "t")
	cls := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_class")
	defer cls.Release()
	oids := column(cls, "oid").(*array.Uint32)
	relnames := column(cls, "relname").(*array.String)
	kinds := column(cls, "relkind").(*array.String)
	found := map[string]string{}
	for i := 0; i < oids.Len(); i++ {
		found[relnames.Value(i)+"/"+strconv.Itoa(int(oids.Value(i)))] = kinds.Value(i)
	}
	for key, kind := range map[string]string{"t/" + strconv.Itoa(int(user.OID)): "r", "pg_class/1259": "r", "pg_roles/12000": "v", "tables/13425": "v"} {
		if found[key] != kind {
			t.Errorf("pg_class %s: relkind %q, want %q", key, found[key], kind)
		}
	}
	att := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_attribute")
	defer att.Release()
	rel := column(att, "attrelid").(*array.Uint32)
	name := column(att, "attname").(*array.String)
	typ := column(att, "atttypid").(*array.Uint32)
	mod := column(att, "atttypmod").(*array.Int32)
	num := column(att, "attnum").(*array.Int16)
	notnull := column(att, "attnotnull").(*array.Boolean)
	var got []string
	for i := 0; i < rel.Len(); i++ {
		if types.OID(rel.Value(i)) == user.OID {
			got = append(got, name.Value(i)+" "+pgcatalog.FormatType(types.OID(typ.Value(i)), mod.Value(i), true)+" "+
				strconv.Itoa(int(num.Value(i)))+" "+map[bool]string{true: "not null", false: "null"}[notnull.Value(i)])
		}
	}
	want := []string{"a integer 1 not null", "b character varying(10) 2 null", "c numeric(10,2) 3 null"}
	if len(got) != len(want) {
		t.Fatalf("attributes %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("attribute %d: %q, want %q", i, got[i], want[i])
		}
	}
}

// TestNames checks the reg* lookups both ways and visibility: pg_catalog comes first on
// the search path, so a user table named pg_class is not visible by its bare name.
func TestNames(t *testing.T) {
	src := testSource(t)
	n := &pgcatalog.Names{Catalog: src.Catalog, Registry: src.Registry, User: "alice"}
	user := src.Catalog.Table(catalog.DefaultSchema, "t")
	shadowed := src.Catalog.Table(catalog.DefaultSchema, "pg_class")
	tests := []struct {
		typ  types.OID
		oid  types.OID
		name string
	}{
		{types.Regclass, user.OID, "t"},
		{types.Regclass, 1259, "pg_class"},
		{types.Regclass, shadowed.OID, "public.pg_class"},
		{types.Regtype, types.Int4, "integer"},
		{types.Regtype, types.TextArray, "text[]"},
		{types.Regproc, 1397, "abs"},
		{types.Regprocedure, 1397, "abs(integer)"},
		{types.Regnamespace, pgcatalog.PublicNamespace, "public"},
		{types.Regrole, pgcatalog.BootstrapSuperuser, "postgres"},
	}
	for _, tc := range tests {
		got, ok := n.ObjectName(tc.typ, tc.oid)
		if !ok || got != tc.name {
			t.Errorf("ObjectName(%d, %d) = %q, %v; want %q", tc.typ, tc.oid, got, ok, tc.name)
		}
		if tc.typ == types.Regproc {
			continue // abs is overloaded: only regprocedure reads it back
		}
		back, err := n.ObjectOID(tc.typ, tc.name)
		if err != nil || back != tc.oid {
			t.Errorf("ObjectOID(%d, %q) = %d, %v; want %d", tc.typ, tc.name, back, err, tc.oid)
		}
	}
	if n.TableVisible(shadowed.OID) || !n.TableVisible(user.OID) || !n.TableVisible(1259) {
		t.Error("visibility")
	}
	for _, tc := range []struct {
		typ  types.OID
		name string
		msg  string
	}{
		{types.Regclass, "nosuch", `relation "nosuch" does not exist`},
		{types.Regclass, "a.b.c.d", "improper relation name (too many dotted names): a.b.c.d"},
		{types.Regtype, "nosuch", `type "nosuch" does not exist`},
		{types.Regproc, "abs", `more than one function named "abs"`},
	} {
		if _, err := n.ObjectOID(tc.typ, tc.name); err == nil || err.Error() != tc.msg {
			t.Errorf("ObjectOID(%d, %q): %v, want %s", tc.typ, tc.name, err, tc.msg)
		}
	}
	if got := n.UserByID(12345); got != "unknown (OID=12345)" {
		t.Errorf("UserByID: %q", got)
	}
	if got, _ := n.RoleName(16383); got != "alice" {
		t.Errorf("session role %q", got)
	}
}

// TestFormatType follows format_type's output for modifiers and NULL modifiers.
func TestFormatType(t *testing.T) {
	for _, tc := range []struct {
		oid    types.OID
		typmod int32
		known  bool
		want   string
	}{
		{types.Bpchar, -1, true, "bpchar"},
		{types.Bpchar, -1, false, "character"},
		{types.Bpchar, 5, true, "character(1)"},
		{types.Varchar, 14, true, "character varying(10)"},
		{types.Numeric, types.MakeNumericTypmod(10, 2), true, "numeric(10,2)"},
		{types.Timestamp, 3, true, "timestamp(3) without time zone"},
		{types.Int4Array, -1, true, "integer[]"},
		{types.Char, -1, true, `"char"`},
		{9999, -1, true, "???"},
		{types.Any, -1, true, `"any"`},
	} {
		if got := pgcatalog.FormatType(tc.oid, tc.typmod, tc.known); got != tc.want {
			t.Errorf("FormatType(%d, %d, %v) = %q, want %q", tc.oid, tc.typmod, tc.known, got, tc.want)
		}
	}
}

// TestAttrDefaults checks that a column's DEFAULT shows in pg_attribute.atthasdef, in
// pg_attrdef (the text pg_get_expr returns) and in information_schema.columns.
func TestAttrDefaults(t *testing.T) {
	src := testSource(t)
	user := src.Catalog.Table(catalog.DefaultSchema, "t")
	att := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_attribute")
	defer att.Release()
	rel := column(att, "attrelid").(*array.Uint32)
	hasdef := column(att, "atthasdef").(*array.Boolean)
	num := column(att, "attnum").(*array.Int16)
	for i := 0; i < rel.Len(); i++ {
		if types.OID(rel.Value(i)) == user.OID && hasdef.Value(i) != (num.Value(i) == 2) {
			t.Errorf("attnum %d: atthasdef %v", num.Value(i), hasdef.Value(i))
		}
	}
	def := rowsOf(t, src, memory.DefaultAllocator, "pg_catalog", "pg_attrdef")
	defer def.Release()
	if def.NumRows() != 1 {
		t.Fatalf("pg_attrdef has %d rows, want 1", def.NumRows())
	}
	if r, n, b := column(def, "adrelid").(*array.Uint32).Value(0), column(def, "adnum").(*array.Int16).Value(0), column(def, "adbin").(*array.String).Value(0); types.OID(r) != user.OID || n != 2 || b != "'x'" {
		t.Errorf("pg_attrdef row (%d, %d, %q)", r, n, b)
	}
	cols := rowsOf(t, src, memory.DefaultAllocator, "information_schema", "columns")
	defer cols.Release()
	tn, cn := column(cols, "table_name").(*array.String), column(cols, "column_name").(*array.String)
	cd := column(cols, "column_default").(*array.String)
	for i := 0; i < tn.Len(); i++ {
		if tn.Value(i) != "t" {
			continue
		}
		want := cn.Value(i) == "b"
		if cd.IsValid(i) != want || want && cd.Value(i) != "'x'" {
			t.Errorf("column_default of %s: valid %v %q", cn.Value(i), cd.IsValid(i), cd.Value(i))
		}
	}
}
