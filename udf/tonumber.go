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

// to_number reads a number through a template, as NUM_processor does in input mode: every
// template position consumes input characters whether or not they match, signs are taken
// from wherever the template allows them, and the digits read become a numeric with the
// template's precision and the number of decimals actually read.

func registerToNumber(b builder) {
	f := b.scalar(1777, "to_number", oids(types.Text, types.Text), types.Numeric, toNumber)
	f.Volatility = catalog.Stable
}

func toNumber(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	x, tmpl := stringsOf(args[0]), stringsOf(args[1])
	n := x.Len()
	buf, out := newFixed[types.Num](allocator(env), n)
	var (
		f    *numFormat
		prev string
	)
	for i := 0; i < n; i++ {
		if !env.RowValid(i) {
			continue
		}
		if s := tmpl.Value(i); f == nil || s != prev {
			var err error
			if f, err = parseNumFormat(s); err != nil {
				buf.Release()
				return nil, err
			}
			prev = s
		}
		v, err := readNumber(f, x.Value(i))
		if err != nil {
			buf.Release()
			return nil, err
		}
		out[i] = v
	}
	return makeArray(types.NumericArrowType, n, nil, 0, buf), nil
}

// numReader is NUM_processor's state in input mode.
type numReader struct {
	d        numDesc
	in       string
	pos      int
	sign     byte // ' ' until a sign is read
	digits   []byte
	readPre  int
	readPost int
	readDec  bool
}

func (r *numReader) overload() bool { return r.pos >= len(r.in) }

// amount reports whether k more bytes remain.
func (r *numReader) amount(k int) bool { return r.pos+k <= len(r.in) }

// eatNonData skips up to k characters that cannot be part of a number.
func (r *numReader) eatNonData(k int) {
	for ; k > 0 && !r.overload(); k-- {
		if strings.IndexByte("0123456789.,+-", r.in[r.pos]) >= 0 {
			return
		}
		_, size := utf8.DecodeRuneInString(r.in[r.pos:])
		r.pos += size
	}
}

func readNumber(f *numFormat, s string) (types.Num, error) {
	d := f.desc
	if d.has(nfEEEE) {
		return types.Num{}, pgerror.New(pgcode.FeatureNotSupported, "\"EEEE\" not supported for input")
	}
	if d.has(nfRoman) {
		return types.Num{}, pgerror.New(pgcode.FeatureNotSupported, "\"RN\" not supported for input")
	}
	r := &numReader{d: d, in: s, sign: ' '}
	for _, n := range f.nodes {
		if r.overload() {
			break
		}
		if n.key == nkNone {
			_, size := utf8.DecodeRuneInString(r.in[r.pos:])
			r.pos += size
			continue
		}
		switch n.key {
		case nk9, nk0, nkDec, nkD:
			r.numpart(n.key)
		case nkComma:
			// PostgreSQL never marks digits as read in input mode, so in fill mode the
			// separators are skipped without consuming input.
			if d.has(nfFillMode) || r.in[r.pos] != ',' {
				continue
			}
		case nkG:
			if d.has(nfFillMode) {
				continue
			}
			if !r.amount(1) || r.in[r.pos] != ',' {
				continue
			}
		case nkL:
			if r.amount(1) && r.in[r.pos] == ' ' {
				break
			}
			r.eatNonData(1)
			continue
		case nkTH, nkTHLower:
			if d.has(nfDecimal) {
				continue
			}
			r.eatNonData(2)
			continue
		case nkMI:
			if r.in[r.pos] != '-' {
				r.eatNonData(1)
				continue
			}
			r.sign = '-'
		case nkPL:
			if r.in[r.pos] != '+' {
				r.eatNonData(1)
				continue
			}
			r.sign = '+'
		case nkSG:
			switch r.in[r.pos] {
			case '-', '+':
				r.sign = r.in[r.pos]
			default:
				r.eatNonData(1)
				continue
			}
		default:
			continue
		}
		r.pos++
	}
	text := r.digits
	if len(text) > 0 && text[len(text)-1] == '.' {
		text = text[:len(text)-1]
	}
	str := string(r.sign) + string(text)
	scale := r.readPost
	precision := d.pre + d.multi + scale
	t := types.T{OID: types.Numeric, Typmod: -1}
	if precision >= 1 && precision <= types.NumericMaxPrecision {
		t.Typmod = types.MakeNumericTypmod(int32(precision), int32(scale))
	}
	v, err := types.ParseNumeric(str, t)
	if err != nil {
		return v, err
	}
	if d.has(nfMulti) && d.multi > 0 {
		// PostgreSQL multiplies by power(10, -multi), which carries 16 decimals.
		p, ok := types.NumericRescale(types.MakeNumeric(1, int32(d.multi)), int32(max(16, d.multi)))
		m, ok2 := types.NumericMul(v, p)
		if !ok || !ok2 {
			return v, errNumericOverflow()
		}
		v = m
	}
	return v, nil
}

// numpart is NUM_numpart_from_char: an optional sign before the first digit, then one digit
// or the decimal point, then a sign right behind the last digit for S.
func (r *numReader) numpart(id numKey) {
	if r.overload() {
		return
	}
	if r.in[r.pos] == ' ' {
		r.pos++
	}
	if r.overload() {
		return
	}
	if r.sign == ' ' && (id == nk0 || id == nk9) && r.readPre+r.readPost == 0 {
		c := r.in[r.pos]
		switch {
		case r.d.has(nfLSign) && r.d.lsign == lsignPre:
			if c == '-' || c == '+' {
				r.sign = c
				r.pos++
			}
		case c == '-' || (r.d.has(nfBracket) && c == '<'):
			r.sign = '-'
			r.pos++
		case c == '+':
			r.sign = '+'
			r.pos++
		}
	}
	if r.overload() {
		return
	}
	c := r.in[r.pos]
	read := false
	switch {
	case c >= '0' && c <= '9':
		if r.readDec && r.readPost == r.d.post {
			return
		}
		r.digits = append(r.digits, c)
		if r.readDec {
			r.readPost++
		} else {
			r.readPre++
		}
		read = true
	case r.d.has(nfDecimal) && !r.readDec && c == '.':
		r.digits = append(r.digits, '.')
		r.readDec = true
		read = true
	}
	if r.sign != ' ' || r.readPre+r.readPost == 0 {
		return
	}
	switch {
	case r.d.has(nfLSign) && read && r.pos+1 < len(r.in) && !(r.in[r.pos+1] >= '0' && r.in[r.pos+1] <= '9'):
		// S is anchored right behind the last digit.
		if next := r.in[r.pos+1]; next == '-' || next == '+' {
			r.sign = next
			r.pos++
		}
	case !read && !r.d.has(nfLSign) && (r.d.has(nfPlus) || r.d.has(nfMinus)):
		// A sign where a digit was expected, for MI/PL/SG templates that do not pin the
		// sign's position (FM9.999999MI reading 5.01-).
		if c == '-' || c == '+' {
			r.sign = c
		}
	}
}
