package wordpiece

import (
	"os"
	"strings"
	"testing"
)

// proseRows is testdata/prose.txt's lines repeated to n rows: the text both this benchmark
// and testdata/bench.js (Hugging Face's tokenizers on the same rows) encode.
func proseRows(b *testing.B, n int) ([]string, int) {
	data, err := os.ReadFile("testdata/prose.txt")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	rows, size := make([]string, n), 0
	for i := range rows {
		rows[i] = lines[i%len(lines)]
		size += len(rows[i])
	}
	return rows, size
}

// BenchmarkWordPiece encodes English prose with bert-base-uncased on one core, special
// tokens added, in MB/s of input text. Compare with `node testdata/bench.js` run alongside
// (the goal is at least 10 times Hugging Face's throughput).
func BenchmarkWordPiece(b *testing.B) {
	tok := loadBert(b, "tokenizer.json")
	rows, size := proseRows(b, 6000)
	enc := NewEncoder(tok)
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, r := range rows {
			enc.Encode(r, true)
		}
	}
}
