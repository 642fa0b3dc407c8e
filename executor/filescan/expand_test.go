package filescan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestExpand checks how a foreign table's filename names files: one file, a glob in name
// order, missing files (58P01), and confinement to the server's --file-dirs, which a
// symbolic link out of them does not escape (42501).
func TestExpand(t *testing.T) {
	root := t.TempDir()
	allowed, other := filepath.Join(root, "allowed"), filepath.Join(root, "other")
	for _, d := range []string{allowed, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(allowed, "b.csv"), filepath.Join(allowed, "a.csv"), filepath.Join(other, "secret.csv")} {
		if err := os.WriteFile(f, []byte("1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(other, "secret.csv"), filepath.Join(allowed, "link.csv")); err != nil {
		t.Fatal(err)
	}
	dirs := []string{allowed}
	for _, tc := range []struct {
		name string
		dirs []string
		want []string
		code pgcode.Code
	}{
		{name: filepath.Join(allowed, "a.csv"), dirs: dirs, want: []string{filepath.Join(allowed, "a.csv")}},
		{name: filepath.Join(allowed, "[ab].csv"), dirs: dirs, want: []string{filepath.Join(allowed, "a.csv"), filepath.Join(allowed, "b.csv")}},
		{name: filepath.Join(allowed, "none.csv"), dirs: dirs, code: pgcode.UndefinedFile},
		{name: filepath.Join(allowed, "*.parquet"), dirs: dirs, code: pgcode.UndefinedFile},
		{name: filepath.Join(other, "secret.csv"), dirs: dirs, code: pgcode.InsufficientPrivilege},
		{name: filepath.Join(allowed, "../other/secret.csv"), dirs: dirs, code: pgcode.InsufficientPrivilege},
		{name: filepath.Join(allowed, "link.csv"), dirs: dirs, code: pgcode.InsufficientPrivilege},
		{name: filepath.Join(allowed, "link.csv"), want: []string{filepath.Join(allowed, "link.csv")}},
	} {
		got, err := Expand(tc.name, tc.dirs)
		if tc.code != "" {
			if pgerror.GetCode(err) != tc.code {
				t.Errorf("Expand(%s, %v): %v, want %s", tc.name, tc.dirs, err, tc.code)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) || (len(got) > 1 && got[1] != tc.want[1]) {
			t.Errorf("Expand(%s, %v) = %v, %v, want %v", tc.name, tc.dirs, got, err, tc.want)
		}
	}
}
