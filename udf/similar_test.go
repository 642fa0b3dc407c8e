package udf

import (
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestSimilarToEscape(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "similar_to_escape", args: oids(tx),
			in:   [][]string{col("a%_b(c|d)", `a\.b^$`, "[]%]", "[^]a]_", "NULL")},
			want: col("^(?:a.*.b(?:c|d))$", `^(?:a\.b\^\$)$`, "^(?:[]%])$", "^(?:[^]a].)$", "NULL")},
		{name: "similar_to_escape", args: oids(tx, tx),
			in:   [][]string{col(`x#"y#"z`, `a\b`, "a#%"), col("#", "", "#")},
			want: col("^(?:x){1,1}?(y){1,1}(?:z)$", `^(?:a\\b)$`, `^(?:a\%)$`)},
		{name: "similar_to_escape", args: oids(tx, tx), in: [][]string{col("a"), col("xy")},
			code: pgcode.InvalidEscapeSequence, msg: "invalid escape string"},
		// similar_escape is not strict: a NULL escape means the default backslash.
		{name: "similar_escape", args: oids(tx, tx), in: [][]string{col("a%", "NULL"), col("NULL", "#")}, want: col("^(?:a.*)$", "NULL")},
	})
}

func TestLikeEscape(t *testing.T) {
	runScalarCases(t, []scalarCase{
		{name: "like_escape", args: oids(tx, tx),
			in:   [][]string{col("a!_c", `a\b`, `a\b`, "a!!b", `a!\b`, "é§_"), col("!", "", `\`, "!", "!", "§")},
			want: col(`a\_c`, `a\\b`, `a\b`, `a\!b`, `a\\b`, `é\_`)},
		{name: "like_escape", args: oids(tx, tx), in: [][]string{col("a"), col("ab")},
			code: pgcode.InvalidEscapeSequence, msg: "invalid escape string"},
	})
}

func TestByteLikeMatch(t *testing.T) {
	for _, c := range []struct {
		s, p string
		want bool
	}{
		{"abc", "a%", true}, {"abc", "_b_", true}, {"abc", "%c", true}, {"abc", "%d", false},
		{"a_c", `a\_c`, true}, {"abc", `a\_c`, false}, {"\xff\x00", "_\x00", true},
	} {
		r, err := byteLikeMatch([]byte(c.s), []byte(c.p))
		if err != nil || (r == likeTrue) != c.want {
			t.Errorf("%q LIKE %q = %v, %v", c.s, c.p, r, err)
		}
	}
}
