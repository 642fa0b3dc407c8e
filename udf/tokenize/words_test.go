package tokenize

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"golang.org/x/text/unicode/rangetable"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The goldens word_ranges_rust.golden (every code point the Rust regex crate's Unicode \w
// matches, as ranges) and words_rust.golden (the matches of \w+ in each line of
// sentences.jsonl) were written once by a small Rust program over the regex crate 1.7.1
// (regex-syntax 0.6.27, Unicode 14.0): `Regex::new(r"^\w$")` tried on every char, and
// `Regex::new(r"\w+").find_iter` on every sentence. The program is not part of the repository.

// TestWordClassMatchesRustRegex compares the word class with the Rust regex crate's on every
// code point. The crate's tables are Unicode 14.0 and Go's 15.0, so code points assigned
// after Unicode 13.0 (the nearest older version x/text knows) are left out.
func TestWordClassMatchesRustRegex(t *testing.T) {
	rust := readRanges(t, "testdata/word_ranges_rust.golden")
	old := rangetable.Assigned("13.0.0")
	checked, mismatches := 0, 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF || isAssigned(r) && !unicode.Is(old, r) {
			continue
		}
		checked++
		if got, want := IsWordRune(r), rust[r]; got != want {
			if mismatches++; mismatches <= 20 {
				t.Errorf("U+%04X: IsWordRune %v, Rust regex \\w %v", r, got, want)
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d of %d code points differ", mismatches, checked)
	}
	if checked < 1_000_000 {
		t.Errorf("only %d code points checked", checked)
	}
}

// isAssigned reports whether Go's Unicode 15.0 tables assign r.
func isAssigned(r rune) bool { return !unicode.Is(unicode.Cn, r) }

// TestWordClassDefinition checks the flattened lookup tables against the definition of \w
// from the Unicode properties, on every code point.
func TestWordClassDefinition(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.In(r, unicode.L, unicode.Nl, unicode.Other_Alphabetic, unicode.M, unicode.Nd, unicode.Pc, unicode.Join_Control)
		if got := IsWordRune(r); got != want {
			t.Fatalf("U+%04X: IsWordRune %v, want %v", r, got, want)
		}
	}
}

func readRanges(t *testing.T, path string) map[rune]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	set := map[rune]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var lo, hi rune
		if _, err := fmt.Sscanf(sc.Text(), "%X..%X", &lo, &hi); err != nil {
			t.Fatalf("%s: %q: %v", path, sc.Text(), err)
		}
		for r := lo; r <= hi; r++ {
			set[r] = true
		}
	}
	return set
}

// readJSONLines reads a file of one JSON value per line into a slice of T.
func readJSONLines[T any](t testing.TB, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		out = append(out, v)
	}
	return out
}

// TestTokenizeWords runs tokenize(text) over the sentences in batches of several sizes,
// with NULL rows among them, and compares every row with the Rust regex crate's \w+ matches.
func TestTokenizeWords(t *testing.T) {
	sentences := readJSONLines[string](t, "testdata/sentences.jsonl")
	want := readJSONLines[[]string](t, "testdata/words_rust.golden")
	if len(sentences) != len(want) || len(sentences) < 200 {
		t.Fatalf("%d sentences, %d expected results", len(sentences), len(want))
	}
	for _, batch := range []int{1, 7, 64, len(sentences)} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		for lo := 0; lo < len(sentences); lo += batch {
			hi := min(lo+batch, len(sentences))
			in, valid := textBatch(sentences[lo:hi], 3)
			env := &catalog.FuncEnv{Mem: mem, Valid: valid, Rows: hi - lo}
			got, err := tokenizeWords(env, []arrow.Array{in})
			if err != nil {
				t.Fatal(err)
			}
			r := types.ReadArrays(got)
			elems := r.Elements().(*array.String)
			for i := range hi - lo {
				if !env.RowValid(i) {
					if !got.IsNull(i) {
						t.Errorf("batch %d row %d: NULL input gave a non-NULL array", batch, lo+i)
					}
					continue
				}
				start, end := r.Range(i)
				var toks []string
				for k := start; k < end; k++ {
					toks = append(toks, elems.Value(k))
				}
				if fmt.Sprint(toks) != fmt.Sprint(want[lo+i]) || len(toks) != len(want[lo+i]) {
					t.Errorf("tokenize(%q) = %q, Rust regex \\w+ gives %q", sentences[lo+i], toks, want[lo+i])
				}
			}
			got.Release()
			in.Release()
		}
		mem.AssertSize(t, 0)
	}
}

// textBatch makes a text array of ss in which every nullEvery-th row (counting from 1) is
// NULL, with the matching validity bitmap.
func textBatch(ss []string, nullEvery int) (arrow.Array, []byte) {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	valid := make([]byte, (len(ss)+7)/8)
	for i, s := range ss {
		if nullEvery > 0 && (i+1)%nullEvery == 0 {
			b.AppendNull()
			continue
		}
		b.Append(s)
		valid[i>>3] |= 1 << (uint(i) & 7)
	}
	return b.NewArray(), valid
}
