package regress

import (
	"regexp"
	"strings"
)

// Masked columns. Some values cannot be the same on two servers that are equal in every way
// that matters: psql's \dt+ prints a relation's Size, and pgfast's tables are Parquet files,
// not PostgreSQL's 8 kB heap pages. A file names such a column in a comment line
//
//	-- mask column: Size
//
// and the runner then replaces that column of every table psql prints in the output, the
// header and rows alike, with one fixed-width column holding maskedValue, before the output
// is compared or written as expected. Every other column of those tables is still compared
// as printed, and so is the column's presence and position.

// maskedValue stands for every value of a masked column.
const maskedValue = "(masked)"

// maskDirective is a file's comment line naming a column to mask.
var maskDirective = regexp.MustCompile(`(?m)^--\s*mask column:\s*(.+?)(?:\s+in\s+(.+?))?\s*$`)

// Mask names a column to mask in the tables titled Title ("": in every table).
type Mask struct {
	Column, Title string
}

// MaskedColumns returns the columns a regression file asks to mask, in order.
func MaskedColumns(sql string) []Mask {
	var out []Mask
	for _, m := range maskDirective.FindAllStringSubmatch(sql, -1) {
		out = append(out, Mask{Column: m[1], Title: m[2]})
	}
	return out
}

// separatorLine matches the line of dashes under the header of psql's aligned tables.
var separatorLine = regexp.MustCompile(`^-+(\+-+)*$`)

// MaskColumns replaces the masked columns of the aligned tables of psql output out with a
// column of maskedValue (see the package's masked columns).
func MaskColumns(out string, masks []Mask) string {
	if len(masks) == 0 {
		return out
	}
	lines := strings.Split(out, "\n")
	for i := 1; i < len(lines); i++ {
		if !separatorLine.MatchString(lines[i]) {
			continue
		}
		for _, m := range masks {
			if m.Title == "" || i >= 2 && strings.TrimSpace(lines[i-2]) == m.Title {
				maskTable(lines, i, m.Column)
			}
		}
	}
	return strings.Join(lines, "\n")
}

// maskTable masks column name of the table whose separator is lines[sep]: the header above
// it and the rows below, up to the row count or a blank line.
func maskTable(lines []string, sep int, name string) {
	bounds := columnBounds(lines[sep])
	header := []rune(lines[sep-1])
	col := -1
	for k, b := range bounds {
		if b[0] < len(header) && strings.TrimSpace(string(header[b[0]:min(b[1], len(header))])) == name {
			col = k
			break
		}
	}
	if col < 0 {
		return
	}
	width := max(len([]rune(name)), len(maskedValue))
	pad := width - len([]rune(name))
	lines[sep-1] = replaceSpan(lines[sep-1], bounds[col], " "+strings.Repeat(" ", pad/2)+name+strings.Repeat(" ", pad-pad/2)+" ")
	lines[sep] = replaceSpan(lines[sep], bounds[col], strings.Repeat("-", width+2))
	for r := sep + 1; r < len(lines) && lines[r] != "" && !strings.HasPrefix(lines[r], "("); r++ {
		lines[r] = replaceSpan(lines[r], bounds[col], " "+maskedValue+strings.Repeat(" ", width-len(maskedValue))+" ")
	}
}

// columnBounds returns each column's span of runes [start, end) in a table's lines, read
// from its separator line ("---+----"); the last column runs to the end of the line.
func columnBounds(sep string) [][2]int {
	var out [][2]int
	start := 0
	for i, r := range []rune(sep) {
		if r == '+' {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return append(out, [2]int{start, 1 << 30})
}

// replaceSpan replaces the runes of line in span with s; a line too short to reach the span
// (a row whose last cells are empty) gets s after its padding.
func replaceSpan(line string, span [2]int, s string) string {
	r := []rune(line)
	if len(r) < span[0] {
		r = append(r, []rune(strings.Repeat(" ", span[0]-len(r)))...)
	}
	return string(r[:span[0]]) + s + string(r[min(span[1], len(r)):])
}
