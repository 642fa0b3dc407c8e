package planner

import (
	"fmt"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// missingRangeError is PostgreSQL's error (errorMissingRTE) for a qualifier that names no
// FROM item in reach. When the query does read a range the name means, it is an invalid
// reference instead, with a hint: the range's alias when the table was given one (a common
// slip: "FROM t AS x WHERE t.a = 1"), else that the entry exists but this part of the
// query cannot see it (RETURNING of excluded, a table hidden inside an aliased join, a
// sibling FROM item read from a subquery).
func (b *binder) missingRangeError(sc *scope, qual string, loc int32) *pgerror.Error {
	rel := b.findTable("", qual)
	for s := sc; s != nil; s = s.outer {
		for _, c := range s.cols {
			switch {
			case c.table == qual && s != sc:
				return b.invalidRangeError(qual, loc).WithHint(fmt.Sprintf(
					"There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", qual))
			case rel == nil || c.tableOID != rel.OID || c.table == qual:
			case c.rowOf == rel.OID && c.table != "":
				return b.invalidRangeError(qual, loc).WithHint(fmt.Sprintf(
					"Perhaps you meant to reference the table alias \"%s\".", c.table))
			default:
				return b.invalidRangeError(qual, loc).WithHint(fmt.Sprintf(
					"There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", qual))
			}
		}
		for _, name := range s.unreachable {
			if name == qual {
				return b.invalidRangeError(qual, loc).WithHint(fmt.Sprintf(
					"There is an entry for table \"%s\", but it cannot be referenced from this part of the query.", qual))
			}
		}
	}
	return b.errorf(loc, pgcode.UndefinedTable, "missing FROM-clause entry for table \"%s\"", qual)
}

func (b *binder) invalidRangeError(qual string, loc int32) *pgerror.Error {
	return b.errorf(loc, pgcode.UndefinedTable, "invalid reference to FROM-clause entry for table \"%s\"", qual)
}
