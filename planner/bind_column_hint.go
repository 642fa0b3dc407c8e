package planner

import (
	"fmt"

	"github.com/pgfast/pgfast/wire/pgerror"
)

// Hints for a column that does not exist, as PostgreSQL's errorMissingColumn gives them:
// the column of the query's ranges (this query's and enclosing ones') whose name is
// closest by edit distance, or the two equally close, when the distance is at most 3 and
// at most half the name's length. A qualifier adds its distance from each range's name.

// maxFuzzyDistance is PostgreSQL's MAX_FUZZY_DISTANCE.
const maxFuzzyDistance = 3

// fuzzyColumns is the search state: the best distance so far and up to two matches at it.
type fuzzyColumns struct {
	distance      int
	first, second *scopeCol
}

// addColumnHint gives err, a missing-column error without a hint, the hint of the
// columns of sc's ranges closest to qual.name.
func addColumnHint(err error, sc *scope, qual, name string) {
	pe, ok := err.(*pgerror.Error)
	if !ok || pe.Hint != "" {
		return
	}
	f := fuzzyColumns{distance: maxFuzzyDistance + 1}
	for s := sc; s != nil; s = s.outer {
		f.scan(s.cols, qual, name)
		f.scan(s.hiddenRanges, qual, name)
	}
	switch {
	case f.first == nil:
	case f.second == nil:
		pe.WithHint(fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\".", f.first.table, f.first.name))
	default:
		pe.WithHint(fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\" or the column \"%s.%s\".",
			f.first.table, f.first.name, f.second.table, f.second.name))
	}
}

// scan considers the columns of some ranges, as updateFuzzyAttrMatchState does.
func (f *fuzzyColumns) scan(cols []scopeCol, qual, name string) {
	for i := range cols {
		c := &cols[i]
		if c.table == "" || c.name == "" {
			continue
		}
		penalty := 0
		if qual != "" {
			penalty = editDistance(qual, c.table)
		}
		if penalty > f.distance {
			continue
		}
		d := editDistance(c.name, name)
		if d > len(name)/2 {
			continue // more than half the characters differ: no suggestion
		}
		d += penalty
		switch {
		case d < f.distance:
			f.distance, f.first, f.second = d, c, nil
		case d == f.distance && f.second != nil:
			f.first, f.second = nil, nil // too many at this distance
		case d == f.distance && f.first != nil:
			f.second = c
		}
	}
}

// editDistance is the Levenshtein distance between a and b, counted in bytes as
// PostgreSQL counts it for single-byte names.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
