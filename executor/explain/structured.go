package explain

import (
	"fmt"
	"strings"
)

// writeJSON writes o as PostgreSQL's JSON format writes an object whose keys are indented
// by keys spaces (its braces by two fewer, the opening one already written by the caller's
// line).
func writeJSON(b *strings.Builder, o *obj, keys int) {
	pad := strings.Repeat(" ", keys)
	b.WriteString("{\n")
	for i, p := range o.props {
		b.WriteString(pad + jsonString(p.key) + ": ")
		switch v := p.val.(type) {
		case string:
			b.WriteString(jsonString(v))
		case num:
			b.WriteString(string(v))
		case bool:
			fmt.Fprint(b, v)
		case []string:
			b.WriteString("[")
			for j, s := range v {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(jsonString(s))
			}
			b.WriteString("]")
		case *obj:
			writeJSON(b, v, keys+2)
		case []*obj:
			b.WriteString("[\n")
			for j, c := range v {
				b.WriteString(pad + "  ")
				writeJSON(b, c, keys+4)
				if j < len(v)-1 {
					b.WriteString(",")
				}
				b.WriteString("\n")
			}
			b.WriteString(pad + "]")
		}
		if i < len(o.props)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(pad[:len(pad)-2] + "}")
}

// jsonString quotes s as PostgreSQL's escape_json does.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeYAML writes o's properties as PostgreSQL's YAML format does, each line at indent.
func writeYAML(b *strings.Builder, o *obj, indent int, first string) {
	for i, p := range o.props {
		pad := strings.Repeat(" ", indent)
		if i == 0 && first != "" {
			pad = first
		}
		b.WriteString(pad + p.key + ": ")
		switch v := p.val.(type) {
		case string:
			b.WriteString(jsonString(v) + "\n")
		case num:
			b.WriteString(string(v) + "\n")
		case bool:
			fmt.Fprintln(b, v)
		case []string:
			b.WriteString("\n")
			for _, s := range v {
				b.WriteString(strings.Repeat(" ", indent+2) + "- " + jsonString(s) + "\n")
			}
		case *obj:
			b.WriteString("\n")
			writeYAML(b, v, indent+2, "")
		case []*obj:
			b.WriteString("\n")
			for _, c := range v {
				writeYAML(b, c, indent+4, strings.Repeat(" ", indent+2)+"- ")
			}
		}
	}
}

// writeXML writes o's properties as PostgreSQL's XML format does: each key a tag with its
// spaces turned into hyphens.
func writeXML(b *strings.Builder, o *obj, indent int) {
	for _, p := range o.props {
		pad := strings.Repeat("  ", indent)
		tag := strings.ReplaceAll(p.key, " ", "-")
		switch v := p.val.(type) {
		case string:
			fmt.Fprintf(b, "%s<%s>%s</%s>\n", pad, tag, xmlEscape(v), tag)
		case num:
			fmt.Fprintf(b, "%s<%s>%s</%s>\n", pad, tag, v, tag)
		case bool:
			fmt.Fprintf(b, "%s<%s>%v</%s>\n", pad, tag, v, tag)
		case []string:
			fmt.Fprintf(b, "%s<%s>\n", pad, tag)
			for _, s := range v {
				fmt.Fprintf(b, "%s  <Item>%s</Item>\n", pad, xmlEscape(s))
			}
			fmt.Fprintf(b, "%s</%s>\n", pad, tag)
		case *obj:
			fmt.Fprintf(b, "%s<%s>\n", pad, tag)
			writeXML(b, v, indent+1)
			fmt.Fprintf(b, "%s</%s>\n", pad, tag)
		case []*obj:
			fmt.Fprintf(b, "%s<%s>\n", pad, tag)
			for _, c := range v {
				fmt.Fprintf(b, "%s  <Plan>\n", pad)
				writeXML(b, c, indent+2)
				fmt.Fprintf(b, "%s  </Plan>\n", pad)
			}
			fmt.Fprintf(b, "%s</%s>\n", pad, tag)
		}
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
