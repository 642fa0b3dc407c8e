package regress

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name    string
		a, b    string
		changed int
		want    string // unified diff without the header lines
	}{
		{name: "equal", a: "x\ny\n", b: "x\ny\n"},
		{name: "both empty"},
		{name: "white space is ignored", a: " id | val\n----+-----\n  1 | a\n", b: "id|val\n----+-----\n1 |   a\n"},
		{
			name: "one line changed", a: "1\n2\n3\n4\n5\n6\n7\n8\n9\n", b: "1\n2\n3\n4\nX\n6\n7\n8\n9\n",
			changed: 2, want: "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n",
		},
		{
			name: "insertion at start", a: "b\nc\n", b: "a\nb\nc\n",
			changed: 1, want: "@@ -1,2 +1,3 @@\n+a\n b\n c\n",
		},
		{
			name: "deletion at end", a: "a\nb\nc\n", b: "a\nb\n",
			changed: 1, want: "@@ -1,3 +1,2 @@\n a\n b\n-c\n",
		},
		{
			name: "insert into empty", a: "", b: "a\n",
			changed: 1, want: "@@ -0,0 +1 @@\n+a\n",
		},
		{
			name: "two distant hunks",
			a:    "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", b: "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
			changed: 4,
			want:    "@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n",
		},
		{
			name: "close changes share a hunk",
			a:    "a\n1\n2\n3\nb\n", b: "A\n1\n2\n3\nB\n",
			changed: 4,
			want:    "@@ -1,5 +1,5 @@\n-a\n+A\n 1\n 2\n 3\n-b\n+B\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed, got := Diff("exp", tc.a, "res", tc.b)
			if changed != tc.changed {
				t.Errorf("changed = %d, want %d", changed, tc.changed)
			}
			if tc.want == "" {
				if got != "" {
					t.Errorf("diff = %q, want none", got)
				}
				return
			}
			header := "diff -U3 -w exp res\n--- exp\n+++ res\n"
			if got != header+tc.want {
				t.Errorf("diff =\n%s\nwant\n%s%s", got, header, tc.want)
			}
		})
	}
}

// TestDiffMatchesGNUDiff checks the hunks against diff(1) on generated inputs, when it is
// installed.
func TestDiffMatchesGNUDiff(t *testing.T) {
	gnu, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("diff(1) not installed")
	}
	dir := t.TempDir()
	var a, b strings.Builder
	for i := range 300 {
		line := string(rune('a'+i%26)) + strings.Repeat("x", i%7)
		switch {
		case i%37 == 0:
			b.WriteString("changed " + line + "\n")
		case i%53 == 0:
			a.WriteString(line + "\n")
		case i%41 == 0:
			a.WriteString(line + "\n")
			b.WriteString(line + "\n")
			b.WriteString("inserted\n")
		default:
			a.WriteString(line + "\n")
			b.WriteString(line + "\n")
		}
	}
	pa, pb := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.WriteFile(pa, []byte(a.String()), 0o644)
	os.WriteFile(pb, []byte(b.String()), 0o644)
	out, _ := exec.Command(gnu, "-U3", "-w", pa, pb).Output()
	want := hunksOnly(string(out))
	_, got := Diff(pa, a.String(), pb, b.String())
	if hunksOnly(got) != want {
		t.Errorf("diff differs from diff(1):\n%s\nwant\n%s", got, want)
	}
}

// hunksOnly drops the header lines (which carry timestamps in diff(1)'s output).
func hunksOnly(d string) string {
	_, rest, _ := strings.Cut(d, "@@")
	return rest
}

func TestReadSchedule(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "schedule")
	os.WriteFile(path, []byte("# comment\n\ntest: a b\ntest: c\n"), 0o644)
	got, err := ReadSchedule(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "a,b,c" {
		t.Errorf("ReadSchedule = %q", got)
	}
	os.WriteFile(path, []byte("test: a\ntest: a\n"), 0o644)
	if _, err := ReadSchedule(path); err == nil {
		t.Error("duplicate test: no error")
	}
	os.WriteFile(path, []byte("a b\n"), 0o644)
	if _, err := ReadSchedule(path); err == nil {
		t.Error("line without test: prefix: no error")
	}
}
