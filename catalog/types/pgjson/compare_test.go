package pgjson

import (
	"bytes"
	"testing"
)

func mustParse(t *testing.T, s string) Value {
	t.Helper()
	var p Parser
	v, err := p.ParseJSONB([]byte(s), 0)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return append(Value(nil), v...)
}

// jsonbOrder is PostgreSQL 15's ORDER BY of these jsonb values (ties broken by their text).
var jsonbOrder = []string{
	`[]`, `null`, `""`, `"B"`, `"a"`, `"ab"`, `"b"`, `-1`, `-0.5`, `0`, `0.0`, `1`, `1.0`, `1.5`,
	`10`, `1000`, `123456789012345678901234567890123456789`, `false`, `true`, `[null]`, `["x"]`,
	`[1]`, `[2]`, `[[1]]`, `[{}]`, `[1, 2]`, `{}`, `{"a": 1}`, `{"a": 2}`, `{"a": [1]}`,
	`{"a": {}}`, `{"aa": 1}`, `{"b": 1}`, `{"a": 1, "b": 2}`,
}

func TestCompareOrder(t *testing.T) {
	vals := make([]Value, len(jsonbOrder))
	for i, s := range jsonbOrder {
		vals[i] = mustParse(t, s)
	}
	tie := map[string]string{"0": "0.0", "1": "1.0"}
	for i := range vals {
		for j := range vals {
			c := Compare(vals[i], vals[j])
			equal := i == j || tie[jsonbOrder[i]] == jsonbOrder[j] || tie[jsonbOrder[j]] == jsonbOrder[i]
			switch {
			case equal && c != 0:
				t.Errorf("Compare(%s, %s) = %d, want 0", jsonbOrder[i], jsonbOrder[j], c)
			case !equal && i < j && c >= 0:
				t.Errorf("Compare(%s, %s) = %d, want < 0", jsonbOrder[i], jsonbOrder[j], c)
			case !equal && i > j && c <= 0:
				t.Errorf("Compare(%s, %s) = %d, want > 0", jsonbOrder[i], jsonbOrder[j], c)
			}
			hi, hj := AppendHashKey(nil, vals[i]), AppendHashKey(nil, vals[j])
			if bytes.Equal(hi, hj) != equal {
				t.Errorf("hash keys of %s and %s: equal = %v, want %v", jsonbOrder[i], jsonbOrder[j], !equal, equal)
			}
		}
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct{ in, out string }{
		{"0", "0"}, {"-0", "0"}, {"-0.000", "0.000"}, {"0e10", "0"}, {"0.0e-2", "0.000"},
		{"1e2", "100"}, {"1E+2", "100"}, {"1.5e1", "15"}, {"1.50e1", "15.0"}, {"-1.50e-2", "-0.0150"},
		{"1e-5", "0.00001"}, {"12.345e-1", "1.2345"}, {"0.5", "0.5"}, {"100e-2", "1.00"},
		{"007", "7"}, {"123.4500", "123.4500"},
	} {
		got, ok := NormalizeNumber(nil, []byte(c.in))
		if !ok || string(got) != c.out {
			t.Errorf("NormalizeNumber(%s) = %s, %v; want %s", c.in, got, ok, c.out)
		}
	}
	for _, bad := range []string{"1e-16384", "1e131072", "1e99999999999"} {
		if _, ok := NormalizeNumber(nil, []byte(bad)); ok {
			t.Errorf("NormalizeNumber(%s) is in range", bad)
		}
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"1", "1.000", 0}, {"0", "0.00", 0}, {"-0.5", "0", -1}, {"10", "9.99", 1}, {"-10", "-9.99", -1},
		{"0.001", "0.01", -1}, {"123", "1234", -1}, {"-123", "-1234", 1},
	} {
		if got := CompareNumbers([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("CompareNumbers(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	for s, want := range map[string]bool{"1": true, "-1.5e3": true, "NaN": false, "Infinity": false, "-": false, "1.": false, "": false, "1e+100": true} {
		if IsNumber([]byte(s)) != want {
			t.Errorf("IsNumber(%q) = %v", s, !want)
		}
	}
}

func TestContainsExists(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{`{"a":1,"b":[1,2,{"c":3}]}`, `{"b":[{"c":3}]}`, true},
		{`{"a":1,"b":[1,2,{"c":3}]}`, `{"b":[{"c":4}]}`, false},
		{`{"a":1}`, `{"a":1.0}`, true},
		{`{"a":1}`, `{"a":1, "b":2}`, false},
		{`{"a":[1,2]}`, `{"a":[]}`, true},
		{`{"a":[1,2]}`, `{"a":{}}`, false},
		{`[1,2,[3]]`, `[[3], 1]`, true},
		{`[1,2,[3]]`, `[3]`, false},
		{`[[1,2]]`, `[[1]]`, true},
		{`[1]`, `1`, true},
		{`1`, `[1]`, false},
		{`1`, `1.0`, true},
		{`"a"`, `"a"`, true},
		{`{"a":1}`, `1`, false},
		{`[]`, `[]`, true},
		{`{}`, `{}`, true},
		{`true`, `false`, false},
	} {
		if got := Contains(mustParse(t, c.a), mustParse(t, c.b)); got != c.want {
			t.Errorf("%s @> %s = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	for _, c := range []struct {
		v, key string
		want   bool
	}{
		{`{"a":1}`, "a", true}, {`{"a":1}`, "b", false}, {`["a",1]`, "a", true}, {`[["a"]]`, "a", false},
		{`"a"`, "a", true}, {`1`, "1", false},
	} {
		if got := Exists(mustParse(t, c.v), []byte(c.key)); got != c.want {
			t.Errorf("%s ? %s = %v, want %v", c.v, c.key, got, c.want)
		}
	}
}

func TestWriterAndEdits(t *testing.T) {
	var w Writer
	w.BeginObject()
	w.Key([]byte("bb"))
	w.Number([]byte("1"))
	w.Key([]byte("a"))
	w.BeginArray()
	w.String([]byte("x\"y"))
	w.Null()
	w.Raw(mustParse(t, `{"z": true}`))
	w.End()
	w.Key([]byte("bb"))
	w.Bool(false)
	w.End()
	if got := string(AppendText(nil, w.Bytes())); got != `{"a": ["x\"y", null, {"z": true}], "bb": false}` {
		t.Errorf("Writer built %s", got)
	}
	v := append(Value(nil), w.Bytes()...)
	if e, ok := v.Get([]byte("a")); !ok || e.Len() != 3 {
		t.Errorf("Get(a) = %v, %v", e, ok)
	}
	if _, ok := v.Get([]byte("b")); ok {
		t.Errorf("Get(b) found a value")
	}
	for _, c := range []struct {
		name string
		edit func(w *Writer)
		want string
	}{
		{"concat objects", func(w *Writer) { Concat(w, mustParse(t, `{"a":1,"b":2}`), mustParse(t, `{"b":3}`)) }, `{"a": 1, "b": 3}`},
		{"concat arrays", func(w *Writer) { Concat(w, mustParse(t, `[1]`), mustParse(t, `[2,3]`)) }, `[1, 2, 3]`},
		{"concat scalar", func(w *Writer) { Concat(w, mustParse(t, `{"a":1}`), mustParse(t, `3`)) }, `[{"a": 1}, 3]`},
		{"delete key", func(w *Writer) { DeleteKey(w, mustParse(t, `{"a":1,"b":2}`), []byte("a")) }, `{"b": 2}`},
		{"delete string", func(w *Writer) { DeleteKey(w, mustParse(t, `["a","b","a",1]`), []byte("a")) }, `["b", 1]`},
		{"delete index", func(w *Writer) { DeleteIndex(w, mustParse(t, `[1,2,3]`), -1) }, `[1, 2]`},
		{"delete far index", func(w *Writer) { DeleteIndex(w, mustParse(t, `[1,2,3]`), 5) }, `[1, 2, 3]`},
		{"strip nulls", func(w *Writer) { StripNulls(w, mustParse(t, `{"a":null,"b":[null,{"c":null}]}`)) }, `{"b": [null, {}]}`},
	} {
		w.Reset()
		c.edit(&w)
		if got := string(AppendText(nil, w.Bytes())); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestTree(t *testing.T) {
	var p Parser
	tr, err := p.ParseTree([]byte(` {"a": [1, "x\u00e9" ,{"b" : null}], "a": 2, "c": "\n"} `), 0)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := tr.Field(tr.Root(), []byte("a"))
	if !ok || string(tr.Raw(a)) != "2" {
		t.Errorf("last a = %q", tr.Raw(a))
	}
	first := tr.First(tr.Root())
	if string(tr.Key(first)) != "a" || string(tr.Raw(first)) != `[1, "x\u00e9" ,{"b" : null}]` || tr.Len(first) != 3 {
		t.Errorf("first member %q = %q", tr.Key(first), tr.Raw(first))
	}
	if e, ok := tr.Elem(first, -2); !ok || string(tr.Str(e)) != "xé" {
		t.Errorf("element -2 = %q", tr.Str(e))
	}
	if e, ok := tr.Elem(first, 2); !ok || tr.Kind(e) != KindObject || string(tr.Raw(e)) != `{"b" : null}` {
		t.Errorf("element 2 = %q", tr.Raw(e))
	}
	if _, ok := tr.Elem(first, 3); ok {
		t.Errorf("element 3 exists")
	}
	c, _ := tr.Field(tr.Root(), []byte("c"))
	if txt, ok := tr.AppendText(nil, c); !ok || string(txt) != "\n" {
		t.Errorf("c as text = %q", txt)
	}
}
