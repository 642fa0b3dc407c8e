package stats

import (
	"fmt"
	"math"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

func int32Array(n, distinct int, nullEvery int) arrow.Array {
	b := array.NewInt32Builder(memory.DefaultAllocator)
	defer b.Release()
	for i := 0; i < n; i++ {
		if nullEvery > 0 && i%nullEvery == 0 {
			b.AppendNull()
			continue
		}
		b.Append(int32(i % distinct))
	}
	return b.NewArray()
}

// TestSketchDistinct checks the distinct-count estimate across magnitudes, for integers and
// strings, against the HyperLogLog's error bound (about 1.6%; 5% allowed).
func TestSketchDistinct(t *testing.T) {
	for _, distinct := range []int{1, 7, 100, 5000, 200000} {
		var s Sketch
		arr := int32Array(400000, distinct, 0)
		s.Add(arr)
		arr.Release()
		if got := s.Column().NDV; math.Abs(got-float64(distinct)) > 0.05*float64(distinct)+0.5 {
			t.Errorf("int32, %d distinct: NDV %.1f", distinct, got)
		}

		var ss Sketch
		b := array.NewStringBuilder(memory.DefaultAllocator)
		for i := 0; i < 100000; i++ {
			b.Append(fmt.Sprintf("value %d", i%distinct))
		}
		sa := b.NewArray()
		b.Release()
		ss.Add(sa)
		sa.Release()
		want := float64(min(distinct, 100000))
		if got := ss.Column().NDV; math.Abs(got-want) > 0.05*want+0.5 {
			t.Errorf("text, %v distinct: NDV %.1f", want, got)
		}
	}
}

// TestSketchMerge checks that sketches of parts merge into the sketch of the whole.
func TestSketchMerge(t *testing.T) {
	var whole, a, b Sketch
	x, y := int32Array(50000, 30000, 7), int32Array(50000, 50000, 0)
	defer x.Release()
	defer y.Release()
	whole.Add(x)
	whole.Add(y)
	a.Add(x)
	b.Add(y)
	a.Merge(&b)
	if a.Column() != whole.Column() || a.Rows != 100000 {
		t.Errorf("merged %+v, whole %+v", a.Column(), whole.Column())
	}
	c := whole.Column()
	if c.Min != 0 || c.Max != 49999 || !c.HasRange {
		t.Errorf("range %v..%v (%v)", c.Min, c.Max, c.HasRange)
	}
	if want := float64(50000/7+1) / 100000; math.Abs(c.NullFrac-want) > 1e-9 {
		t.Errorf("null fraction %v, want %v", c.NullFrac, want)
	}
}

// TestSketchRanges checks that dates, timestamps and numerics land on one number line.
func TestSketchRanges(t *testing.T) {
	var d Sketch
	db := array.NewDate32Builder(memory.DefaultAllocator)
	db.AppendValues([]arrow.Date32{10, 3, 7}, nil)
	da := db.NewArray()
	d.Add(da)
	if c := d.Column(); c.Min != 3*86400 || c.Max != 10*86400 || c.NDV < 2.9 || c.NDV > 3.1 {
		t.Errorf("date column %+v", c)
	}
	var n Sketch
	nb := array.NewFixedSizeBinaryBuilder(memory.DefaultAllocator, types.NumericArrowType.(*arrow.FixedSizeBinaryType))
	for _, s := range []string{"1.50", "-2.25", "100", "NaN", "0.001"} {
		v, err := types.ParseNumeric(s, types.TNumeric)
		if err != nil {
			t.Fatal(err)
		}
		types.AppendNumericBuilder(nb, v)
	}
	nb.AppendNull()
	na := nb.NewArray()
	n.Add(na)
	if c := n.Column(); c.Min != -2.25 || c.Max != 100 || c.NullFrac != 1.0/6 {
		t.Errorf("numeric column %+v", c)
	}
}
