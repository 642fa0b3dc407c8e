package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestRecordOfInterns(t *testing.T) {
	a := RecordOf([]RecordField{{"x", TInt4}, {"y", TText}})
	b := RecordOf([]RecordField{{"x", TInt4}, {"y", TText}})
	c := RecordOf([]RecordField{{"x", TInt4}, {"z", TText}})
	if a != b || a == c || a.OID != Record || a.Typmod < 0 {
		t.Fatalf("RecordOf: %v %v %v", a, b, c)
	}
	fields, ok := RecordFields(c)
	if !ok || len(fields) != 2 || fields[1].Name != "z" {
		t.Fatalf("RecordFields(%v) = %v, %v", c, fields, ok)
	}
	if _, ok := RecordFields(Of(Record)); ok {
		t.Error("bare record has fields")
	}
	st, ok := a.Arrow().(*arrow.StructType)
	if !ok || st.NumFields() != 2 || st.Field(0).Name != "f1" || IsArrayArrow(st) {
		t.Errorf("Arrow type %v", a.Arrow())
	}
	if a.SQLTypmod() != -1 || a.String() != "record" {
		t.Errorf("shown as %s typmod %d", a, a.SQLTypmod())
	}
}

// TestRecordOutput checks record_out's quoting and record_cmp's NULL order.
func TestRecordOutput(t *testing.T) {
	mem := memory.NewGoAllocator()
	typ := RecordOf([]RecordField{{"n", TInt4}, {"s", TText}})
	ib := array.NewInt32Builder(mem)
	ib.AppendValues([]int32{1, 1, 2, 3}, []bool{true, true, true, false})
	sb := array.NewStringBuilder(mem)
	sb.AppendValues([]string{"", `a "b"`, "plain", "x,y"}, []bool{true, true, false, true})
	ints, strs := ib.NewArray(), sb.NewArray()
	defer ints.Release()
	defer strs.Release()
	recs := MakeRecords(typ, []arrow.Array{ints, strs}, nil, 4)
	defer recs.Release()
	out := TextAppender(typ, recs, nil)
	want := []string{`(1,"")`, `(1,"a ""b""")`, `(2,)`, `(,"x,y")`}
	for i, w := range want {
		if got := string(out(nil, i)); got != w {
			t.Errorf("row %d: %s, want %s", i, got, w)
		}
	}
	cmp, err := NewComparator(recs, recs)
	if err != nil {
		t.Fatal(err)
	}
	// (1,"") < (1,"a ""b""") < (2,NULL) < (NULL,"x,y"): NULL fields sort last.
	for i := 0; i+1 < 4; i++ {
		if cmp(i, i+1) >= 0 || cmp(i+1, i) <= 0 || cmp(i, i) != 0 {
			t.Errorf("rows %d and %d compare %d", i, i+1, cmp(i, i+1))
		}
	}
}
