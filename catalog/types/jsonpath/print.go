package jsonpath

import (
	"strconv"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
)

// String returns the path as jsonpath_out prints it.
func (p *Path) String() string {
	var b []byte
	if p.Strict {
		b = append(b, "strict "...)
	}
	return string(appendItem(b, p.Root, false, true))
}

// appendItem is printJsonPathItem: inKey prints the dot of a step, brackets parenthesizes
// an operator.
func appendItem(b []byte, it *Item, inKey, brackets bool) []byte {
	switch it.Kind {
	case Null:
		b = append(b, "null"...)
	case String:
		b = pgjson.AppendQuoted(b, []byte(it.Str))
	case Number:
		if it.Next != nil {
			b = append(b, '(')
		}
		b = append(b, it.Num...)
		if it.Next != nil {
			b = append(b, ')')
		}
	case Bool:
		if it.Bool {
			b = append(b, "true"...)
		} else {
			b = append(b, "false"...)
		}
	case And, Or, Equal, NotEqual, Less, Greater, LessEq, GreaterEq, Add, Sub, Mul, Div, Mod, StartsWith:
		if brackets {
			b = append(b, '(')
		}
		b = appendItem(b, it.Left, false, priority(it.Left.Kind) <= priority(it.Kind))
		b = append(b, ' ')
		b = append(b, opNames[it.Kind]...)
		b = append(b, ' ')
		b = appendItem(b, it.Right, false, priority(it.Right.Kind) <= priority(it.Kind))
		if brackets {
			b = append(b, ')')
		}
	case Not:
		b = append(b, "!("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case IsUnknown:
		b = append(b, '(')
		b = appendItem(b, it.Left, false, false)
		b = append(b, ") is unknown"...)
	case Plus, Minus:
		if brackets {
			b = append(b, '(')
		}
		b = append(b, opNames[it.Kind]...)
		b = appendItem(b, it.Left, false, priority(it.Left.Kind) <= priority(it.Kind))
		if brackets {
			b = append(b, ')')
		}
	case AnyArray:
		b = append(b, "[*]"...)
	case AnyKey:
		if inKey {
			b = append(b, '.')
		}
		b = append(b, '*')
	case Index:
		b = append(b, '[')
		for i, s := range it.Subs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendItem(b, s.From, false, false)
			if s.To != nil {
				b = append(b, " to "...)
				b = appendItem(b, s.To, false, false)
			}
		}
		b = append(b, ']')
	case Any:
		if inKey {
			b = append(b, '.')
		}
		b = appendLevels(b, it.First, it.LastLvl)
	case Key:
		if inKey {
			b = append(b, '.')
		}
		b = pgjson.AppendQuoted(b, []byte(it.Str))
	case Current:
		b = append(b, '@')
	case Root:
		b = append(b, '$')
	case Variable:
		b = append(b, '$')
		b = pgjson.AppendQuoted(b, []byte(it.Str))
	case Filter:
		b = append(b, "?("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case Exists:
		b = append(b, "exists ("...)
		b = appendItem(b, it.Left, false, false)
		b = append(b, ')')
	case Method:
		b = append(b, '.')
		b = append(b, it.Str...)
		b = append(b, "()"...)
	case Datetime:
		b = append(b, ".datetime("...)
		if it.Left != nil {
			b = appendItem(b, it.Left, false, false)
		}
		b = append(b, ')')
	case Last:
		b = append(b, "last"...)
	case LikeRegex:
		if brackets {
			b = append(b, '(')
		}
		b = appendItem(b, it.Left, false, priority(it.Left.Kind) <= priority(it.Kind))
		b = append(b, " like_regex "...)
		b = pgjson.AppendQuoted(b, []byte(it.Str))
		if it.Flags != "" {
			b = append(b, " flag \""...)
			b = append(b, it.Flags...)
			b = append(b, '"')
		}
		if brackets {
			b = append(b, ')')
		}
	}
	if it.Next != nil {
		b = appendItem(b, it.Next, true, true)
	}
	return b
}

func appendLevels(b []byte, first, last uint32) []byte {
	level := func(b []byte, l uint32) []byte {
		if l == LastLevel {
			return append(b, "last"...)
		}
		return strconv.AppendUint(b, uint64(l), 10)
	}
	switch {
	case first == 0 && last == LastLevel:
		return append(b, "**"...)
	case first == last:
		return append(level(append(b, "**{"...), first), '}')
	}
	b = level(append(b, "**{"...), first)
	b = level(append(b, " to "...), last)
	return append(b, '}')
}
