package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// regexp_split_to_table splits a string at the matches of a pattern. As in PostgreSQL,
// degenerate matches are skipped: empty matches at the start or end of the string or
// right after the previous match, so that 'abc' split at 'x*' gives a, b, c.

func registerRegexSplit(b builder) {
	t := types.Text
	for _, f := range []struct {
		oid  types.OID
		args []types.OID
	}{{2765, oids(t, t)}, {2766, oids(t, t, t)}} {
		b.reg.AddFunc(&catalog.Func{OID: f.oid, Name: "regexp_split_to_table", Kind: catalog.KindFunc,
			Args: f.args, Ret: t, RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: regexpSplitToTable})
	}
}

func regexpSplitToTable(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	s := scalarString(args[0])
	flags := ""
	if len(args) > 2 {
		flags = scalarString(args[2])
	}
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_split_to_table"}
	re, _, err := cur.get(scalarString(args[1]), flags)
	if err != nil {
		return nil, err
	}
	return &stringRows{vals: regexSplit(re, s)}, nil
}

// regexSplit returns the pieces of s between the non-degenerate matches of re.
func regexSplit(re *compiledRegex, s string) []string {
	var pieces []string
	prevEnd := 0
	for _, m := range re.allMatches(s, 0) {
		if m[0] >= len(s) || m[1] <= prevEnd {
			continue
		}
		pieces = append(pieces, s[prevEnd:m[0]])
		prevEnd = m[1]
	}
	return append(pieces, s[prevEnd:])
}

func scalarString(s scalar.Scalar) string {
	switch v := s.(type) {
	case *scalar.String:
		return string(v.Value.Bytes())
	case *scalar.LargeString:
		return string(v.Value.Bytes())
	}
	return s.String()
}

// stringRows returns precomputed strings as a one-column set, a batch at a time.
type stringRows struct {
	vals []string
	next int
}

func (r *stringRows) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	n := min(max, len(r.vals)-r.next)
	if n <= 0 {
		return nil, 0, nil
	}
	out := newStrOut(allocator(env), n, 0)
	for _, v := range r.vals[r.next : r.next+n] {
		out.appendString(v)
		out.end()
	}
	r.next += n
	return []arrow.Array{out.finish()}, n, nil
}
