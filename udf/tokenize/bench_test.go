package tokenize

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
)

// proseParagraphs is ordinary English prose, the benchmarks' input.
var proseParagraphs = []string{
	"It was a bright cold day in April, and the clocks were striking thirteen. The hallway smelt of boiled cabbage and old rag mats; at one end of it a coloured poster, too large for indoor display, had been tacked to the wall.",
	"The database answered every query in well under a second, even when the analysts asked for twelve months of orders grouped by region, product line and the day of the week on which each order had been placed.",
	"She walked down to the harbour before breakfast, as she had done every morning for thirty years, and counted the boats that had come in overnight: seven trawlers, two yachts and a small blue dinghy that nobody seemed to own.",
	"Columnar execution keeps the values of one column together in memory, so that a filter or a sum can run through them in a tight loop without looking at the other columns of the table at all.",
	"\"Don't be late,\" her mother said, handing her the keys. \"The train leaves at 7:45, and if you miss it there isn't another one until half past nine.\"",
	"In 1969, after eight years of work by some four hundred thousand people, two astronauts walked on the Moon while a third waited for them in orbit, sixty miles above the surface.",
}

// proseBatch returns a text array of n rows of English prose, and its size in bytes.
func proseBatch(n int) (arrow.Array, int) {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	size := 0
	for i := range n {
		s := strings.Join([]string{proseParagraphs[i%len(proseParagraphs)], proseParagraphs[(i+1)%len(proseParagraphs)]}, " ")
		b.Append(s)
		size += len(s)
	}
	return b.NewArray(), size
}

// BenchmarkTokenizeWords measures tokenize(text) on English prose on one core, in MB/s of
// input text (the goal is at least 100 MB/s).
func BenchmarkTokenizeWords(b *testing.B) {
	in, size := proseBatch(1024)
	defer in.Release()
	env := &catalog.FuncEnv{Mem: memory.DefaultAllocator, Rows: in.Len()}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		out, err := tokenizeWords(env, []arrow.Array{in})
		if err != nil {
			b.Fatal(err)
		}
		out.Release()
	}
}

// BenchmarkTokenIDs measures token_ids(text, tokenizer) over a batch of English prose with
// bert-base-uncased on one core, in MB/s of input text: the WordPiece encoder's speed
// (wordpiece's BenchmarkWordPiece) less the cost of the batch and its int4[] result.
func BenchmarkTokenIDs(b *testing.B) {
	n := newNames()
	in, size := proseBatch(1024)
	defer in.Release()
	refs := constBatch(bertFile(b, "tokenizer.json"), in.Len())
	defer refs.Release()
	env := &catalog.FuncEnv{Mem: memory.DefaultAllocator, Rows: in.Len()}
	b.SetBytes(int64(size))
	for b.Loop() {
		out, err := n.tokenIDs(env, []arrow.Array{in, refs})
		if err != nil {
			b.Fatal(err)
		}
		out.Release()
	}
}
