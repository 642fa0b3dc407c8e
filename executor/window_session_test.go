package executor_test

import "testing"

// TestWindowQueries runs window functions end to end through a session: binding, the
// Window operator, frames, aggregates over frames and the output order.
func TestWindowQueries(t *testing.T) {
	sess := newTestSession(t)
	if _, err := exec(t, sess, `CREATE TABLE w (id int, g text, x int);
		INSERT INTO w VALUES (1,'a',10),(2,'a',20),(3,'b',30),(4,'b',NULL),(5,NULL,5),(6,'a',20)`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, sql, want string
	}{
		{"row_number in window order", "SELECT id, row_number() OVER (ORDER BY id DESC) FROM w",
			"6|1\n5|2\n4|3\n3|4\n2|5\n1|6"},
		{"ranks with ties and null partition", "SELECT id, rank() OVER p, dense_rank() OVER p, sum(x) OVER p, count(*) OVER (PARTITION BY g) FROM w WINDOW p AS (PARTITION BY g ORDER BY x) ORDER BY id",
			"1|1|1|10|3\n2|2|2|50|3\n3|1|1|30|2\n4|2|2|30|2\n5|1|1|5|1\n6|2|2|50|3"},
		{"rows frame", "SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY id",
			"1|30\n2|60\n3|50\n4|35\n5|25\n6|25"},
		{"lag lead", "SELECT id, lag(x) OVER o, lead(x, 2, -1) OVER o FROM w WINDOW o AS (ORDER BY id) ORDER BY id",
			"1|NULL|30\n2|10|NULL\n3|20|5\n4|30|20\n5|NULL|-1\n6|5|-1"},
		{"frame values", "SELECT id, first_value(x) OVER o, last_value(x) OVER o, nth_value(x, 2) OVER o FROM w WINDOW o AS (ORDER BY id) ORDER BY id",
			"1|10|10|NULL\n2|10|20|20\n3|10|30|20\n4|10|NULL|20\n5|10|5|20\n6|10|20|20"},
		{"over grouped rows", "SELECT g, sum(x), sum(sum(x)) OVER (), rank() OVER (ORDER BY sum(x) DESC) FROM w GROUP BY g ORDER BY g",
			"a|50|85|1\nb|30|85|2\nNULL|5|85|3"},
		{"percent_rank cume_dist ntile", "SELECT id, percent_rank() OVER o, cume_dist() OVER o, ntile(4) OVER o FROM w WINDOW o AS (ORDER BY x) ORDER BY id",
			"1|0.2|0.3333333333333333|1\n2|0.4|0.6666666666666666|2\n3|0.8|0.8333333333333334|3\n4|1|1|4\n5|0|0.16666666666666666|1\n6|0.4|0.6666666666666666|2"},
		{"groups frame with exclusion", "SELECT id, sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP) FROM w ORDER BY id",
			"1|45\n2|40\n3|40\n4|30\n5|10\n6|40"},
		{"empty input", "SELECT row_number() OVER (), sum(x) OVER () FROM w WHERE false", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := exec(t, sess, tc.sql)
			if err != nil {
				t.Fatalf("%s: %v", tc.sql, err)
			}
			if got != tc.want {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tc.sql, got, tc.want)
			}
		})
	}
}
