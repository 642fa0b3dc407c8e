package udf

import (
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestLike(t *testing.T) {
	escErr := "LIKE pattern must not end with escape character"
	runScalarCases(t, []scalarCase{
		{name: "textlike", args: oids(tx, tx),
			in: [][]string{
				col("abc", "abc", "abc", "abc", "abc", "abc", "", "", "héllo", "a_c", "abc", "a%c", "abc", "abcbc", "NULL", "abc"),
				col("abc", "ab", "a%", "%c", "%b%", "a%b%c", "%", "_", "h_llo", "a\\_c", "a\\_c", "a\\%c", "%%%", "a%bc", "a", "NULL"),
			},
			want: col("t", "f", "t", "t", "t", "t", "t", "f", "t", "t", "f", "t", "t", "t", "NULL", "NULL")},
		// Segment matching must not let segments overlap.
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("aba", "abab", "ab"), col("%ab%ba%", "%ab%ab", "a%b%b")}, want: col("f", "t", "f")},
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("xyz", "x"), col("_%_", "%_%_")}, want: col("t", "f")},
		{name: "textnlike", args: oids(tx, tx), in: [][]string{col("abc", "abc", "NULL"), col("a%", "b%", "a")}, want: col("f", "t", "NULL")},
		{name: "texticlike", args: oids(tx, tx), in: [][]string{col("ABC", "Héllo", "abc"), col("a%", "HÉ%", "_B_")}, want: col("t", "t", "t")},
		{name: "texticnlike", args: oids(tx, tx), in: [][]string{col("ABC"), col("a%")}, want: col("f")},
		// A trailing escape is an error only when matching reaches it, as in PostgreSQL.
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("a"), col("a\\")}, want: col("f")},
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("ab"), col("a\\")}, code: pgcode.InvalidEscapeSequence, msg: escErr},
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("abc"), col("a%\\")}, code: pgcode.InvalidEscapeSequence, msg: escErr},
		// A bad pattern in a NULL row is never looked at.
		{name: "textlike", args: oids(tx, tx), in: [][]string{col("NULL", "ab"), col("a\\", "a%")}, want: col("NULL", "t")},
		{name: "like", args: oids(tx, tx), in: [][]string{col("abc"), col("_b_")}, want: col("t")},
	})
}

// TestLikePatternReuse varies the pattern within a batch, so compiled patterns must be
// replaced when the pattern changes and reused while it repeats.
func TestLikePatternReuse(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "textlike", args: oids(tx, tx),
			in:   [][]string{col("abc", "abd", "xbc", "xbc", "abc"), col("a%", "a%", "a%", "%bc", "%bc")},
			want: col("t", "t", "f", "t", "t")},
	})
}
