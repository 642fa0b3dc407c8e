package regress

import (
	"fmt"
	"strings"
	"unicode"
)

// contextLines is how many unchanged lines surround each change in a unified diff, as in
// pg_regress's "diff -U3".
const contextLines = 3

// maxEditDistance bounds the work of a diff. Past it the files are reported as entirely
// different, which is what such a diff is worth reading as anyway.
const maxEditDistance = 4000

type opKind byte

const (
	opEqual  opKind = ' '
	opDelete opKind = '-'
	opInsert opKind = '+'
)

// editOp is one line of an edit script: ai and bi are the 0-based positions in a and b
// before the line is applied.
type editOp struct {
	kind   opKind
	ai, bi int
}

// Diff compares a (expected) with b (actual) line by line, ignoring white space within
// lines as "diff -w" does (psql pads columns, and PostgreSQL's own test harness forgives
// padding). It returns the number of lines that differ, deleted plus inserted, and a unified
// diff with labels nameA and nameB, which is empty when the inputs match.
func Diff(nameA, a, nameB, b string) (changed int, unified string) {
	al, bl := splitLines(a), splitLines(b)
	ops := editScript(stripKeys(al), stripKeys(bl))
	for _, op := range ops {
		if op.kind != opEqual {
			changed++
		}
	}
	if changed == 0 {
		return 0, ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "diff -U%d -w %s %s\n--- %s\n+++ %s\n", contextLines, nameA, nameB, nameA, nameB)
	writeHunks(&sb, ops, al, bl)
	return changed, sb.String()
}

// splitLines splits s into lines without their terminators.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// stripKeys returns the lines with all white space removed: the comparison keys of diff -w.
func stripKeys(lines []string) []string {
	keys := make([]string, len(lines))
	for i, l := range lines {
		keys[i] = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, l)
	}
	return keys
}

// editScript returns a shortest edit script turning a into b (Myers' O(ND) algorithm). The
// state of each round is kept to walk the path back; rounds grow with the edit distance d
// only, so memory is O(d²), and past maxEditDistance the files are called wholly different.
func editScript(a, b []string) []editOp {
	n, m := len(a), len(b)
	offset := n + m + 1
	v := make([]int, 2*offset+1)
	var trace [][]int
	found := -1
	for d := 0; d <= n+m && d <= maxEditDistance && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = d
			}
		}
		trace = append(trace, append([]int(nil), v[offset-d:offset+d+1]...))
	}
	if found < 0 {
		ops := make([]editOp, 0, n+m)
		for i := range n {
			ops = append(ops, editOp{opDelete, i, 0})
		}
		for j := range m {
			ops = append(ops, editOp{opInsert, n, j})
		}
		return ops
	}

	// Walk back from (n, m), collecting the script in reverse.
	var rev []editOp
	x, y := n, m
	for d := found; d > 0; d-- {
		prev := trace[d-1] // state after round d-1, indexed by k+(d-1)
		k := x - y
		down := k == -d || (k != d && prev[k-1+d-1] < prev[k+1+d-1])
		prevK := k - 1
		if down {
			prevK = k + 1
		}
		prevX := prev[prevK+d-1]
		startX := prevX + 1 // x where the snake after this round's edit starts
		if down {
			startX = prevX
		}
		for x > startX {
			x--
			y--
			rev = append(rev, editOp{opEqual, x, y})
		}
		if down {
			y--
			rev = append(rev, editOp{opInsert, x, y})
		} else {
			x--
			rev = append(rev, editOp{opDelete, x, y})
		}
	}
	for x > 0 {
		x--
		y--
		rev = append(rev, editOp{opEqual, x, y})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// writeHunks writes the changes of ops as unified-diff hunks with contextLines of context;
// changes closer than twice that share a hunk.
func writeHunks(sb *strings.Builder, ops []editOp, a, b []string) {
	for i := 0; i < len(ops); {
		if ops[i].kind == opEqual {
			i++
			continue
		}
		start := max(0, i-contextLines)
		// Extend the hunk over every change whose gap to the previous one is small.
		last := i
		for j := i + 1; j < len(ops); j++ {
			if ops[j].kind == opEqual {
				if j-last > 2*contextLines {
					break
				}
				continue
			}
			last = j
		}
		end := min(len(ops), last+contextLines+1)

		aCount, bCount := 0, 0
		for _, op := range ops[start:end] {
			if op.kind != opInsert {
				aCount++
			}
			if op.kind != opDelete {
				bCount++
			}
		}
		fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(ops[start].ai, aCount), hunkRange(ops[start].bi, bCount))
		for _, op := range ops[start:end] {
			switch op.kind {
			case opEqual, opDelete:
				sb.WriteByte(byte(op.kind))
				sb.WriteString(a[op.ai])
			case opInsert:
				sb.WriteByte('+')
				sb.WriteString(b[op.bi])
			}
			sb.WriteByte('\n')
		}
		i = end
	}
}

// hunkRange formats a hunk's line range the way GNU diff does: a lone line is just its
// number, an empty range names the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	default:
		return fmt.Sprintf("%d,%d", start+1, count)
	}
}
