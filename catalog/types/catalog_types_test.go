package types

import (
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fakeNames knows one relation, t with OID 16384.
type fakeNames struct{}

func (fakeNames) ObjectName(t, oid OID) (string, bool) {
	if t == Regclass && oid == 16384 {
		return "t", true
	}
	return "", false
}

func (fakeNames) ObjectOID(t OID, name string) (OID, error) {
	if t == Regclass && name == "t" {
		return 16384, nil
	}
	return 0, pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", name)
}

// TestRegTextIO checks that reg* values print names through IOSettings.Names (numbers
// for unknown OIDs, "-" for 0) and read names and numbers back.
func TestRegTextIO(t *testing.T) {
	s := &IOSettings{Names: fakeNames{}}
	b := array.NewUint32Builder(memory.DefaultAllocator)
	b.AppendValues([]uint32{16384, 99999, 0}, nil)
	arr := b.NewArray()
	defer arr.Release()
	app := TextAppender(Of(Regclass), arr, s)
	for i, want := range []string{"t", "99999", "-"} {
		if got := string(app(nil, i)); got != want {
			t.Errorf("row %d: %q, want %q", i, got, want)
		}
	}
	parse := TextParserFor(Of(Regclass), s)
	in := array.NewUint32Builder(memory.DefaultAllocator)
	defer in.Release()
	for _, text := range []string{"t", "1259", "-"} {
		if err := parse(in, []byte(text)); err != nil {
			t.Fatalf("%s: %v", text, err)
		}
	}
	got := in.NewUint32Array()
	defer got.Release()
	if !reflect.DeepEqual(got.Uint32Values(), []uint32{16384, 1259, 0}) {
		t.Errorf("parsed %v", got.Uint32Values())
	}
	if err := parse(in, []byte("nosuch")); pgerror.GetCode(err) != pgcode.UndefinedTable {
		t.Errorf("unknown relation: %v", err)
	}
}

// TestCatalogCasts checks the casts among oid, its aliases, integers and "char".
func TestCatalogCasts(t *testing.T) {
	for _, tc := range []struct {
		from, to OID
		ctx      CoercionContext
		ok       bool
	}{
		{Oid, Regclass, Implicit, true}, {Regclass, Oid, Implicit, true}, {Int4, Regtype, Implicit, true},
		{Regclass, Int8, Assignment, true}, {Text, Regclass, Implicit, true}, {Char, Text, Implicit, true},
		{Text, Char, Assignment, true}, {Regclass, Text, Assignment, true}, {Regclass, Regtype, Implicit, false},
		{Int2Vector, Int2Array, Implicit, true},
	} {
		if got := CanCast(tc.from, tc.to, tc.ctx); got != tc.ok {
			t.Errorf("CanCast(%d, %d, %v) = %v", tc.from, tc.to, tc.ctx, got)
		}
	}
	b := array.NewUint32Builder(memory.DefaultAllocator)
	b.AppendValues([]uint32{16384}, nil)
	arr := b.NewArray()
	defer arr.Release()
	txt, err := CastArray(arr, Of(Regclass), TText, &IOSettings{Names: fakeNames{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer txt.Release()
	if v := txt.(*array.String).Value(0); v != "t" {
		t.Errorf("regclass::text = %q", v)
	}
	same, err := CastArray(arr, Of(Regclass), TOid, nil, nil)
	if err != nil || same.(*array.Uint32).Value(0) != 16384 {
		t.Errorf("regclass::oid: %v", err)
	}
	same.Release()
	tb := array.NewStringBuilder(memory.DefaultAllocator)
	tb.Append("rv")
	txtIn := tb.NewArray()
	defer txtIn.Release()
	c, err := CastArray(txtIn, TText, Of(Char), nil, nil)
	if err != nil || c.(*array.String).Value(0) != "r" {
		t.Errorf(`"char" keeps one byte: %v`, err)
	} else {
		c.Release()
	}
}
