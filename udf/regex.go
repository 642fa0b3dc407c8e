package udf

import (
	"regexp"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// POSIX regular expression match operators (~, !~, ~*, !~*) over text and name, and the
// comparisons of the catalog's own types (oid, name, "char"), which catalog queries join
// and filter on.
//
// Patterns are compiled with Go's RE2 engine, which accepts the common subset of
// PostgreSQL's advanced regular expressions (anchors, classes, alternation, repetition,
// groups); back-references and lookaround, which RE2 lacks, are reported as invalid
// regular expressions.

func registerRegex(b builder) {
	for _, r := range []struct {
		fn, op         types.OID
		name, opName   string
		left           types.OID
		fold, negation bool
	}{
		{1254, 641, "textregexeq", "~", types.Text, false, false},
		{1256, 642, "textregexne", "!~", types.Text, false, true},
		{1238, 1228, "texticregexeq", "~*", types.Text, true, false},
		{1239, 1229, "texticregexne", "!~*", types.Text, true, true},
		{79, 639, "nameregexeq", "~", types.Name, false, false},
		{1252, 640, "nameregexne", "!~", types.Name, false, true},
		{1240, 1226, "nameicregexeq", "~*", types.Name, true, false},
		{1241, 1227, "nameicregexne", "!~*", types.Name, true, true},
	} {
		f := b.scalar(r.fn, r.name, oids(r.left, types.Text), types.Bool, regexImpl(r.fold, r.negation))
		b.op(r.op, r.opName, r.left, types.Text, f)
	}
	for _, c := range []cmpOIDs{
		{types.Oid, cmpNames("oid", ""), [6]types.OID{184, 185, 716, 717, 1638, 1639}, [6]types.OID{607, 608, 609, 611, 610, 612}},
		{types.Name, cmpNames("name", ""), [6]types.OID{62, 659, 655, 656, 657, 658}, [6]types.OID{93, 643, 660, 661, 662, 663}},
		{types.Char, cmpNames("char", ""), [6]types.OID{61, 70, 1246, 72, 73, 74}, [6]types.OID{92, 630, 631, 632, 633, 634}},
	} {
		loops := cmpLoops{lt: textLt, eq: textEq}
		if c.t == types.Oid {
			loops = orderedLoops[uint32]()
		}
		for i, op := range cmpOps {
			f := b.scalar(c.fn[i], c.names[i], oids(c.t, c.t), types.Bool, compareImpl(op, loops))
			b.op(c.op[i], cmpOpNames[i], c.t, c.t, f)
		}
	}
	// name = text and name <> text compare as text (nameeqtext, namenetext).
	textLoops := cmpLoops{lt: textLt, eq: textEq}
	eq := b.scalar(240, "nameeqtext", oids(types.Name, types.Text), types.Bool, compareImpl(opEq, textLoops))
	b.op(254, "=", types.Name, types.Text, eq)
	ne := b.scalar(245, "namenetext", oids(types.Name, types.Text), types.Bool, compareImpl(opNe, textLoops))
	b.op(259, "<>", types.Name, types.Text, ne)
}

// compileRegex compiles a PostgreSQL pattern, case-insensitively for ~* and !~*.
func compileRegex(p string, fold bool) (*regexp.Regexp, error) {
	if fold {
		p = "(?i)" + p
	}
	re, err := regexp.Compile(p)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return nil, pgerror.Newf(pgcode.InvalidRegularExpression, "invalid regular expression: %s", msg)
	}
	return re, nil
}

func regexImpl(fold, negate bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		x, p := stringsOf(args[0]), stringsOf(args[1])
		n := x.Len()
		out := newBoolOut(allocator(env), n)
		var (
			re     *regexp.Regexp
			patSrc string
		)
		for i := 0; i < n; i++ {
			if !env.RowValid(i) {
				continue
			}
			// The pattern is almost always a constant: compile it once per distinct value.
			if ps := p.Value(i); re == nil || ps != patSrc {
				var err error
				if re, err = compileRegex(ps, fold); err != nil {
					out.buf.Release()
					return nil, err
				}
				patSrc = ps
			}
			if re.MatchString(x.Value(i)) != negate {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
}
