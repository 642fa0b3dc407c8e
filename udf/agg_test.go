package udf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
)

// aggCase aggregates in (one column per argument) into groups (row i goes to groups[i]) and
// expects want, one value per group 0..ngroups-1.
type aggCase struct {
	name     string
	args     []types.OID
	argTypes []types.T
	in       [][]string
	groups   []uint32
	ngroups  int
	want     []string
	code     pgcode.Code
	msg      string
}

func TestAggregates(t *testing.T) {
	g := func(gs ...uint32) []uint32 { return gs }
	bo, da := types.Bool, types.Date
	cases := []aggCase{
		{name: "count", args: nil, in: [][]string{col("x", "x", "x")}, groups: g(0, 1, 0), ngroups: 3, want: col("2", "1", "0")},
		{name: "count", args: oids(types.Any), argTypes: []types.T{types.TInt4}, in: [][]string{col("1", "NULL", "3")}, groups: g(0, 0, 1), ngroups: 3, want: col("1", "1", "0")},
		{name: "count", args: oids(types.Any), argTypes: []types.T{types.TText}, in: [][]string{col("a", "NULL", "")}, groups: g(0, 0, 0), ngroups: 1, want: col("2")},
		{name: "count", args: oids(types.Any), argTypes: []types.T{types.TDate}, in: [][]string{col("2024-01-01", "NULL")}, groups: g(1, 1), ngroups: 2, want: col("0", "1")},
		{name: "sum", args: oids(i4), in: [][]string{col("2147483647", "2147483647", "NULL", "-5")}, groups: g(0, 0, 1, 2), ngroups: 4, want: col("4294967294", "NULL", "-5", "NULL")},
		{name: "sum", args: oids(i2), in: [][]string{col("32767", "32767")}, groups: g(0, 0), ngroups: 1, want: col("65534")},
		// sum(int8) is numeric and does not overflow.
		{name: "sum", args: oids(i8), in: [][]string{col("9223372036854775807", "9223372036854775807", "1")}, groups: g(0, 0, 0), ngroups: 1, want: col("18446744073709551615")},
		{name: "sum", args: oids(f8), in: [][]string{col("1.5", "NULL", "2.25", "NaN")}, groups: g(0, 0, 0, 1), ngroups: 2, want: col("3.75", "NaN")},
		{name: "sum", args: oids(f8), in: [][]string{col("1e308", "1e308")}, groups: g(0, 0), ngroups: 1, code: outOfRange, msg: "value out of range: overflow"},
		{name: "sum", args: oids(f4), in: [][]string{col("0.1", "0.2")}, groups: g(0, 0), ngroups: 1, want: col("0.3")},
		{name: "sum", args: oids(nm), in: [][]string{col("1.25", "2.5", "NULL")}, groups: g(0, 0, 1), ngroups: 2, want: col("3.75", "NULL")},
		{name: "sum", args: oids(nm), in: [][]string{col("99999999999999999999999999999999999", "1")}, groups: g(0, 0), ngroups: 1, code: outOfRange, msg: "value overflows numeric format"},
		{name: "avg", args: oids(i4), in: [][]string{col("1", "2", "NULL", "-1", "-2")}, groups: g(0, 0, 1, 2, 2), ngroups: 3, want: col("1.5000000000000000", "NULL", "-1.5000000000000000")},
		{name: "avg", args: oids(i2), in: [][]string{col("1", "1", "2")}, groups: g(0, 0, 0), ngroups: 1, want: col("1.3333333333333333")},
		{name: "avg", args: oids(i8), in: [][]string{col("9223372036854775807", "9223372036854775807")}, groups: g(0, 0), ngroups: 1, want: col("9223372036854775807")},
		{name: "avg", args: oids(nm), in: [][]string{col("1.00", "2.00", "2.00")}, groups: g(0, 0, 0), ngroups: 1, want: col("1.6666666666666667")},
		{name: "avg", args: oids(f8), in: [][]string{col("1", "2", "NULL")}, groups: g(0, 0, 0), ngroups: 1, want: col("1.5")},
		{name: "avg", args: oids(f4), in: [][]string{col("1", "2")}, groups: g(0, 0), ngroups: 1, want: col("1.5")},
		{name: "min", args: oids(i4), in: [][]string{col("3", "NULL", "-1", "7")}, groups: g(0, 0, 0, 1), ngroups: 3, want: col("-1", "7", "NULL")},
		{name: "max", args: oids(i8), in: [][]string{col("3", "NULL", "-1")}, groups: g(0, 0, 0), ngroups: 1, want: col("3")},
		{name: "max", args: oids(f8), in: [][]string{col("1", "NaN", "Inf")}, groups: g(0, 0, 0), ngroups: 1, want: col("NaN")},
		{name: "min", args: oids(f8), in: [][]string{col("1", "NaN", "-Inf")}, groups: g(0, 0, 0), ngroups: 1, want: col("-Inf")},
		{name: "min", args: oids(nm), in: [][]string{col("1.50", "-2.25", "NULL")}, groups: g(0, 0, 0), ngroups: 1, want: col("-2.25")},
		{name: "max", args: oids(tx), in: [][]string{col("apple", "pear", "NULL", "fig")}, groups: g(0, 0, 1, 1), ngroups: 2, want: col("pear", "fig")},
		{name: "min", args: oids(tx), in: [][]string{col("b", "a", "é")}, groups: g(0, 0, 0), ngroups: 2, want: col("a", "NULL")},
		{name: "max", args: oids(da), in: [][]string{col("2024-01-01", "2024-03-01")}, groups: g(0, 0), ngroups: 1, want: col("2024-03-01")},
		{name: "bool_and", args: oids(bo), in: [][]string{col("true", "false", "true", "NULL")}, groups: g(0, 0, 1, 2), ngroups: 3, want: col("f", "t", "NULL")},
		{name: "bool_or", args: oids(bo), in: [][]string{col("true", "false", "false", "NULL")}, groups: g(0, 0, 1, 1), ngroups: 2, want: col("t", "f")},
		{name: "every", args: oids(bo), in: [][]string{col("true", "true")}, groups: g(0, 0), ngroups: 1, want: col("t")},
		{name: "string_agg", args: oids(tx, tx), in: [][]string{col("a", "NULL", "b", "c", "d"), col(",", ",", ";", "NULL", ",")}, groups: g(0, 0, 0, 0, 1), ngroups: 3, want: col("a;bc", "d", "NULL")},
		{name: "var_samp", args: oids(nm), in: [][]string{col("1.5", "2.25", "3", "1e10", "0.001", "7")}, groups: g(0, 0, 0, 0, 0, 1), ngroups: 2, want: col("19999999993249000001.799325", "NULL")},
		{name: "var_pop", args: oids(nm), in: [][]string{col("1.5", "2.25", "3", "1e10", "0.001", "7")}, groups: g(0, 0, 0, 0, 0, 1), ngroups: 2, want: col("15999999994599200001.439460", "0")},
		{name: "stddev_samp", args: oids(nm), in: [][]string{col("1.5", "2.25", "3", "1e10", "0.001")}, groups: g(0, 0, 0, 0, 0), ngroups: 1, want: col("4472135954.244795")},
		{name: "stddev_pop", args: oids(nm), in: [][]string{col("1.5", "2.25", "3", "1e10", "0.001")}, groups: g(0, 0, 0, 0, 0), ngroups: 1, want: col("3999999999.324900")},
		{name: "variance", args: oids(i4), in: [][]string{col("1", "2", "3", "4", "5", "5")}, groups: g(0, 0, 0, 0, 1, 1), ngroups: 2, want: col("1.6666666666666667", "0")},
		{name: "stddev", args: oids(i4), in: [][]string{col("1", "2", "3", "4")}, groups: g(0, 0, 0, 0), ngroups: 1, want: col("1.2909944487358056")},
		{name: "var_pop", args: oids(i2), in: [][]string{col("1", "2", "3", "4")}, groups: g(0, 0, 0, 0), ngroups: 1, want: col("1.2500000000000000")},
		{name: "variance", args: oids(i8), in: [][]string{col("1", "2", "3")}, groups: g(0, 0, 0), ngroups: 1, want: col("1.00000000000000000000")},
		{name: "variance", args: oids(f8), in: [][]string{col("1", "2", "4", "NULL", "5")}, groups: g(0, 0, 0, 0, 1), ngroups: 2, want: col("2.3333333333333335", "NULL")},
		{name: "var_pop", args: oids(f8), in: [][]string{col("1", "2", "4", "5")}, groups: g(0, 0, 0, 1), ngroups: 2, want: col("1.5555555555555556", "0")},
		{name: "stddev_samp", args: oids(f4), in: [][]string{col("2", "4", "4", "4", "5", "5", "7", "9")}, groups: g(0, 0, 0, 0, 0, 0, 0, 0), ngroups: 1, want: col("2.138089935299395")},
		{name: "stddev_pop", args: oids(f8), in: [][]string{col("2", "4", "4", "4", "5", "5", "7", "9")}, groups: g(0, 0, 0, 0, 0, 0, 0, 0), ngroups: 1, want: col("2")},
	}
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
			var args []arrow.Array
			for i, vals := range c.in {
				if i >= len(argTypes) {
					// count(*): the column only gives the row count.
					continue
				}
				a := column(t, mem, argTypes[i], vals)
				defer a.Release()
				args = append(args, a)
			}
			env := &catalog.FuncEnv{Mem: mem, ArgTypes: argTypes, RetType: f.ResultType(argTypes)}

			// One state over all rows.
			got, err := aggregate(f, env, c.groups, c.ngroups, args, nil)
			check(t, c, got, err)
			// Two states over halves, the second with its own group numbering, merged.
			got, err = aggregate(f, env, c.groups, c.ngroups, args, func(n int) int { return n / 2 })
			check(t, c, got, err)
		})
	}
}

// aggregate runs f over args, optionally splitting the rows at split(n) into a second state
// whose groups are numbered in reverse and merged back.
func aggregate(f *catalog.Func, env *catalog.FuncEnv, groups []uint32, ngroups int, args []arrow.Array, split func(int) int) ([]string, error) {
	n := len(groups)
	st := f.Agg(env)
	cut := n
	if split != nil {
		cut = split(n)
	}
	slice := func(from, to int) []arrow.Array {
		out := make([]arrow.Array, len(args))
		for i, a := range args {
			out[i] = sliceArray(a, from, to)
		}
		return out
	}
	release := func(as []arrow.Array) {
		for _, a := range as {
			a.Release()
		}
	}
	first := slice(0, cut)
	defer release(first)
	if err := st.Update(groups[:cut], first); err != nil {
		return nil, err
	}
	if cut < n {
		other := f.Agg(env)
		local := make([]uint32, n-cut)
		for i, g := range groups[cut:] {
			local[i] = uint32(ngroups-1) - g
		}
		rest := slice(cut, n)
		defer release(rest)
		if err := other.Update(local, rest); err != nil {
			return nil, err
		}
		mapping := make([]uint32, ngroups)
		for g := range mapping {
			mapping[g] = uint32(ngroups-1) - uint32(g)
		}
		if err := st.Merge(other, mapping); err != nil {
			return nil, err
		}
	}
	res, err := st.Finalize(ngroups)
	if err != nil {
		return nil, err
	}
	defer res.Release()
	return renderAll(res), nil
}

func check(t *testing.T, c aggCase, got []string, err error) {
	t.Helper()
	if c.code != "" {
		if err == nil || pgcodeOf(err) != c.code || err.Error() != c.msg {
			t.Fatalf("want error %s %q, got %v", c.code, c.msg, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if strings.Join(got, "|") != strings.Join(c.want, "|") {
		t.Fatalf("got %v, want %v", got, c.want)
	}
}
