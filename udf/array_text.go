package udf

import (
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Functions between text and text[]: string_to_array and string_to_table, regexp_match,
// regexp_matches and regexp_split_to_array.

func registerArrayText(b builder) {
	t, ta := types.Text, types.TextArray
	nonStrict := func(oid types.OID, args []types.OID, impl catalog.ScalarImpl) {
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: "string_to_array", Kind: catalog.KindFunc, Args: args, Ret: ta,
			Volatility: catalog.Immutable, Scalar: impl})
	}
	nonStrict(394, oids(t, t), stringToArray)
	nonStrict(376, oids(t, t, t), stringToArray)
	for _, f := range []struct {
		oid  types.OID
		args []types.OID
	}{{6160, oids(t, t)}, {6161, oids(t, t, t)}} {
		b.reg.AddFunc(&catalog.Func{OID: f.oid, Name: "string_to_table", Kind: catalog.KindFunc, Args: f.args, Ret: t,
			RetSet: true, Volatility: catalog.Immutable, Set: stringToTable})
	}
	b.scalar(3396, "regexp_match", oids(t, t), ta, regexpMatch)
	b.scalar(3397, "regexp_match", oids(t, t, t), ta, regexpMatch)
	b.scalar(2767, "regexp_split_to_array", oids(t, t), ta, regexpSplitToArray)
	b.scalar(2768, "regexp_split_to_array", oids(t, t, t), ta, regexpSplitToArray)
	for _, f := range []struct {
		oid  types.OID
		args []types.OID
	}{{2763, oids(t, t)}, {2764, oids(t, t, t)}} {
		b.reg.AddFunc(&catalog.Func{OID: f.oid, Name: "regexp_matches", Kind: catalog.KindFunc, Args: f.args, Ret: ta,
			RetSet: true, Strict: true, Volatility: catalog.Immutable, Set: regexpMatches})
	}
}

// splitText is text_to_array's splitting of s by delim: no delimiter (NULL) splits into
// characters, an empty one gives s whole; an empty s gives no pieces. Pieces equal to
// nullStr (when hasNull) are NULL.
func splitText(s string, delim string, hasDelim bool, emit func(piece string)) {
	switch {
	case s == "":
	case !hasDelim:
		for len(s) > 0 {
			_, size := utf8.DecodeRuneInString(s)
			emit(s[:size])
			s = s[size:]
		}
	case delim == "":
		emit(s)
	default:
		for {
			k := strings.Index(s, delim)
			if k < 0 {
				emit(s)
				return
			}
			emit(s[:k])
			s = s[k+len(delim):]
		}
	}
}

// stringToArray is string_to_array(string, delimiter [, null_string]).
func stringToArray(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	strs, delims := stringsOf(args[0]), stringsOf(args[1])
	ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
	defer ab.Release()
	eb := ab.Elems().(*array.StringBuilder)
	for i := 0; i < strs.Len(); i++ {
		if strs.IsNull(i) {
			ab.AppendNull()
			continue
		}
		nullStr, hasNull := "", false
		if len(args) > 2 && args[2].IsValid(i) {
			nullStr, hasNull = stringsOf(args[2]).Value(i), true
		}
		first := ab.Begin()
		splitText(strs.Value(i), delims.Value(i), delims.IsValid(i), func(p string) {
			if hasNull && p == nullStr {
				eb.AppendNull()
			} else {
				eb.Append(p)
			}
		})
		ab.End(types.Vector(eb.Len() - first))
	}
	return ab.NewArray(), nil
}

// stringToTable is string_to_table(string, delimiter [, null_string]): the pieces as rows.
func stringToTable(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	if !args[0].IsValid() {
		return &nullableStringRows{}, nil
	}
	nullStr, hasNull := "", false
	if len(args) > 2 && args[2].IsValid() {
		nullStr, hasNull = scalarString(args[2]), true
	}
	var rows nullableStringRows
	delim := ""
	if args[1].IsValid() {
		delim = scalarString(args[1])
	}
	splitText(scalarString(args[0]), delim, args[1].IsValid(), func(p string) {
		rows.vals = append(rows.vals, p)
		rows.null = append(rows.null, hasNull && p == nullStr)
	})
	return &rows, nil
}

// nullableStringRows returns precomputed strings, some NULL, as a one-column set.
type nullableStringRows struct {
	vals []string
	null []bool
	next int
}

func (r *nullableStringRows) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	n := min(max, len(r.vals)-r.next)
	if n <= 0 {
		return nil, 0, nil
	}
	mem := allocator(env)
	out := newStrOut(mem, n, 0)
	for k := r.next; k < r.next+n; k++ {
		if r.null[k] {
			out.endNull(mem)
			continue
		}
		out.appendString(r.vals[k])
		out.end()
	}
	r.next += n
	return []arrow.Array{out.finish()}, n, nil
}

// appendMatchGroups appends a match's captured substrings (the whole match when the
// pattern has no groups) to eb, unmatched groups as NULLs; it returns their number.
func appendMatchGroups(eb *array.StringBuilder, re *compiledRegex, s string, m []int) int {
	if re.groups == 0 {
		eb.Append(s[m[0]:m[1]])
		return 1
	}
	for g := 1; g <= re.groups; g++ {
		if m[2*g] < 0 {
			eb.AppendNull()
		} else {
			eb.Append(s[m[2*g]:m[2*g+1]])
		}
	}
	return re.groups
}

// regexpMatch is regexp_match(string, pattern [, flags]): the first match's groups as an
// array, NULL when there is none.
func regexpMatch(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p := stringsOf(args[0]), stringsOf(args[1])
	flags := optText(args, 2, "")
	ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
	defer ab.Release()
	eb := ab.Elems().(*array.StringBuilder)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_match"}
	for i := 0; i < x.Len(); i++ {
		if !env.RowValid(i) {
			ab.AppendNull()
			continue
		}
		re, _, err := cur.get(p.Value(i), flags.at(i))
		if err != nil {
			return nil, withGlobalHint(err, "regexp_match")
		}
		s := x.Value(i)
		m := re.firstMatch(s, 0)
		if m == nil {
			ab.AppendNull()
			continue
		}
		ab.Begin()
		ab.End(types.Vector(appendMatchGroups(eb, re, s, m)))
	}
	return ab.NewArray(), nil
}

// withGlobalHint adds PostgreSQL's hint to regexp_match's refusal of the g flag.
func withGlobalHint(err error, fn string) error {
	if pe, ok := err.(*pgerror.Error); ok && pe.Code == pgcode.InvalidParameterValue && fn == "regexp_match" &&
		strings.Contains(pe.Message, "global") {
		pe.Hint = "Use the regexp_matches function instead."
	}
	return err
}

// regexpSplitToArray is regexp_split_to_array(string, pattern [, flags]).
func regexpSplitToArray(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p := stringsOf(args[0]), stringsOf(args[1])
	flags := optText(args, 2, "")
	ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
	defer ab.Release()
	eb := ab.Elems().(*array.StringBuilder)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_split_to_array"}
	for i := 0; i < x.Len(); i++ {
		if !env.RowValid(i) {
			ab.AppendNull()
			continue
		}
		re, _, err := cur.get(p.Value(i), flags.at(i))
		if err != nil {
			return nil, err
		}
		pieces := regexSplit(re, x.Value(i))
		ab.Begin()
		for _, piece := range pieces {
			eb.Append(piece)
		}
		ab.End(types.Vector(len(pieces)))
	}
	return ab.NewArray(), nil
}

// regexpMatches is regexp_matches(string, pattern [, flags]): one text[] row per match
// (every match with the g flag, else the first).
func regexpMatches(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	s := scalarString(args[0])
	flags := ""
	if len(args) > 2 {
		flags = scalarString(args[2])
	}
	cur := regexCursor{base: defaultReFlags()}
	re, opts, err := cur.get(scalarString(args[1]), flags)
	if err != nil {
		return nil, err
	}
	var ms [][]int
	if opts.global {
		ms = re.allMatches(s, 0)
	} else if m := re.firstMatch(s, 0); m != nil {
		ms = [][]int{m}
	}
	ab := types.NewArrayBuilder(allocator(env), arrow.BinaryTypes.String)
	defer ab.Release()
	eb := ab.Elems().(*array.StringBuilder)
	for _, m := range ms {
		ab.Begin()
		ab.End(types.Vector(appendMatchGroups(eb, re, s, m)))
	}
	return &elemSource{elems: ab.NewArray()}, nil
}
