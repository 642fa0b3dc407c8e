package stats

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// TestSketchEncoding: a decoded sketch estimates what the original does, and merges like it;
// damaged encodings are refused.
func TestSketchEncoding(t *testing.T) {
	b := array.NewInt64Builder(memory.DefaultAllocator)
	for i := range 10_000 {
		if i%10 == 0 {
			b.AppendNull()
			continue
		}
		b.Append(int64(i % 3000))
	}
	arr := b.NewArray()
	defer arr.Release()
	var s Sketch
	s.Add(arr)
	enc, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d Sketch
	if err := d.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if d.Column() != s.Column() || d.Rows != s.Rows || d.Nulls != s.Nulls {
		t.Fatalf("decoded %+v (rows %d, nulls %d), encoded %+v (rows %d, nulls %d)", d.Column(), d.Rows, d.Nulls, s.Column(), s.Rows, s.Nulls)
	}
	if c := d.Column(); !c.HasRange || c.Min != 1 || c.Max != 2999 || c.NDV < 2500 || c.NDV > 3500 {
		t.Fatalf("decoded column %+v", c)
	}
	var empty Sketch
	enc0, _ := empty.MarshalBinary()
	for _, bad := range [][]byte{nil, enc[:len(enc)-1], append([]byte{9}, enc[1:]...), enc0[:3]} {
		if err := new(Sketch).UnmarshalBinary(bad); err == nil {
			t.Errorf("accepted a damaged encoding of %d bytes", len(bad))
		}
	}
}
