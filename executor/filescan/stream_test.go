package filescan

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestFileChangedDuringScan appends to a file after the first batch of its scan: the scan
// fails with 55000 instead of answering from a file that is no longer the one it started.
// The file is several times larger than what the reader buffers ahead, so the scan is
// still reading when it grows.
func TestFileChangedDuringScan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grow.csv")
	var sb strings.Builder
	for i := range 5_000_000 {
		fmt.Fprintf(&sb, "%d\n", i)
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	def := &catalog.TableDef{Name: "grow", Kind: catalog.KindForeign, Columns: []catalog.Column{{Name: "i", Type: types.TInt4}},
		Foreign: &catalog.ForeignTable{Options: catalog.Options{{Name: "filename", Value: path}}}}
	scan := &planner.Scan{Table: def, Cols: []int{0}, Out: []planner.Column{{Name: "i", Type: types.TInt4}}}
	schema := arrow.NewSchema([]arrow.Field{{Name: "i", Type: arrow.PrimitiveTypes.Int32, Nullable: true}}, nil)
	ctx := executor.NewCtx(context.Background(), memory.DefaultAllocator, nil, nil, types.DefaultIOSettings(), 2)
	s, err := Reader{}.Open(ctx, scan, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec, err := s.Next()
	if err != nil {
		t.Fatal(err)
	}
	rec.Release()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, 1)
	f.Close()
	for {
		rec, err := s.Next()
		if err == io.EOF {
			t.Fatal("the scan ended without noticing the file grew")
		}
		if err != nil {
			if pgerror.GetCode(err) != pgcode.ObjectNotInPrerequisiteState {
				t.Fatalf("got %v, want 55000", err)
			}
			return
		}
		rec.Release()
	}
}
