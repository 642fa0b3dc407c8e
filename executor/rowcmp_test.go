package executor

import (
	"cmp"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestRowComparator checks the order of each type by comparing every adjacent pair of a
// column listed in ascending order (NULLS LAST); equal marks rows that tie with the next.
func TestRowComparator(t *testing.T) {
	cases := []struct {
		dt     arrow.DataType
		values string
		equal  []int
	}{
		{types.TInt2.Arrow(), `[-32768, -1, 0, 32767, null]`, nil},
		{types.TInt4.Arrow(), `[-2147483648, 0, 0, 2147483647]`, []int{1}},
		{types.TOid.Arrow(), `[0, 1, 4294967295]`, nil},
		{types.TFloat4.Arrow(), `["-Inf", -1.5, -0.0, 0.0, 1e30, "Inf", "NaN", "NaN", null]`, []int{2, 6}},
		{types.TNumeric.Arrow(), `["-99999999999999999999.00", "-1.00", "-0.01", "0", "0.010", "0.01", "0.010000001", "12345678901234567890", null, null]`, []int{4, 8}},
		{types.TText.Arrow(), `["", "B", "a", "a", "ab", "b", "é"]`, []int{2}},
		{types.TBool.Arrow(), `[false, true, true, null]`, []int{1}},
		{types.TDate.Arrow(), `[-1, 0, 18000]`, nil},
		{types.TTimestamp.Arrow(), `["1969-12-31T23:59:59", "2020-01-01T00:00:00"]`, nil},
		{types.TInterval.Arrow(), `[{"months":0,"days":0,"nanoseconds":-1}, {"months":0,"days":29,"nanoseconds":86399999999999},
			{"months":1,"days":0,"nanoseconds":0}, {"months":0,"days":30,"nanoseconds":0}, {"months":0,"days":0,"nanoseconds":2592000000000001}]`, []int{2}},
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, tc := range cases {
		arr := fxJSON(t, mem, tc.dt, tc.values)
		for _, desc := range []bool{false, true} {
			c, err := newRowComparator(arr, desc, desc)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i+1 < arr.Len(); i++ {
				want := -1
				for _, e := range tc.equal {
					if e == i {
						want = 0
					}
				}
				if desc {
					want = -want
				}
				if got := c(i, i+1); sign(got) != want {
					t.Errorf("%s desc=%v: compare(%s, %s) = %d, want %d", tc.dt, desc, arr.ValueStr(i), arr.ValueStr(i+1), got, want)
				}
				if got := c(i+1, i); sign(got) != -want {
					t.Errorf("%s desc=%v: compare(%s, %s) = %d, want %d", tc.dt, desc, arr.ValueStr(i+1), arr.ValueStr(i), got, -want)
				}
				// The radix sort's integer form must order non-NULL values the same way (a
				// prefix form may also tie).
				if norm, exact, ok := normalizedKeys(arr, desc); ok && arr.IsValid(i) && arr.IsValid(i+1) {
					if got := cmp.Compare(norm[i], norm[i+1]); got != want && (exact || got != 0) {
						t.Errorf("%s desc=%v: normalized %s vs %s = %d, want %d", tc.dt, desc, arr.ValueStr(i), arr.ValueStr(i+1), got, want)
					}
				}
			}
		}
		arr.Release()
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}
