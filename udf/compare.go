package udf

import (
	"cmp"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Comparison operators. Every type's ordering is total, as PostgreSQL's btree opclasses
// require: for floats NaN equals NaN and sorts above every other value. So each type needs
// only "less" and "equal" loops; the six operators are those with operands swapped and/or the
// result negated.

type cmpOp struct {
	swap, negate, eq bool
}

var (
	opEq = cmpOp{eq: true}
	opNe = cmpOp{eq: true, negate: true}
	opLt = cmpOp{}
	opLe = cmpOp{swap: true, negate: true} // a <= b  is  not (b < a)
	opGt = cmpOp{swap: true}
	opGe = cmpOp{negate: true}
)

// cmpOIDs lists one type's comparison functions (eq ne lt le gt ge) and operators.
type cmpOIDs struct {
	t     types.OID
	names [6]string
	fn    [6]types.OID
	op    [6]types.OID
}

func cmpNames(prefix, sep string) [6]string {
	var n [6]string
	for i, s := range []string{"eq", "ne", "lt", "le", "gt", "ge"} {
		n[i] = prefix + sep + s
	}
	return n
}

var cmpTable = []cmpOIDs{
	{types.Bool, cmpNames("bool", ""), [6]types.OID{60, 84, 56, 1691, 57, 1692}, [6]types.OID{91, 85, 58, 1694, 59, 1695}},
	{types.Int2, cmpNames("int2", ""), [6]types.OID{63, 145, 64, 148, 146, 151}, [6]types.OID{94, 519, 95, 522, 520, 524}},
	{types.Int4, cmpNames("int4", ""), [6]types.OID{65, 144, 66, 149, 147, 150}, [6]types.OID{96, 518, 97, 523, 521, 525}},
	{types.Int8, cmpNames("int8", ""), [6]types.OID{467, 468, 469, 471, 470, 472}, [6]types.OID{410, 411, 412, 414, 413, 415}},
	{types.Float4, cmpNames("float4", ""), [6]types.OID{287, 288, 289, 290, 291, 292}, [6]types.OID{620, 621, 622, 624, 623, 625}},
	{types.Float8, cmpNames("float8", ""), [6]types.OID{293, 294, 295, 296, 297, 298}, [6]types.OID{670, 671, 672, 673, 674, 675}},
	{types.Numeric, cmpNames("numeric", "_"), [6]types.OID{1718, 1719, 1722, 1723, 1720, 1721}, [6]types.OID{1752, 1753, 1754, 1755, 1756, 1757}},
	{types.Text, [6]string{"texteq", "textne", "text_lt", "text_le", "text_gt", "text_ge"}, [6]types.OID{67, 157, 740, 741, 742, 743}, [6]types.OID{98, 531, 664, 665, 666, 667}},
	{types.Bpchar, cmpNames("bpchar", ""), [6]types.OID{1048, 1053, 1049, 1050, 1051, 1052}, [6]types.OID{1054, 1057, 1058, 1059, 1060, 1061}},
	{types.Char, cmpNames("char", ""), [6]types.OID{61, 70, 1246, 72, 73, 74}, [6]types.OID{92, 630, 631, 632, 633, 634}},
	{types.Date, cmpNames("date", "_"), [6]types.OID{1086, 1091, 1087, 1088, 1089, 1090}, [6]types.OID{1093, 1094, 1095, 1096, 1097, 1098}},
	{types.Timestamp, cmpNames("timestamp", "_"), [6]types.OID{2052, 2053, 2054, 2055, 2057, 2056}, [6]types.OID{2060, 2061, 2062, 2063, 2064, 2065}},
	{types.Timestamptz, cmpNames("timestamptz", "_"), [6]types.OID{1152, 1153, 1154, 1155, 1157, 1156}, [6]types.OID{1320, 1321, 1322, 1323, 1324, 1325}},
	{types.Time, cmpNames("time", "_"), [6]types.OID{1145, 1106, 1102, 1103, 1104, 1105}, [6]types.OID{1108, 1109, 1110, 1111, 1112, 1113}},
	{types.Interval, cmpNames("interval", "_"), [6]types.OID{1162, 1163, 1164, 1165, 1167, 1166}, [6]types.OID{1330, 1331, 1332, 1333, 1334, 1335}},
	{types.UUID, cmpNames("uuid", "_"), [6]types.OID{2956, 2959, 2954, 2955, 2958, 2957}, [6]types.OID{2972, 2973, 2974, 2976, 2975, 2977}},
	{types.JSONB, cmpNames("jsonb", "_"), [6]types.OID{4043, 4038, 4039, 4041, 4040, 4042}, [6]types.OID{3240, 3241, 3242, 3244, 3243, 3245}},
}

var cmpOps = [6]cmpOp{opEq, opNe, opLt, opLe, opGt, opGe}
var cmpOpNames = [6]string{"=", "<>", "<", "<=", ">", ">="}

func registerCompare(b builder) {
	for _, c := range cmpTable {
		loops := cmpLoopsFor(c.t)
		for i, op := range cmpOps {
			f := b.scalar(c.fn[i], c.names[i], oids(c.t, c.t), types.Bool, compareImpl(op, loops))
			f.Infallible = true
			b.op(c.op[i], cmpOpNames[i], c.t, c.t, f)
		}
	}
}

// cmpLoops are one type's primitive loops: they set bit i of out where the predicate holds
// for row i. out starts zeroed.
type cmpLoops struct {
	lt, eq func(a, b arrow.Array, out boolOut)
}

func compareImpl(op cmpOp, loops cmpLoops) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		a, b := args[0], args[1]
		if op.swap {
			a, b = b, a
		}
		n := a.Len()
		out := newBoolOut(allocator(env), n)
		if op.eq {
			loops.eq(a, b, out)
		} else {
			loops.lt(a, b, out)
		}
		if op.negate {
			for i := range out.bits {
				out.bits[i] = ^out.bits[i]
			}
		}
		return out.finish(n), nil
	}
}

func cmpLoopsFor(t types.OID) cmpLoops {
	switch t {
	case types.Bool:
		return cmpLoops{lt: boolLt, eq: boolEq}
	case types.Int2:
		return orderedLoops[int16]()
	case types.Int4:
		return orderedLoops[int32]()
	case types.Int8:
		return orderedLoops[int64]()
	case types.Date:
		return orderedLoops[arrow.Date32]()
	case types.Timestamp, types.Timestamptz:
		return orderedLoops[arrow.Timestamp]()
	case types.Time:
		return orderedLoops[arrow.Time64]()
	case types.Interval:
		return intervalLoops
	case types.Float4:
		return floatLoops[float32]()
	case types.Float8:
		return floatLoops[float64]()
	case types.Numeric:
		return cmpLoops{lt: numericLt, eq: numericEq}
	case types.Text, types.Char:
		return cmpLoops{lt: textLt, eq: textEq}
	case types.Bpchar:
		return cmpLoops{lt: bpcharLt, eq: bpcharEq}
	case types.UUID:
		return uuidLoops
	case types.JSONB:
		return jsonbLoops
	}
	panic("udf: no comparison for type " + types.Of(t).String())
}

// setIf returns 1 for true; the compiler turns it into a flag move, keeping loops branch-free.
func setIf(c bool) byte {
	if c {
		return 1
	}
	return 0
}

type ordered interface {
	cmp.Ordered
	fixedWidth
}

// fillBits sets out's bits from pred over rows [0, n), eight rows per byte store.
func fillBits[T any](a, b []T, out boolOut, pred func(x, y T) bool) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		var m byte
		for j := 0; j < 8; j++ {
			m |= setIf(pred(a[i+j], b[i+j])) << j
		}
		out.bits[i>>3] = m
	}
	for ; i < n; i++ {
		out.bits[i>>3] |= setIf(pred(a[i], b[i])) << (uint(i) & 7)
	}
}

func orderedLoops[T ordered]() cmpLoops {
	return cmpLoops{
		lt: func(x, y arrow.Array, out boolOut) { ltBits(values[T](x), values[T](y), out) },
		eq: func(x, y arrow.Array, out boolOut) { eqBits(values[T](x), values[T](y), out) },
	}
}

// ltBits and eqBits are fillBits with the predicate written in, so it inlines.
func ltBits[T ordered](a, b []T, out boolOut) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		var m byte
		for j := range aa {
			m |= setIf(aa[j] < bb[j]) << j
		}
		out.bits[i>>3] = m
	}
	for ; i < n; i++ {
		out.bits[i>>3] |= setIf(a[i] < b[i]) << (uint(i) & 7)
	}
}

func eqBits[T ordered](a, b []T, out boolOut) {
	n := len(a)
	b = b[:n]
	i := 0
	for ; i+8 <= n; i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		var m byte
		for j := range aa {
			m |= setIf(aa[j] == bb[j]) << j
		}
		out.bits[i>>3] = m
	}
	for ; i < n; i++ {
		out.bits[i>>3] |= setIf(a[i] == b[i]) << (uint(i) & 7)
	}
}

// floatLess is PostgreSQL's float ordering: NaN above everything, equal to itself.
func floatLess[T float](a, b T) bool { return a < b || (a == a && b != b) }

func floatEqual[T float](a, b T) bool { return a == b || (a != a && b != b) }

func floatLoops[T float]() cmpLoops {
	return cmpLoops{
		lt: func(x, y arrow.Array, out boolOut) { fillBits(values[T](x), values[T](y), out, floatLess[T]) },
		eq: func(x, y arrow.Array, out boolOut) { fillBits(values[T](x), values[T](y), out, floatEqual[T]) },
	}
}

func boolLt(x, y arrow.Array, out boolOut) {
	a, b := x.(*array.Boolean), y.(*array.Boolean)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(!a.Value(i) && b.Value(i)) << (uint(i) & 7)
	}
}

func boolEq(x, y arrow.Array, out boolOut) {
	a, b := x.(*array.Boolean), y.(*array.Boolean)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(a.Value(i) == b.Value(i)) << (uint(i) & 7)
	}
}

// numericCmp compares two numeric arrays row by row by value (1.5 = 1.50): as integers
// when both hold small words of one scale each, else value by value.
func numericCmp(x, y arrow.Array, out boolOut, eq bool) {
	a, b := values[num](x), values[num](y)
	if types.NumericCompareVec(a, b, eq, out.bits) {
		return
	}
	for i := range a {
		c := types.CompareNumeric(a[i], b[i])
		out.bits[i>>3] |= setIf(c < 0 && !eq || c == 0 && eq) << (uint(i) & 7)
	}
}

func numericLt(x, y arrow.Array, out boolOut) { numericCmp(x, y, out, false) }

func numericEq(x, y arrow.Array, out boolOut) { numericCmp(x, y, out, true) }

func textLt(x, y arrow.Array, out boolOut) {
	a, b := stringsOf(x), stringsOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(a.Value(i) < b.Value(i)) << (uint(i) & 7)
	}
}

// bpchar compares character(n) values without their trailing blanks, as bpchareq and
// bpcharlt do (the padding is insignificant), without copying them.
func bpcharEq(x, y arrow.Array, out boolOut) {
	a, b := stringsOf(x), stringsOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(trimBlanks(a.Value(i)) == trimBlanks(b.Value(i))) << (uint(i) & 7)
	}
}

func bpcharLt(x, y arrow.Array, out boolOut) {
	a, b := stringsOf(x), stringsOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(trimBlanks(a.Value(i)) < trimBlanks(b.Value(i))) << (uint(i) & 7)
	}
}

// trimBlanks drops trailing spaces.
func trimBlanks(s string) string {
	n := len(s)
	for n > 0 && s[n-1] == ' ' {
		n--
	}
	return s[:n]
}

func textEq(x, y arrow.Array, out boolOut) {
	a, b := stringsOf(x), stringsOf(y)
	for i := 0; i < a.Len(); i++ {
		out.bits[i>>3] |= setIf(a.Value(i) == b.Value(i)) << (uint(i) & 7)
	}
}
