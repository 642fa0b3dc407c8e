package planner

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

// TestAddEnumValue checks the sort orders ALTER TYPE ... ADD VALUE assigns, as
// AddEnumLabel does: after the last value, below the first, float4 midpoints between
// neighbours, and a renumbering 1, 2, ... when float4 can split a gap no further.
func TestAddEnumValue(t *testing.T) {
	var labels []types.EnumLabel
	add := func(label, neighbor string, after bool) {
		t.Helper()
		var err error
		if labels, err = addEnumValue(labels, label, neighbor, after); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []string{"venus", "earth", "mars", "uranus"} {
		add(l, "", false)
	}
	add("mercury", "venus", false)
	add("saturn", "uranus", false)
	add("jupiter", "mars", true)
	add("neptune", "uranus", true)
	// PostgreSQL's enum regression test lists these orders for the same statements.
	want := "mercury 0 venus 1 earth 2 mars 3 jupiter 3.25 saturn 3.5 uranus 4 neptune 5 "
	got := ""
	for _, l := range labels {
		got += fmt.Sprintf("%s %g ", l.Label, l.SortOrder)
	}
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if _, err := addEnumValue(labels, "pluto", "zeus", true); err == nil || err.Error() != `"zeus" is not an existing enum label` {
		t.Fatalf("unknown neighbour: %v", err)
	}

	// Thirty values before the last one exhaust float4 halfway: the values are renumbered
	// and keep their order, with every sort order distinct and increasing.
	labels = nil
	add("L1", "", false)
	add("L2", "", false)
	for i := 1; i <= 30; i++ {
		add(fmt.Sprintf("i%d", i), "L2", false)
	}
	if labels[0].Label != "L1" || labels[31].Label != "L2" || labels[30].Label != "i30" {
		t.Fatalf("order: %v", labels)
	}
	for i := 1; i < len(labels); i++ {
		if labels[i].SortOrder <= labels[i-1].SortOrder {
			t.Fatalf("sort orders not increasing at %d: %v", i, labels)
		}
	}
	if labels[1].SortOrder != 2 || labels[19].SortOrder != 20 {
		t.Fatalf("expected a renumbering to 1, 2, ...: %v", labels[:21])
	}
}
