package storage

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func enumDef(name string, labels ...string) catalog.TypeDef {
	d := catalog.TypeDef{Name: name, Kind: types.KindEnum}
	for i, l := range labels {
		d.Labels = append(d.Labels, types.EnumLabel{Label: l, SortOrder: float32(i + 1)})
	}
	return d
}

func mustCreateType(t testing.TB, tx *Txn, def catalog.TypeDef) *catalog.TypeDef {
	t.Helper()
	d, err := tx.CreateType(def)
	if err != nil {
		t.Fatalf("CreateType %s: %v", def.Name, err)
	}
	return d
}

func labelsOf(d *catalog.TypeDef) []string {
	var out []string
	for _, l := range d.Labels {
		out = append(out, l.Label)
	}
	return out
}

// TestTypesPersist checks that types, their OIDs and an enum column's values survive a
// restart, with the column read back as the same labels.
func TestTypesPersist(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	mood := mustCreateType(t, tx, enumDef("mood", "sad", "ok", "happy"))
	if mood.ArrayOID+1 != mood.OID || mood.Labels[0].OID != mood.OID+1 || mood.Labels[2].OID != mood.OID+3 {
		t.Fatalf("OIDs as PostgreSQL assigns them (array, type, labels): %+v", mood)
	}
	tbl := mustCreate(t, tx, catalog.TableDef{Name: "t", Columns: []catalog.Column{{Name: "m", Type: types.Of(mood.OID)}}})
	b := array.NewUint32Builder(memory.DefaultAllocator)
	b.AppendValues([]uint32{uint32(mood.Labels[2].OID), 0, uint32(mood.Labels[0].OID)}, []bool{true, false, true})
	col := b.NewArray()
	mustInsert(t, tx, tbl.OID, array.NewRecord(tbl.ArrowSchema(), []arrow.Array{col}, 3))
	col.Release()
	mustCommit(t, tx)
	// Adding a value commits it: the value is usable afterwards.
	tx = s.Begin()
	alt := *tx.Catalog().TypeByOID(mood.OID)
	alt.Labels = append(alt.Labels, types.EnumLabel{Label: "ecstatic", SortOrder: 4})
	if _, err := tx.AlterType(alt); err != nil {
		t.Fatal(err)
	}
	if l, _ := tx.Catalog().TypeByOID(mood.OID).Label("ecstatic"); !l.Uncommitted || l.OID == 0 {
		t.Fatalf("an added value is marked until commit and has an OID: %+v", l)
	}
	mustCommit(t, tx)
	s.Close()

	// An independent reader of the segment file sees the column as the labels' OIDs, with
	// the type's OID in the field's metadata (the manifest maps it to the labels).
	files, _ := filepath.Glob(filepath.Join(dir, "tables", fmt.Sprint(tbl.OID), "*.parquet"))
	if len(files) != 1 {
		t.Fatalf("segment files %v", files)
	}
	rdr, err := file.OpenParquetFile(files[0], false)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fr.Schema()
	rdr.Close()
	if err != nil {
		t.Fatal(err)
	}
	if f := sc.Field(0); f.Type.ID() != arrow.UINT32 || f.Metadata.FindKey(catalog.TypeOIDKey) < 0 ||
		f.Metadata.Values()[f.Metadata.FindKey(catalog.TypeOIDKey)] != fmt.Sprint(mood.OID) {
		t.Fatalf("stored field %v", f)
	}

	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	got := tx.Catalog().Type(catalog.DefaultSchema, "mood")
	if got == nil || got.OID != mood.OID || got.ArrayOID != mood.ArrayOID || len(got.Labels) != 4 {
		t.Fatalf("type after restart: %+v", got)
	}
	if l, i := got.Label("ecstatic"); i != 3 || l.Uncommitted {
		t.Fatalf("added value after restart: %+v at %d", l, i)
	}
	if s.nextOID.Load() <= uint32(got.Labels[3].OID) {
		t.Fatal("the OID counter must stay above every label")
	}
	recs, err := tx.Batches(tbl.OID)
	if err != nil {
		t.Fatal(err)
	}
	io := &types.IOSettings{Types: tx.Catalog()}
	app := types.TextAppender(types.Of(mood.OID), recs[0].Column(0), io)
	if v := recs[0].Column(0); v.Len() != 3 || string(app(nil, 0)) != "happy" || !v.IsNull(1) || string(app(nil, 2)) != "sad" {
		t.Fatalf("column after restart: %v", v)
	}
}

// TestTypeDDLTransactional checks that type DDL rolls back, and that names are shared with
// relations (pg_type's row types).
func TestTypeDDLTransactional(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	mustCreateType(t, tx, enumDef("gone", "a"))
	tx.Rollback()
	if s.Begin().Catalog().Type(catalog.DefaultSchema, "gone") != nil {
		t.Fatal("a rolled back CREATE TYPE must leave nothing")
	}

	tx = s.Begin()
	mustCreate(t, tx, intTable("t"))
	if _, err := tx.CreateType(enumDef("t", "a")); pgerror.GetCode(err) != pgcode.DuplicateObject {
		t.Fatalf("a type named like a table: %v", err)
	}
	mustCreateType(t, tx, enumDef("e", "a"))
	if _, err := tx.CreateTable(intTable("e")); pgerror.GetCode(err) != pgcode.DuplicateObject {
		t.Fatalf("a table named like a type: %v", err)
	}
	mustCommit(t, tx)

	tx = s.Begin()
	e := tx.Catalog().Type(catalog.DefaultSchema, "e")
	if err := tx.DropType(e.OID); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	tx = s.Begin()
	if tx.Catalog().Type(catalog.DefaultSchema, "e") == nil {
		t.Fatal("a rolled back DROP TYPE must keep the type")
	}
	if err := tx.DropType(e.OID); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	if s.Begin().Catalog().TypeByOID(e.OID) != nil {
		t.Fatal("DROP TYPE")
	}
}

// TestTypeConflicts checks first-committer-wins between concurrent type DDL, and that a
// table cannot keep a column of a type a concurrent transaction dropped.
func TestTypeConflicts(t *testing.T) {
	s := openStore(t, t.TempDir())
	tx := s.Begin()
	e := mustCreateType(t, tx, enumDef("e", "a"))
	mustCommit(t, tx)

	// Two transactions alter the same type: the second to commit fails.
	a, b := s.Begin(), s.Begin()
	for i, tx := range []*Txn{a, b} {
		d := *tx.Catalog().TypeByOID(e.OID)
		d.Labels = append(d.Labels, types.EnumLabel{Label: string(rune('b' + i)), SortOrder: 2})
		if _, err := tx.AlterType(d); err != nil {
			t.Fatal(err)
		}
	}
	mustCommit(t, a)
	if err := b.Commit(); pgerror.GetCode(err) != pgcode.TRSerializationFailure {
		t.Fatalf("concurrent ALTER TYPE: %v", err)
	}
	if got := labelsOf(s.Begin().Catalog().TypeByOID(e.OID)); len(got) != 2 || got[1] != "b" {
		t.Fatalf("labels %v", got)
	}

	// Two transactions create a type of one name.
	a, b = s.Begin(), s.Begin()
	mustCreateType(t, a, enumDef("same", "x"))
	mustCreateType(t, b, enumDef("same", "y"))
	mustCommit(t, a)
	if err := b.Commit(); pgerror.GetCode(err) != pgcode.DuplicateObject {
		t.Fatalf("concurrent CREATE TYPE of one name: %v", err)
	}

	// A table created with a column of a type concurrently dropped.
	a, b = s.Begin(), s.Begin()
	mustCreate(t, a, catalog.TableDef{Name: "uses", Columns: []catalog.Column{{Name: "c", Type: types.Of(e.OID)}}})
	if err := b.DropType(e.OID); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, b)
	if err := a.Commit(); pgerror.GetCode(err) != pgcode.TRSerializationFailure {
		t.Fatalf("table over a concurrently dropped type: %v", err)
	}
}

// TestDomainPersists checks that a domain's definition (base type and modifier, NOT NULL,
// default, CHECK constraints with their OIDs) survives a restart, and that constraints
// added by ALTER get fresh OIDs.
func TestDomainPersists(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	d := mustCreateType(t, tx, catalog.TypeDef{Name: "code", Kind: types.KindDomain, Domain: &catalog.DomainDef{
		Base: types.T{OID: types.Varchar, Typmod: 9}, NotNull: true, Default: "'abc'",
		Checks: []catalog.DomainCheck{{Name: "code_check", Expr: "value <> ''"}}}})
	if d.Domain.Checks[0].OID <= d.OID {
		t.Fatalf("check OID %d", d.Domain.Checks[0].OID)
	}
	if got := types.ByOID(d.OID); got == nil || got.Kind != types.KindDomain || !arrow.TypeEqual(types.Of(d.OID).Arrow(), arrow.BinaryTypes.String) {
		t.Fatalf("registered structure %+v", got)
	}
	mustCommit(t, tx)
	tx = s.Begin()
	alt := *tx.Catalog().TypeByOID(d.OID)
	dom := *alt.Domain
	dom.Checks = append(dom.Checks, catalog.DomainCheck{Name: "short", Expr: "length(value) < 4", NotValid: true})
	alt.Domain = &dom
	if _, err := tx.AlterType(alt); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()

	s = openStore(t, dir)
	tx = s.Begin()
	defer tx.Rollback()
	got := tx.Catalog().TypeByOID(d.OID)
	if got == nil || got.Domain == nil || got.Domain.Base != d.Domain.Base || !got.Domain.NotNull || got.Domain.Default != "'abc'" {
		t.Fatalf("domain after restart: %+v", got)
	}
	cs := got.Domain.Checks
	if len(cs) != 2 || cs[0] != d.Domain.Checks[0] || cs[1].Name != "short" || !cs[1].NotValid || cs[1].OID <= cs[0].OID {
		t.Fatalf("checks after restart: %+v", cs)
	}
}

// TestTypeCrashRecovery checks that type DDL is atomic across a crash: a data directory
// copied at each point of a commit that adds an enum value and creates a table of the
// type holds either the whole commit or none of it.
func TestTypeCrashRecovery(t *testing.T) {
	for _, c := range []struct {
		point     string
		committed bool
	}{{"before-manifest-rename", false}, {"after-manifest-rename", true}} {
		t.Run(c.point, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir)
			tx := s.Begin()
			e := mustCreateType(t, tx, enumDef("e", "a", "b"))
			mustCommit(t, tx)

			crashDir := t.TempDir()
			s.hook = func(p string) error {
				if p == c.point {
					if err := copyDir(dir, crashDir); err != nil {
						t.Fatal(err)
					}
				}
				return nil
			}
			tx = s.Begin()
			alt := *tx.Catalog().TypeByOID(e.OID)
			alt.Labels = append(alt.Labels, types.EnumLabel{Label: "c", SortOrder: 3})
			if _, err := tx.AlterType(alt); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, tx, catalog.TableDef{Name: "uses", Columns: []catalog.Column{{Name: "v", Type: types.Of(e.OID)}}})
			mustCommit(t, tx)

			r := openStore(t, crashDir)
			got := r.Begin().Catalog()
			labels := labelsOf(got.TypeByOID(e.OID))
			hasTable := got.Table(catalog.DefaultSchema, "uses") != nil
			if (len(labels) == 3) != c.committed || hasTable != c.committed {
				t.Fatalf("after recovery: labels %v, table %v; want the commit applied %v", labels, hasTable, c.committed)
			}
		})
	}
}
