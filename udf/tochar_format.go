package udf

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Number templates of to_char and to_number, parsed as PostgreSQL's formatting.c does: a
// template is a sequence of keyword nodes (9 0 . , D G S MI PL SG PR L RN TH V EEEE FM B)
// and literal characters, described as a whole by a numDesc (digits before and after the
// decimal point, sign placement, fill mode, ...). The output side (numProcess) follows
// NUM_processor step by step, since the exact placement of spaces, signs and zeros is what
// the regression outputs compare.

type numKey uint8

const (
	nkNone numKey = iota
	nkComma
	nkDec
	nk0
	nk9
	nkB
	nkD
	nkE
	nkFM
	nkG
	nkL
	nkMI
	nkPL
	nkPR
	nkRN
	nkSG
	nkSP
	nkS
	nkTH
	nkV
	nkRNLower
	nkTHLower
)

// numKeywords in PostgreSQL's search order: the first keyword that prefixes the template
// at a position wins.
var numKeywords = []struct {
	name string
	key  numKey
}{
	{",", nkComma}, {".", nkDec}, {"0", nk0}, {"9", nk9}, {"B", nkB}, {"D", nkD}, {"EEEE", nkE},
	{"FM", nkFM}, {"G", nkG}, {"L", nkL}, {"MI", nkMI}, {"PL", nkPL}, {"PR", nkPR}, {"RN", nkRN},
	{"SG", nkSG}, {"SP", nkSP}, {"S", nkS}, {"TH", nkTH}, {"V", nkV},
	{"b", nkB}, {"d", nkD}, {"eeee", nkE}, {"fm", nkFM}, {"g", nkG}, {"l", nkL}, {"mi", nkMI},
	{"pl", nkPL}, {"pr", nkPR}, {"rn", nkRNLower}, {"sg", nkSG}, {"sp", nkSP}, {"s", nkS},
	{"th", nkTHLower}, {"v", nkV},
}

// numNode is a keyword or a literal character of a template.
type numNode struct {
	key numKey
	lit string
}

// Flags of numDesc.
const (
	nfDecimal = 1 << iota
	nfLDecimal
	nfZero
	nfBlank
	nfFillMode
	nfLSign
	nfBracket
	nfMinus
	nfPlus
	nfRoman
	nfMulti
	nfEEEE
)

const (
	lsignNone = iota
	lsignPre
	lsignPost
)

// numDesc summarises a template (NUMDesc).
type numDesc struct {
	pre, post, lsign, preLSignNum, multi int
	zeroStart, zeroEnd                   int
	flag                                 int
}

func (d *numDesc) has(f int) bool { return d.flag&f != 0 }

// numFormat is a parsed template.
type numFormat struct {
	nodes []numNode
	desc  numDesc
}

func errNumFormat(msg string) error { return pgerror.New(pgcode.SyntaxError, msg) }

// prepare applies one keyword to the description, as NUMDesc_prepare does.
func (d *numDesc) prepare(k numKey) error {
	if d.has(nfEEEE) && k != nkE {
		return errNumFormat("\"EEEE\" must be the last pattern used")
	}
	switch k {
	case nk9:
		if d.has(nfBracket) {
			return errNumFormat("\"9\" must be ahead of \"PR\"")
		}
		if d.has(nfMulti) {
			d.multi++
			break
		}
		if d.has(nfDecimal) {
			d.post++
		} else {
			d.pre++
		}
	case nk0:
		if d.has(nfBracket) {
			return errNumFormat("\"0\" must be ahead of \"PR\"")
		}
		if !d.has(nfZero) && !d.has(nfDecimal) {
			d.flag |= nfZero
			d.zeroStart = d.pre + 1
		}
		if !d.has(nfDecimal) {
			d.pre++
		} else {
			d.post++
		}
		d.zeroEnd = d.pre + d.post
	case nkB:
		if d.pre == 0 && d.post == 0 && !d.has(nfZero) {
			d.flag |= nfBlank
		}
	case nkD, nkDec:
		if k == nkD {
			d.flag |= nfLDecimal
		}
		if d.has(nfDecimal) {
			return errNumFormat("multiple decimal points")
		}
		if d.has(nfMulti) {
			return errNumFormat("cannot use \"V\" and decimal point together")
		}
		d.flag |= nfDecimal
	case nkFM:
		d.flag |= nfFillMode
	case nkS:
		if d.has(nfLSign) {
			return errNumFormat("cannot use \"S\" twice")
		}
		if d.has(nfPlus) || d.has(nfMinus) || d.has(nfBracket) {
			return errNumFormat("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together")
		}
		if !d.has(nfDecimal) {
			d.lsign, d.preLSignNum = lsignPre, d.pre
			d.flag |= nfLSign
		} else if d.lsign == lsignNone {
			d.lsign = lsignPost
			d.flag |= nfLSign
		}
	case nkMI:
		if d.has(nfLSign) {
			return errNumFormat("cannot use \"S\" and \"MI\" together")
		}
		d.flag |= nfMinus
	case nkPL:
		if d.has(nfLSign) {
			return errNumFormat("cannot use \"S\" and \"PL\" together")
		}
		d.flag |= nfPlus
	case nkSG:
		if d.has(nfLSign) {
			return errNumFormat("cannot use \"S\" and \"SG\" together")
		}
		d.flag |= nfMinus | nfPlus
	case nkPR:
		if d.has(nfLSign) || d.has(nfPlus) || d.has(nfMinus) {
			return errNumFormat("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together")
		}
		d.flag |= nfBracket
	case nkRN, nkRNLower:
		if d.has(nfRoman) {
			return errNumFormat("cannot use \"RN\" twice")
		}
		d.flag |= nfRoman
	case nkV:
		if d.has(nfDecimal) {
			return errNumFormat("cannot use \"V\" and decimal point together")
		}
		d.flag |= nfMulti
	case nkE:
		if d.has(nfEEEE) {
			return errNumFormat("cannot use \"EEEE\" twice")
		}
		if d.has(nfBlank) || d.has(nfFillMode) || d.has(nfLSign) || d.has(nfBracket) ||
			d.has(nfMinus) || d.has(nfPlus) || d.has(nfRoman) || d.has(nfMulti) {
			return pgerror.New(pgcode.SyntaxError, "\"EEEE\" is incompatible with other formats").
				WithDetail("\"EEEE\" may only be used together with digit and decimal point patterns.")
		}
		d.flag |= nfEEEE
	}
	return nil
}

var numFormatCache = struct {
	sync.Mutex
	m map[string]*numFormat
}{m: map[string]*numFormat{}}

// parseNumFormat parses a number template, caching the result.
func parseNumFormat(tmpl string) (*numFormat, error) {
	numFormatCache.Lock()
	f, ok := numFormatCache.m[tmpl]
	numFormatCache.Unlock()
	if ok {
		return f, nil
	}
	f = &numFormat{}
	for s := tmpl; len(s) > 0; {
		key := nkNone
		for _, k := range numKeywords {
			if strings.HasPrefix(s, k.name) {
				key = k.key
				s = s[len(k.name):]
				break
			}
		}
		if key != nkNone {
			if err := f.desc.prepare(key); err != nil {
				return nil, err
			}
			f.nodes = append(f.nodes, numNode{key: key})
			continue
		}
		if s[0] == '"' {
			s = s[1:]
			for len(s) > 0 {
				if s[0] == '"' {
					s = s[1:]
					break
				}
				if s[0] == '\\' && len(s) > 1 {
					s = s[1:]
				}
				_, size := utf8.DecodeRuneInString(s)
				f.nodes = append(f.nodes, numNode{lit: s[:size]})
				s = s[size:]
			}
			continue
		}
		if s[0] == '\\' && len(s) > 1 && s[1] == '"' {
			s = s[1:]
		}
		_, size := utf8.DecodeRuneInString(s)
		f.nodes = append(f.nodes, numNode{lit: s[:size]})
		s = s[size:]
	}
	numFormatCache.Lock()
	if len(numFormatCache.m) >= 256 {
		numFormatCache.m = map[string]*numFormat{}
	}
	numFormatCache.m[tmpl] = f
	numFormatCache.Unlock()
	return f, nil
}

// numProcess renders number (digits and an optional decimal point, no sign; or a string of
// #s on overflow, or the Roman numeral) through the template, as NUM_processor does for
// to_char. outPreSpaces is the number of integer digit positions the number leaves empty.
func numProcess(dst []byte, f *numFormat, d numDesc, number string, outPreSpaces int, sign byte) []byte {
	if d.has(nfEEEE) {
		return append(dst, number...)
	}
	if d.zeroStart > 0 {
		d.zeroStart--
	}
	if d.has(nfRoman) {
		d.lsign, d.preLSignNum, d.post, d.pre, outPreSpaces, sign = 0, 0, 0, 0, 0, 0
		if d.has(nfFillMode) {
			d.flag = nfFillMode
		} else {
			d.flag = 0
		}
		d.flag |= nfRoman
	}
	var signWrote bool
	if d.has(nfPlus) || d.has(nfMinus) {
		signWrote = !(d.has(nfPlus) && !d.has(nfMinus))
	} else {
		if sign != '-' && d.has(nfFillMode) {
			d.flag &^= nfBracket
		}
		signWrote = sign == '+' && d.has(nfFillMode) && !d.has(nfLSign)
		if d.lsign == lsignPre && d.pre == d.preLSignNum {
			d.lsign = lsignPost
		}
	}
	numCount := d.post + d.pre - 1
	lastRelevant := -1
	if d.has(nfFillMode) && d.has(nfDecimal) {
		lastRelevant = lastRelevantDecnum(number)
		if lastRelevant >= 0 && d.zeroEnd > outPreSpaces {
			lastZero := min(len(number)-1, d.zeroEnd-outPreSpaces)
			if lastRelevant < lastZero {
				lastRelevant = lastZero
			}
		}
	}
	if !signWrote && outPreSpaces == 0 {
		numCount++
	}
	decimal := "."
	p := &numPrinter{d: d, number: number, outPreSpaces: outPreSpaces, sign: sign, signWrote: signWrote,
		numCount: numCount, lastRelevant: lastRelevant, decimal: decimal, cut: -1}
	p.out = dst
	for _, n := range f.nodes {
		if n.key == nkNone {
			p.out = append(p.out, n.lit...)
			continue
		}
		switch n.key {
		case nk9, nk0, nkDec, nkD:
			p.numpart(n.key)
		case nkComma:
			switch {
			case p.numIn:
				p.out = append(p.out, ',')
			case !p.d.has(nfFillMode):
				p.out = append(p.out, ' ')
			}
		case nkG:
			switch {
			case p.numIn:
				p.out = append(p.out, ',')
			case !p.d.has(nfFillMode):
				p.out = append(p.out, ' ')
			}
		case nkL:
			p.out = append(p.out, ' ')
		case nkRN, nkRNLower:
			r := number
			if n.key == nkRNLower {
				r = strings.ToLower(r)
			}
			if !p.d.has(nfFillMode) {
				p.out = append(p.out, strings.Repeat(" ", max(0, 15-len(r)))...)
			}
			p.out = append(p.out, r...)
		case nkTH, nkTHLower:
			if p.d.has(nfRoman) || (len(number) > 0 && number[0] == '#') || sign == '-' || p.d.has(nfDecimal) {
				continue
			}
			th := ordinalSuffix(number)
			if n.key == nkTH {
				th = strings.ToUpper(th)
			}
			p.out = append(p.out, th...)
		case nkMI:
			switch {
			case sign == '-':
				p.out = append(p.out, '-')
			case !p.d.has(nfFillMode):
				p.out = append(p.out, ' ')
			}
		case nkPL:
			switch {
			case sign == '+':
				p.out = append(p.out, '+')
			case !p.d.has(nfFillMode):
				p.out = append(p.out, ' ')
			}
		case nkSG:
			p.out = append(p.out, sign)
		}
	}
	if p.cut >= 0 {
		return p.out[:p.cut]
	}
	return p.out
}

// ordinalSuffix is get_th: st, nd, rd or th for the number's last digits.
func ordinalSuffix(num string) string {
	if num == "" {
		return "th"
	}
	last := num[len(num)-1]
	if len(num) > 1 && num[len(num)-2] == '1' {
		last = 0
	}
	switch last {
	case '1':
		return "st"
	case '2':
		return "nd"
	case '3':
		return "rd"
	}
	return "th"
}

// lastRelevantDecnum returns the index of the last non-zero digit after the decimal point
// (or of the point itself), or -1 without a point.
func lastRelevantDecnum(num string) int {
	p := strings.IndexByte(num, '.')
	if p < 0 {
		return -1
	}
	r := p
	for i := p + 1; i < len(num); i++ {
		if num[i] != '0' {
			r = i
		}
	}
	return r
}

// numPrinter is NUM_processor's state while writing digits.
type numPrinter struct {
	d            numDesc
	out          []byte
	number       string
	pos          int // Np->number_p, an index into number
	outPreSpaces int
	sign         byte
	signWrote    bool
	numIn        bool
	numCurr      int
	numCount     int
	lastRelevant int
	decimal      string
	cut          int // where the result ends early, or -1
}

// predecSpace is IS_PREDEC_SPACE: a leading zero before the point is printed as a space.
func (p *numPrinter) predecSpace() bool {
	return !p.d.has(nfZero) && p.pos == 0 && len(p.number) > 0 && p.number[0] == '0' && p.d.post != 0
}

func (p *numPrinter) lastRelevantIsPoint() bool {
	return p.lastRelevant >= 0 && p.number[p.lastRelevant] == '.'
}

// numpart is NUM_numpart_to_char.
func (p *numPrinter) numpart(id numKey) {
	if p.d.has(nfRoman) {
		return
	}
	p.numIn = false
	if !p.signWrote &&
		(p.numCurr >= p.outPreSpaces || (p.d.has(nfZero) && p.d.zeroStart == p.numCurr)) &&
		(!p.predecSpace() || p.lastRelevantIsPoint()) {
		switch {
		case p.d.has(nfLSign):
			if p.d.lsign == lsignPre {
				p.out = append(p.out, p.sign)
				p.signWrote = true
			}
		case p.d.has(nfBracket):
			if p.sign == '+' {
				p.out = append(p.out, ' ')
			} else {
				p.out = append(p.out, '<')
			}
			p.signWrote = true
		case p.sign == '+':
			if !p.d.has(nfFillMode) {
				p.out = append(p.out, ' ')
			}
			p.signWrote = true
		case p.sign == '-':
			p.out = append(p.out, '-')
			p.signWrote = true
		}
	}
	switch {
	case p.numCurr < p.outPreSpaces && (p.d.zeroStart > p.numCurr || !p.d.has(nfZero)):
		if !p.d.has(nfFillMode) {
			p.out = append(p.out, ' ')
		}
	case p.d.has(nfZero) && p.numCurr < p.outPreSpaces && p.d.zeroStart <= p.numCurr:
		p.out = append(p.out, '0')
		p.numIn = true
	default:
		var c byte
		if p.pos < len(p.number) {
			c = p.number[p.pos]
		}
		if c == '.' {
			if !p.lastRelevantIsPoint() || p.d.has(nfFillMode) {
				p.out = append(p.out, p.decimal...)
			}
		} else {
			switch {
			case p.lastRelevant >= 0 && p.pos > p.lastRelevant && id != nk0:
			case p.predecSpace():
				if !p.d.has(nfFillMode) {
					p.out = append(p.out, ' ')
				} else if p.lastRelevantIsPoint() {
					p.out = append(p.out, '0')
				}
			default:
				if c == 0 && p.cut < 0 {
					// PostgreSQL writes the number's terminating NUL here, which ends
					// the result.
					p.cut = len(p.out)
				}
				if c != 0 {
					p.out = append(p.out, c)
				}
				p.numIn = true
			}
		}
		if p.pos < len(p.number) {
			p.pos++
		}
	}
	end := p.numCount
	if p.outPreSpaces > 0 {
		end++
	}
	if p.d.has(nfDecimal) {
		end++
	}
	if p.lastRelevant >= 0 && p.lastRelevant == p.pos {
		end = p.numCurr
	}
	if p.numCurr+1 == end {
		if p.signWrote && p.d.has(nfBracket) {
			if p.sign == '+' {
				p.out = append(p.out, ' ')
			} else {
				p.out = append(p.out, '>')
			}
		} else if p.d.has(nfLSign) && p.d.lsign == lsignPost {
			p.out = append(p.out, p.sign)
		}
	}
	p.numCurr++
}
