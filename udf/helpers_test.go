package udf

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Test values are written as strings: "NULL" is a null, anything else is parsed for the
// argument's type. Numeric arguments are written "value@scale" when the scale matters
// (default: the number of digits after the point).

var testReg = func() *catalog.Registry {
	r := catalog.NewRegistry()
	Register(r)
	return r
}()

// lookup finds the function overload with exactly these argument types.
func lookup(t *testing.T, name string, args ...types.OID) *catalog.Func {
	t.Helper()
	for _, f := range testReg.Funcs(name) {
		if len(f.Args) == len(args) {
			same := true
			for i := range args {
				same = same && f.Args[i] == args[i]
			}
			if same {
				return f
			}
		}
	}
	t.Fatalf("no function %s%v", name, args)
	return nil
}

// column builds an array of type t from test strings.
func column(t *testing.T, mem memory.Allocator, typ types.T, vals []string) arrow.Array {
	t.Helper()
	dt := typ.Arrow()
	b := array.NewBuilder(mem, dt)
	defer b.Release()
	for _, v := range vals {
		if v == "NULL" {
			b.AppendNull()
			continue
		}
		if types.IsArray(typ.OID) {
			if err := types.TextParserFor(typ, nil)(b, []byte(v)); err != nil {
				t.Fatalf("bad %s test value %q: %v", typ, v, err)
			}
			continue
		}
		if typ.OID == types.Numeric {
			d, err := types.ParseNumeric(v, typ)
			if err != nil {
				t.Fatal(err)
			}
			types.AppendNumericBuilder(b, d)
			continue
		}
		if err := b.AppendValueFromString(v); err != nil {
			t.Fatalf("bad %s test value %q: %v", typ, v, err)
		}
	}
	return b.NewArray()
}

// render prints row i of a result for comparison.
func render(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "NULL"
	}
	switch a := a.(type) {
	case *array.Struct:
		return string(types.TextAppender(types.TUnknown, a, nil)(nil, i))
	case *array.Boolean:
		if a.Value(i) {
			return "t"
		}
		return "f"
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'g', -1, 32)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.FixedSizeBinary:
		return types.NumericValues(a)[i].String()
	case *array.String:
		return a.Value(i)
	}
	return a.ValueStr(i)
}

func renderAll(a arrow.Array) []string {
	out := make([]string, a.Len())
	for i := range out {
		out[i] = render(a, i)
	}
	return out
}

// evalCall runs f over the argument columns as the evaluator does for strict functions:
// env.Valid marks rows without null arguments and the result is nulled outside it.
func evalCall(t *testing.T, mem memory.Allocator, f *catalog.Func, argTypes []types.T, args []arrow.Array) (arrow.Array, error) {
	t.Helper()
	n := 1
	if len(args) > 0 {
		n = args[0].Len()
	}
	env := &catalog.FuncEnv{Mem: mem, ArgTypes: argTypes, RetType: f.ResultType(argTypes), Rows: n}
	var valid []byte
	if f.Strict {
		valid = make([]byte, (n+7)/8)
		anyNull := false
		for i := 0; i < n; i++ {
			ok := true
			for _, a := range args {
				ok = ok && a.IsValid(i)
			}
			if ok {
				valid[i>>3] |= 1 << (i & 7)
			} else {
				anyNull = true
			}
		}
		if anyNull {
			env.Valid = valid
		}
	}
	res, err := f.Scalar(env, args)
	if err != nil {
		return nil, err
	}
	if res.Len() != n {
		t.Fatalf("%s returned %d rows for %d", f, res.Len(), n)
	}
	if env.Valid == nil {
		return res, nil
	}
	// Null the rows outside env.Valid, as the evaluator does.
	data := res.Data()
	off := data.Offset()
	bm := memory.NewResizableBuffer(mem)
	bm.Resize((off + n + 7) / 8)
	clear(bm.Bytes())
	for i := 0; i < n; i++ {
		if env.RowValid(i) && res.IsValid(i) {
			bm.Bytes()[(off+i)>>3] |= 1 << ((off + i) & 7)
		}
	}
	bufs := append([]*memory.Buffer{bm}, data.Buffers()[1:]...)
	nd := array.NewData(data.DataType(), n, bufs, data.Children(), array.UnknownNullCount, off)
	bm.Release()
	res.Release()
	defer nd.Release()
	return array.MakeFromData(nd), nil
}

// scalarCase is one table row: a function call over columns of values and its expected
// result column, or the SQLSTATE and message of the expected error.
type scalarCase struct {
	name string
	args []types.OID // overload to use
	// argTypes overrides the call site's types (numeric scales); defaults to args.
	argTypes []types.T
	in       [][]string // one slice per argument
	want     []string
	code     pgcode.Code
	msg      string
}

func runScalarCases(t *testing.T, cases []scalarCase) {
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s%v%v", c.name, c.args, c.in), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f := lookup(t, c.name, c.args...)
			argTypes := c.argTypes
			if argTypes == nil {
				for _, o := range c.args {
					argTypes = append(argTypes, types.Of(o))
				}
			}
			args := make([]arrow.Array, len(c.in))
			for i, vals := range c.in {
				args[i] = column(t, mem, argTypes[i], vals)
				defer args[i].Release()
			}
			res, err := evalCall(t, mem, f, argTypes, args)
			if c.code != "" {
				if err == nil {
					res.Release()
					t.Fatalf("want error %s, got none", c.code)
				}
				if got := pgerror.GetCode(err); got != c.code || err.Error() != c.msg {
					t.Fatalf("want error %s %q, got %s %q", c.code, c.msg, got, err.Error())
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			defer res.Release()
			if got := renderAll(res); strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

// col is shorthand for a column of test values.
func col(vals ...string) []string { return vals }

func pgcodeOf(err error) pgcode.Code { return pgerror.GetCode(err) }

// sliceArray returns rows [from, to) of a, sharing its buffers (with an offset, which the
// kernels must honour).
func sliceArray(a arrow.Array, from, to int) arrow.Array {
	return array.NewSlice(a, int64(from), int64(to))
}
