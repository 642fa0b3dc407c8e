package executor_test

import (
	"cmp"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/executor/exectest"
)

// TestParallelSortKeepsScanOrderOfTies sorts a table of many morsels by a key with many
// ties, with one worker and with several, full and as top-N, and checks that equal keys
// come out in the table's order (as a serial scan and a stable sort give them) every time.
func TestParallelSortKeepsScanOrderOfTies(t *testing.T) {
	const n = 50000
	for _, workers := range []int{1, 3} {
		store := exectest.NewMemStore()
		sess := exectest.NewEngine(store, workers).NewSession(map[string]string{"user": "test"})
		if _, err := exectest.Exec(t, sess, fmt.Sprintf(`CREATE TABLE s (id int, k int, m text);
			INSERT INTO s SELECT g, (g * 7919) %% 97, CASE WHEN g %% 11 = 0 THEN NULL ELSE md5((g %% 500)::text) END
			FROM generate_series(1, %d) g`, n)); err != nil {
			t.Fatal(err)
		}
		type row struct {
			id, k int
			m     *string
		}
		rows := make([]row, n)
		for i := range rows {
			g := i + 1
			rows[i] = row{id: g, k: g * 7919 % 97}
			if g%11 != 0 {
				h := md5hex(strconv.Itoa(g % 500))
				rows[i].m = &h
			}
		}
		cases := []struct {
			sql string
			cmp func(a, b row) int
			off int
			lim int
		}{
			{"SELECT id FROM s ORDER BY k", func(a, b row) int { return cmp.Compare(a.k, b.k) }, 0, n},
			{"SELECT id FROM s ORDER BY k DESC LIMIT 100 OFFSET 7", func(a, b row) int { return cmp.Compare(b.k, a.k) }, 7, 100},
			{"SELECT id FROM s ORDER BY m NULLS FIRST LIMIT 300", func(a, b row) int { return cmpNullable(a.m, b.m) }, 0, 300},
			{"SELECT id FROM s ORDER BY m DESC, k LIMIT 50", func(a, b row) int {
				return cmp.Or(-cmpNullableLast(a.m, b.m), cmp.Compare(a.k, b.k))
			}, 0, 50},
		}
		for _, tc := range cases {
			t.Run(fmt.Sprintf("workers=%d/%s", workers, tc.sql), func(t *testing.T) {
				want := slices.Clone(rows)
				slices.SortStableFunc(want, tc.cmp)
				want = want[tc.off:min(len(want), tc.off+tc.lim)]
				ids := make([]string, len(want))
				for i, r := range want {
					ids[i] = strconv.Itoa(r.id)
				}
				got, err := exectest.Exec(t, sess, tc.sql)
				if err != nil {
					t.Fatal(err)
				}
				if got != strings.Join(ids, "\n") {
					t.Errorf("the order differs from a stable sort of the table's rows")
				}
			})
		}
	}
}

// cmpNullable orders strings with NULL (nil) first; cmpNullableLast with NULL last, which
// DESC then puts first.
func cmpNullable(a, b *string) int {
	switch {
	case a == nil || b == nil:
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	return cmp.Compare(*a, *b)
}

func cmpNullableLast(a, b *string) int {
	switch {
	case a == nil || b == nil:
		return cmp.Compare(boolInt(a == nil), boolInt(b == nil))
	}
	return cmp.Compare(*a, *b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func md5hex(s string) string {
	h := md5.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}
