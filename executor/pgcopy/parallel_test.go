package pgcopy

import "testing"

// TestRecordEnd checks where CSV and text streams are cut between records: never inside a
// quoted field, whose newlines follow an odd number of quotes.
func TestRecordEnd(t *testing.T) {
	for _, tc := range []struct {
		buf   string
		quote int
		want  int
	}{
		{"a,b\nc,d\ne", '"', 8},
		{"a,b\nc,d\n", '"', 8},
		{"no newline", '"', -1},
		{"a,\"x\ny\"\nb", '"', 8},            // the quoted newline is not a cut
		{"a,b\nc,\"x\ny", '"', 4},            // an open quote: cut before its record
		{"\"open\nstill\nopen", '"', -1},     // one record longer than the buffer
		{"a,\"say \"\"hi\"\"\"\nb", '"', 15}, // doubled quotes keep the parity
		{"a\tb\nc\"\nd", -1, 7},              // text: every newline ends a record
	} {
		if got := recordEnd([]byte(tc.buf), tc.quote); got != tc.want {
			t.Errorf("recordEnd(%q, %d) = %d, want %d", tc.buf, tc.quote, got, tc.want)
		}
	}
}
