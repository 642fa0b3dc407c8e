package udf

import (
	"github.com/pgfast/pgfast/catalog/types"
)

// Comparisons of the catalog's own types, which catalog queries join and filter on: oid and
// name (pg_class.relname = 'x', c.oid = i.indrelid), and name against text. "char" is
// compared with the ordinary comparison operators (compare.go); the regular expression
// operators over name are in regex.go.

func registerCatalogCompare(b builder) {
	for _, c := range []cmpOIDs{
		{types.Oid, cmpNames("oid", ""), [6]types.OID{184, 185, 716, 717, 1638, 1639}, [6]types.OID{607, 608, 609, 611, 610, 612}},
		{types.Name, cmpNames("name", ""), [6]types.OID{62, 659, 655, 656, 657, 658}, [6]types.OID{93, 643, 660, 661, 662, 663}},
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
