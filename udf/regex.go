package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Regular-expression operators and functions: ~ ~* !~ !~*, regexp_like, regexp_count,
// regexp_instr, regexp_substr, regexp_replace, substring(text from pattern), and the
// set-returning regexp_split_to_table (regex_split.go); regexp_match, regexp_matches and
// regexp_split_to_array, which return text[], are in array_text.go. Patterns are translated
// from PostgreSQL's ARE syntax (regex_syntax.go) and compiled once per distinct pattern.

func registerRegex(b builder) {
	t, i4 := types.Text, types.Int4
	for _, lt := range []types.OID{types.Text, types.Bpchar, types.Name} {
		o := regexOpOIDs[lt]
		b.op(o.op[0], "~", lt, t, b.scalar(o.fn[0], o.prefix+"regexeq", oids(lt, t), types.Bool, regexOp(false, false)))
		b.op(o.op[1], "!~", lt, t, b.scalar(o.fn[1], o.prefix+"regexne", oids(lt, t), types.Bool, regexOp(false, true)))
		b.op(o.op[2], "~*", lt, t, b.scalar(o.fn[2], o.prefix+"icregexeq", oids(lt, t), types.Bool, regexOp(true, false)))
		b.op(o.op[3], "!~*", lt, t, b.scalar(o.fn[3], o.prefix+"icregexne", oids(lt, t), types.Bool, regexOp(true, true)))
	}

	b.scalar(6263, "regexp_like", oids(t, t), types.Bool, regexpLike)
	b.scalar(6264, "regexp_like", oids(t, t, t), types.Bool, regexpLike)

	b.scalar(6254, "regexp_count", oids(t, t), i4, regexpCount)
	b.scalar(6255, "regexp_count", oids(t, t, i4), i4, regexpCount)
	b.scalar(6256, "regexp_count", oids(t, t, i4, t), i4, regexpCount)

	b.scalar(6257, "regexp_instr", oids(t, t), i4, regexpInstr)
	b.scalar(6258, "regexp_instr", oids(t, t, i4), i4, regexpInstr)
	b.scalar(6259, "regexp_instr", oids(t, t, i4, i4), i4, regexpInstr)
	b.scalar(6260, "regexp_instr", oids(t, t, i4, i4, i4), i4, regexpInstr)
	b.scalar(6261, "regexp_instr", oids(t, t, i4, i4, i4, t), i4, regexpInstr)
	b.scalar(6262, "regexp_instr", oids(t, t, i4, i4, i4, t, i4), i4, regexpInstr)

	b.scalar(6265, "regexp_substr", oids(t, t), t, regexpSubstr)
	b.scalar(6266, "regexp_substr", oids(t, t, i4), t, regexpSubstr)
	b.scalar(6267, "regexp_substr", oids(t, t, i4, i4), t, regexpSubstr)
	b.scalar(6268, "regexp_substr", oids(t, t, i4, i4, t), t, regexpSubstr)
	b.scalar(6269, "regexp_substr", oids(t, t, i4, i4, t, i4), t, regexpSubstr)

	// Argument layouts of regexp_replace: positions of start, N and flags (-1: absent).
	b.scalar(2284, "regexp_replace", oids(t, t, t), t, regexpReplace(-1, -1, -1))
	b.scalar(2285, "regexp_replace", oids(t, t, t, t), t, regexpReplace(-1, -1, 3))
	b.scalar(6253, "regexp_replace", oids(t, t, t, i4), t, regexpReplace(3, -1, -1))
	b.scalar(6252, "regexp_replace", oids(t, t, t, i4, i4), t, regexpReplace(3, 4, -1))
	b.scalar(6251, "regexp_replace", oids(t, t, t, i4, i4, t), t, regexpReplace(3, 4, 5))

	b.scalar(2073, "substring", oids(t, t), t, regexSubstring(false))
	b.scalar(2074, "substring", oids(t, t, t), t, regexSubstring(true))

	registerRegexSplit(b)
}

// regexOpOIDs holds pg_proc and pg_operator OIDs of the regex operators per left type, in
// the order ~ !~ ~* !~*.
var regexOpOIDs = map[types.OID]struct {
	prefix string
	fn, op [4]types.OID
}{
	types.Text:   {"text", [4]types.OID{1254, 1256, 1238, 1239}, [4]types.OID{641, 642, 1228, 1229}},
	types.Bpchar: {"bpchar", [4]types.OID{1658, 1659, 1656, 1657}, [4]types.OID{1055, 1056, 1234, 1235}},
	types.Name:   {"name", [4]types.OID{79, 1252, 1240, 1241}, [4]types.OID{639, 640, 1226, 1227}},
}

// textArgAt reads optional text argument k, or def when the overload lacks it.
type textArgAt struct {
	a   *array.String
	def string
}

func optText(args []arrow.Array, k int, def string) textArgAt {
	if k >= 0 && k < len(args) {
		return textArgAt{a: stringsOf(args[k])}
	}
	return textArgAt{def: def}
}

func (t textArgAt) at(i int) string {
	if t.a == nil {
		return t.def
	}
	return t.a.Value(i)
}

// intArgAt reads optional int4 argument k, or def when the overload lacks it.
type intArgAt struct {
	v   []int32
	def int32
}

func optInt(args []arrow.Array, k int, def int32) intArgAt {
	if k >= 0 && k < len(args) {
		return intArgAt{v: values[int32](args[k])}
	}
	return intArgAt{def: def}
}

func (t intArgAt) at(i int) int32 {
	if t.v == nil {
		return t.def
	}
	return t.v[i]
}

func regexOp(icase, negate bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p := stringsOf(args[0]), stringsOf(args[1])
		n := x.Len()
		out := newBoolOut(allocator(env), n)
		cur := regexCursor{base: defaultReFlags()}
		cur.base.icase = icase
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			re, _, err := cur.get(p.Value(i), "")
			if err != nil {
				out.buf.Release()
				return nil, err
			}
			if re.re.MatchString(x.Value(i)) != negate {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}

func regexpLike(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p, flags := stringsOf(args[0]), stringsOf(args[1]), optText(args, 2, "")
	n := x.Len()
	out := newBoolOut(allocator(env), n)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_like"}
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		re, _, err := cur.get(p.Value(i), flags.at(i))
		if err != nil {
			out.buf.Release()
			return nil, err
		}
		if re.re.MatchString(x.Value(i)) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}

func regexpCount(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p := stringsOf(args[0]), stringsOf(args[1])
	start, flags := optInt(args, 2, 1), optText(args, 3, "")
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_count"}
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		st := start.at(i)
		if st <= 0 {
			buf.Release()
			return nil, errRegexParam("start", int64(st))
		}
		re, _, err := cur.get(p.Value(i), flags.at(i))
		if err != nil {
			buf.Release()
			return nil, err
		}
		s := x.Value(i)
		out[i] = int32(len(re.allMatches(s, byteOffset(s, int64(st)))))
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

// nthMatch returns the n-th (1-based) match of re in s from character position start.
func nthMatch(re *compiledRegex, s string, start, n int32) []int {
	from := byteOffset(s, int64(start))
	if n == 1 {
		return re.firstMatch(s, from)
	}
	ms := re.allMatches(s, from)
	if int(n) > len(ms) {
		return nil
	}
	return ms[n-1]
}

func regexpInstr(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p := stringsOf(args[0]), stringsOf(args[1])
	start, nth, endOpt := optInt(args, 2, 1), optInt(args, 3, 1), optInt(args, 4, 0)
	flags, sub := optText(args, 5, ""), optInt(args, 6, 0)
	n := x.Len()
	buf, out := newFixed[int32](allocator(env), n)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_instr"}
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		st, k, eo, se := start.at(i), nth.at(i), endOpt.at(i), sub.at(i)
		var err error
		switch {
		case st <= 0:
			err = errRegexParam("start", int64(st))
		case k <= 0:
			err = errRegexParam("n", int64(k))
		case eo != 0 && eo != 1:
			err = errRegexParam("endoption", int64(eo))
		case se < 0:
			err = errRegexParam("subexpr", int64(se))
		}
		var re *compiledRegex
		if err == nil {
			re, _, err = cur.get(p.Value(i), flags.at(i))
		}
		if err != nil {
			buf.Release()
			return nil, err
		}
		out[i] = 0
		if int(se) > re.groups {
			continue
		}
		s := x.Value(i)
		m := nthMatch(re, s, st, k)
		if m == nil || m[2*se] < 0 {
			continue
		}
		out[i] = charPos(s, m[2*int(se)+int(eo)])
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, nil, 0, buf), nil
}

func regexpSubstr(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, p := stringsOf(args[0]), stringsOf(args[1])
	start, nth, flags, sub := optInt(args, 2, 1), optInt(args, 3, 1), optText(args, 4, ""), optInt(args, 5, 0)
	n := x.Len()
	mem := allocator(env)
	out := newStrOut(mem, n, 0)
	cur := regexCursor{base: defaultReFlags(), noGlobal: "regexp_substr"}
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			out.end()
			continue
		}
		st, k, se := start.at(i), nth.at(i), sub.at(i)
		var err error
		switch {
		case st <= 0:
			err = errRegexParam("start", int64(st))
		case k <= 0:
			err = errRegexParam("n", int64(k))
		case se < 0:
			err = errRegexParam("subexpr", int64(se))
		}
		var re *compiledRegex
		if err == nil {
			re, _, err = cur.get(p.Value(i), flags.at(i))
		}
		if err != nil {
			return nil, out.fail(err)
		}
		s := x.Value(i)
		if int(se) > re.groups {
			out.endNull(mem)
			continue
		}
		m := nthMatch(re, s, st, k)
		if m == nil || m[2*se] < 0 {
			out.endNull(mem)
			continue
		}
		out.appendString(s[m[2*se]:m[2*se+1]])
		out.end()
	}
	return out.finish(), nil
}

// regexpReplace implements the regexp_replace overloads; startArg, nArg and flagsArg are
// the argument positions of start, N and flags, or -1. Without N, only the first match is
// replaced unless the g flag is given; N = 0 replaces every match.
func regexpReplace(startArg, nArg, flagsArg int) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p, r := stringsOf(args[0]), stringsOf(args[1]), stringsOf(args[2])
		start, nth, flags := optInt(args, startArg, 1), optInt(args, nArg, 1), optText(args, flagsArg, "")
		n := x.Len()
		out := newStrOut(allocator(env), n, len(x.ValueBytes()))
		cur := regexCursor{base: defaultReFlags()}
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				out.end()
				continue
			}
			st, k := start.at(i), nth.at(i)
			if st <= 0 {
				return nil, out.fail(errRegexParam("start", int64(st)))
			}
			if k < 0 {
				return nil, out.fail(errRegexParam("n", int64(k)))
			}
			if flagsArg == 3 {
				// A four-argument call with an unknown-typed fourth argument binds to the
				// flags form; a digit there means the caller wanted the start form.
				if f := flags.at(i); f != "" && f[0] >= '0' && f[0] <= '9' {
					return nil, out.fail(pgerror.Newf(pgcode.InvalidParameterValue, "invalid regular expression option: \"%s\"", f[:1]).
						WithHint("If you meant to use regexp_replace() with a start parameter, cast the fourth argument to integer explicitly."))
				}
			}
			re, opts, err := cur.get(p.Value(i), flags.at(i))
			if err != nil {
				return nil, out.fail(err)
			}
			if opts.global && nArg < 0 {
				k = 0
			}
			s, repl := x.Value(i), r.Value(i)
			from := byteOffset(s, int64(st))
			var ms [][]int
			if k == 1 {
				if m := re.firstMatch(s, from); m != nil {
					ms = [][]int{m}
				}
			} else {
				ms = re.allMatches(s, from)
				if k > 0 {
					if int(k) > len(ms) {
						ms = nil
					} else {
						ms = ms[k-1 : k]
					}
				}
			}
			pos := 0
			for _, m := range ms {
				out.appendString(s[pos:m[0]])
				appendRegexReplacement(out, s, repl, m, re.groups)
				pos = m[1]
			}
			out.appendString(s[pos:])
			out.end()
		}
		return out.finish(), nil
	}
}

// regexSubstring is substring(text from pattern): the part of the first match that the
// first parenthesised subexpression matched, or the whole match if there is none; NULL
// without a match. With an escape argument the pattern is a SQL regular expression
// (substring(text similar pattern escape esc)).
func regexSubstring(similar bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p := stringsOf(args[0]), stringsOf(args[1])
		var esc *array.String
		if similar {
			esc = stringsOf(args[2])
		}
		n := x.Len()
		mem := allocator(env)
		out := newStrOut(mem, n, 0)
		cur := regexCursor{base: defaultReFlags()}
		var prevPat, prevEsc, translated string
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				out.end()
				continue
			}
			pat := p.Value(i)
			if similar {
				e := esc.Value(i)
				if i == 0 || pat != prevPat || e != prevEsc || translated == "" {
					t, err := similarToRegex(pat, e, true)
					if err != nil {
						return nil, out.fail(err)
					}
					prevPat, prevEsc, translated = pat, e, t
				}
				pat = translated
			}
			re, _, err := cur.get(pat, "")
			if err != nil {
				return nil, out.fail(err)
			}
			s := x.Value(i)
			m := re.firstMatch(s, 0)
			g := 0
			if re.groups > 0 {
				g = 1
			}
			if m == nil || m[2*g] < 0 {
				out.endNull(mem)
				continue
			}
			out.appendString(s[m[2*g]:m[2*g+1]])
			out.end()
		}
		return out.finish(), nil
	}
}
