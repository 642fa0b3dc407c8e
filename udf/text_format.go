package udf

import (
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// format(), the quote_* functions, and || between text and a value of another type, as
// PostgreSQL's varlena.c and quote.c define them. Values of other types are printed with
// their type's text output, so these functions are stable, not immutable.

func registerTextFormat(b builder) {
	t, anyT, nonArray := types.Text, types.AnyElement, types.AnyNonArray
	stable := func(f *catalog.Func) *catalog.Func {
		f.Volatility = catalog.Stable
		return f
	}
	b.op(2779, "||", t, nonArray, stable(b.scalar(2003, "textanycat", oids(t, nonArray), t, textAnyCat)))
	b.op(2780, "||", nonArray, t, stable(b.scalar(2004, "anytextcat", oids(nonArray, t), t, textAnyCat)))

	b.scalar(1282, "quote_ident", oids(t), t, textKernel(func(out *strOut, s string) { out.appendString(types.QuoteIdent(s)) }))
	b.scalar(1283, "quote_literal", oids(t), t, textKernel(func(out *strOut, s string) { out.appendString(quoteLiteral(s)) }))
	stable(b.scalar(1285, "quote_literal", oids(anyT), t, quoteAny(false)))
	qn := b.scalar(1289, "quote_nullable", oids(t), t, quoteAny(true))
	qn.Strict = false
	qna := stable(b.scalar(1290, "quote_nullable", oids(anyT), t, quoteAny(true)))
	qna.Strict = false

	f1 := stable(b.scalar(3540, "format", oids(t), t, format))
	f1.Strict = false
	fv := stable(b.scalar(3539, "format", oids(t, types.Any), t, format))
	fv.Strict, fv.Variadic = false, true
	b.addVariadicArray("format", oids(t), t, format, true)
}

// textAnyCat is text || x and x || text, x printed by its output function: concat of the
// two, which the strict call leaves NULL when either is.
func textAnyCat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return concat(env, args)
}

// quoteAny is quote_literal(anyelement), and quote_nullable when nullable: NULL becomes the
// word NULL instead of a NULL result.
func quoteAny(nullable bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		n := batchLen(env, args)
		part := concatParts(env, args)[0]
		mem := allocator(env)
		out := newStrOut(mem, n, 16*n)
		scratch := newStrOut(mem, 0, 64)
		defer scratch.fail(nil) // releases the scratch buffers
		for i := 0; i < n; i++ {
			scratch.data = scratch.data[:0]
			if !part(scratch, i) {
				if nullable {
					out.appendString("NULL")
					out.end()
				} else {
					out.endNull(mem)
				}
				continue
			}
			out.appendString(quoteLiteral(string(scratch.data)))
			out.end()
		}
		return out.finish(), nil
	}
}

// quoteLiteral quotes s as a string literal: quotes doubled, and backslashes doubled under
// an E prefix when there are any.
func quoteLiteral(s string) string {
	var sb strings.Builder
	if strings.IndexByte(s, '\\') >= 0 {
		sb.WriteByte('E')
	}
	sb.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' || c == '\\' {
			sb.WriteByte(c)
		}
		sb.WriteByte(c)
	}
	sb.WriteByte('\'')
	return sb.String()
}

func errFormat(msg string) *pgerror.Error {
	return pgerror.New(pgcode.InvalidParameterValue, msg)
}

func errFormatSpec(msg string) error {
	return errFormat(msg).WithHint(`For a single "%" use "%%".`)
}

// format is format(formatstr, args...): %s, %I and %L conversions with optional argument
// positions (%2$s), a - flag and widths, direct or taken from an argument (%*s, %*3$s).
func format(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := batchLen(env, args)
	fmtArr := stringsOf(args[0])
	parts := concatPartsFrom(env, args[1:], 1)
	mem := allocator(env)
	out := newStrOut(mem, n, 16*n)
	f := formatter{args: parts, scratch: newStrOut(mem, 0, 64)}
	defer f.scratch.fail(nil) // releases the scratch buffers
	for i := 0; i < n; i++ {
		if fmtArr.IsNull(i) {
			out.endNull(mem)
			continue
		}
		if err := f.run(out, fmtArr.Value(i), i); err != nil {
			return nil, out.fail(err)
		}
		out.end()
	}
	return out.finish(), nil
}

type formatter struct {
	args    []concatPart
	scratch *strOut
}

// value returns the text of argument k (1-based) in row i, and false for NULL.
func (f *formatter) value(k, i int) (string, bool) {
	f.scratch.data = f.scratch.data[:0]
	if !f.args[k-1](f.scratch, i) {
		return "", false
	}
	return string(f.scratch.data), true
}

func (f *formatter) run(out *strOut, s string, row int) error {
	unterminated := func() error { return errFormatSpec("unterminated format() type specifier") }
	arg := 0
	for p := 0; p < len(s); p++ {
		if s[p] != '%' {
			out.appendByte(s[p])
			continue
		}
		if p++; p >= len(s) {
			return unterminated()
		}
		if s[p] == '%' {
			out.appendByte('%')
			continue
		}
		// [argpos$][-...][width | * | *argpos$]type
		argpos, widthpos, width, left := 0, -1, 0, false
		num, ok, next, err := parseFormatDigits(s, p)
		if err != nil {
			return err
		}
		p = next
		if ok {
			if p >= len(s) {
				return unterminated()
			}
			if s[p] != '$' {
				width = num
				goto conversion
			}
			if num == 0 {
				return errFormat("format specifies argument 0, but arguments are numbered from 1")
			}
			argpos = num
			if p++; p >= len(s) {
				return unterminated()
			}
		}
		for s[p] == '-' {
			left = true
			if p++; p >= len(s) {
				return unterminated()
			}
		}
		if s[p] == '*' {
			if p++; p >= len(s) {
				return unterminated()
			}
			num, ok, next, err := parseFormatDigits(s, p)
			if err != nil {
				return err
			}
			p = next
			widthpos = 0
			if ok {
				if p >= len(s) {
					return unterminated()
				}
				if s[p] != '$' {
					return errFormat(`width argument position must be ended by "$"`)
				}
				if num == 0 {
					return errFormat("format specifies argument 0, but arguments are numbered from 1")
				}
				widthpos = num
				if p++; p >= len(s) {
					return unterminated()
				}
			}
		} else {
			num, ok, next, err := parseFormatDigits(s, p)
			if err != nil {
				return err
			}
			if p = next; ok {
				width = num
				if p >= len(s) {
					return unterminated()
				}
			}
		}
	conversion:
		conv := s[p]
		if conv != 's' && conv != 'I' && conv != 'L' {
			_, size := utf8.DecodeRuneInString(s[p:])
			return errFormatSpec(`unrecognized format() type specifier "` + s[p:p+size] + `"`)
		}
		if widthpos >= 0 {
			if widthpos > 0 {
				arg = widthpos
			} else {
				arg++
			}
			if arg > len(f.args) {
				return errFormat("too few arguments for format()")
			}
			w := 0
			if v, ok := f.value(arg, row); ok {
				parsed, err := types.ParseInt4(v)
				if err != nil {
					return err
				}
				w = int(parsed)
			}
			if w < 0 {
				left = true
				if w == -1<<31 {
					return pgerror.New(pgcode.NumericValueOutOfRange, "number is out of range")
				}
				w = -w
			}
			width = w
		}
		if argpos > 0 {
			arg = argpos
		} else {
			arg++
		}
		if arg > len(f.args) {
			return errFormat("too few arguments for format()")
		}
		v, ok := f.value(arg, row)
		switch {
		case !ok && conv == 'I':
			return pgerror.New(pgcode.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
		case !ok && conv == 'L':
			v = "NULL"
		case conv == 'I':
			v = types.QuoteIdent(v)
		case conv == 'L':
			v = quoteLiteral(v)
		}
		pad := width - utf8.RuneCountInString(v)
		if !left {
			for ; pad > 0; pad-- {
				out.appendByte(' ')
			}
		}
		out.appendString(v)
		for ; pad > 0; pad-- {
			out.appendByte(' ')
		}
	}
	return nil
}

// parseFormatDigits reads a decimal number at s[p:]; ok is false when there is none.
func parseFormatDigits(s string, p int) (n int, ok bool, next int, err error) {
	for p < len(s) && s[p] >= '0' && s[p] <= '9' {
		n = n*10 + int(s[p]-'0')
		if n > 1<<31-1 {
			return 0, false, p, pgerror.New(pgcode.NumericValueOutOfRange, "number is out of range")
		}
		ok = true
		p++
	}
	return n, ok, p, nil
}
