package types

import (
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fakeEnums is a catalog holding enum types.
type fakeEnums map[OID]*Enum

func (f fakeEnums) Enum(oid OID) *Enum { return f[oid] }

// registerTestEnum registers an enum type whose values are given in sort order, with OIDs
// from first on in the order of oidOrder (a permutation of the labels' indexes), as ADD
// VALUE ... BEFORE leaves them.
func registerTestEnum(t *testing.T, name string, labels []string, oidOrder []int) (T, *Enum) {
	t.Helper()
	first := NextUserOID()
	typ := NewEnumType(first+1, first, name)
	if err := RegisterUserType(typ); err != nil {
		t.Fatal(err)
	}
	if err := RegisterUserType(NewArrayType(first, typ)); err != nil {
		t.Fatal(err)
	}
	ls := make([]EnumLabel, len(labels))
	for i, l := range labels {
		ls[i] = EnumLabel{OID: first + 2 + OID(oidOrder[i]), Label: l, SortOrder: float32(i)}
	}
	return Of(typ.OID), NewEnum(typ.OID, name, ls)
}

// TestEnumIndex checks ranks and lookups, for OIDs close together (the dense table) and far
// apart (the map).
func TestEnumIndex(t *testing.T) {
	_, e := registerTestEnum(t, "planets", []string{"mercury", "venus", "earth"}, []int{2, 0, 1})
	spread := NewEnum(e.Type, "spread", []EnumLabel{{OID: 20000, Label: "a"}, {OID: 10 * maxDenseRanks, Label: "b"}})
	if spread.rankMap == nil || e.rankMap != nil {
		t.Fatal("expected the map for spread OIDs and the table for close ones")
	}
	for _, c := range []struct {
		e    *Enum
		v    uint32
		rank int
		ok   bool
	}{
		{e, uint32(e.Labels[0].OID), 0, true}, {e, uint32(e.Labels[2].OID), 2, true}, {e, 1, 0, false},
		{e, uint32(e.Labels[0].OID) + 100, 0, false},
		{spread, 20000, 0, true}, {spread, 10 * maxDenseRanks, 1, true}, {spread, 20001, 0, false},
	} {
		if r, ok := c.e.Rank(c.v); r != c.rank || ok != c.ok {
			t.Errorf("%s: Rank(%d) = %d, %v", c.e.Name, c.v, r, ok)
		}
	}
	if l, ok := e.Label(uint32(e.Labels[1].OID)); !ok || l != "venus" {
		t.Errorf("Label: %q", l)
	}
	b := array.NewUint32Builder(memory.DefaultAllocator)
	b.AppendValues([]uint32{uint32(e.Labels[2].OID), 0, uint32(e.Labels[0].OID), 7}, []bool{true, false, true, true})
	in := b.NewUint32Array()
	defer in.Release()
	ranks := e.RankArray(in, memory.DefaultAllocator).(*array.Int32)
	defer ranks.Release()
	if ranks.NullN() != 1 || !ranks.IsNull(1) || ranks.Value(0) != 2 || ranks.Value(2) != 0 || ranks.Value(3) != 3 {
		t.Errorf("RankArray: %v", ranks)
	}
}

// TestEnumIO checks enum text and binary I/O: labels in and out, enum_in's errors.
func TestEnumIO(t *testing.T) {
	typ, e := registerTestEnum(t, "mood", []string{"sad", "ok", "happy"}, []int{0, 1, 2})
	added := append([]EnumLabel(nil), e.Labels...)
	added = append(added, EnumLabel{OID: e.Labels[2].OID + 1, Label: "new", SortOrder: 4, Uncommitted: true})
	e = NewEnum(e.Type, e.Name, added)
	s := &IOSettings{Types: fakeEnums{typ.OID: e}}
	if !IsEnum(typ.OID) || IsEnum(Int4) {
		t.Fatal("IsEnum")
	}
	for _, binary := range []bool{false, true} {
		parse := TextParserFor(typ, s)
		if binary {
			parse = BinaryParserFor(typ, s)
		}
		b := array.NewUint32Builder(memory.DefaultAllocator)
		for _, l := range []string{"happy", "sad"} {
			if err := parse(b, []byte(l)); err != nil {
				t.Fatal(err)
			}
		}
		err := parse(b, []byte("Happy"))
		if pe, ok := err.(*pgerror.Error); !ok || pe.Code != pgcode.InvalidTextRepresentation || pe.Message != `invalid input value for enum mood: "Happy"` {
			t.Errorf("unknown label: %v", err)
		}
		err = parse(b, []byte("new"))
		if pe, ok := err.(*pgerror.Error); !ok || pe.Code != pgcode.UnsafeNewEnumValueUsage || pe.Message != `unsafe use of new value "new" of enum type mood` {
			t.Errorf("uncommitted label: %v", err)
		}
		arr := b.NewUint32Array()
		if arr.Len() != 2 {
			t.Fatalf("failed parses must append nothing: %d values", arr.Len())
		}
		app := TextAppender(typ, arr, s)
		if binary {
			app = BinaryAppender(typ, arr, s)
		}
		var got []string
		for i := 0; i < arr.Len(); i++ {
			got = append(got, string(app(nil, i)))
		}
		if !reflect.DeepEqual(got, []string{"happy", "sad"}) {
			t.Errorf("binary %v: printed %q", binary, got)
		}
		arr.Release()
		b.Release()
	}
	if err := TextParserFor(typ, nil)(array.NewUint32Builder(memory.DefaultAllocator), []byte("ok")); err == nil {
		t.Error("reading an enum without a catalog must fail, not guess")
	}
}

// TestEnumCasts checks the casts between enums and text: I/O casts, assignment towards text,
// explicit from it, and none between two enum types.
func TestEnumCasts(t *testing.T) {
	typ, e := registerTestEnum(t, "color", []string{"red", "green"}, []int{0, 1})
	other, _ := registerTestEnum(t, "size", []string{"s"}, []int{0})
	s := &IOSettings{Types: fakeEnums{typ.OID: e}}
	for _, c := range []struct {
		from, to OID
		ctx      CoercionContext
		ok       bool
	}{
		{typ.OID, Text, Assignment, true}, {typ.OID, Text, Implicit, false},
		{Text, typ.OID, Explicit, true}, {Text, typ.OID, Assignment, false},
		{UnknownLit, typ.OID, Implicit, true}, {typ.OID, other.OID, Explicit, false},
		{typ.OID, AnyEnum, Implicit, false},
	} {
		if got := CanCast(c.from, c.to, c.ctx); got != c.ok {
			t.Errorf("CanCast(%d, %d, %v) = %v", c.from, c.to, c.ctx, got)
		}
	}
	b := array.NewStringBuilder(memory.DefaultAllocator)
	b.AppendValues([]string{"green", "", "red"}, []bool{true, false, true})
	in := b.NewArray()
	defer in.Release()
	vals, err := CastArray(in, TText, typ, s, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer vals.Release()
	back, err := CastArray(vals, typ, TText, s, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Release()
	if str := back.(*array.String); str.Value(0) != "green" || !str.IsNull(1) || str.Value(2) != "red" {
		t.Errorf("round trip: %v", back)
	}
}

// TestEnumRankArrays checks that arrays of an enum map to arrays of ranks with their shapes
// and NULLs, so that they compare in the enum's order.
func TestEnumRankArrays(t *testing.T) {
	typ, e := registerTestEnum(t, "level", []string{"low", "mid", "high"}, []int{2, 1, 0})
	arrType, _ := ArrayType(typ)
	parse := TextParserFor(arrType, &IOSettings{Types: fakeEnums{typ.OID: e}})
	b := array.NewBuilder(memory.DefaultAllocator, arrType.Arrow())
	defer b.Release()
	for _, text := range []string{"{high,low}", "{}", "{mid,NULL}"} {
		if err := parse(b, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	b.AppendNull()
	arrs := b.NewArray()
	defer arrs.Release()
	ranked := e.RankArrays(arrs, memory.DefaultAllocator)
	defer ranked.Release()
	r := ReadArrays(ranked)
	elems := r.Elements().(*array.Int32)
	var got []string
	for i := 0; i < ranked.Len(); i++ {
		if ranked.IsNull(i) {
			got = append(got, "NULL")
			continue
		}
		lo, hi := r.Range(i)
		row := ""
		for j := lo; j < hi; j++ {
			if elems.IsNull(int(j)) {
				row += "n"
			} else {
				row += string(rune('0' + elems.Value(int(j))))
			}
		}
		got = append(got, row)
	}
	if !reflect.DeepEqual(got, []string{"20", "", "1n", "NULL"}) {
		t.Errorf("ranked arrays %q", got)
	}
}
