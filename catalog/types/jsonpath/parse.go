package jsonpath

import (
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The parser implements the grammar of PostgreSQL's jsonpath_gram.y by recursive descent,
// lowest precedence first: || over && over ! over comparisons (and starts with,
// like_regex) over + - over * / % over unary + - over accessor chains. Expressions (which
// yield items) and predicates (which yield truth values) are kept apart as the grammar
// does: boolean operators and filters take predicates, comparisons and arithmetic take
// expressions, and a parenthesized predicate may be followed by accessors or "is unknown".

type parser struct {
	lexer
}

// Parse parses a jsonpath as jsonpath_in does.
func Parse(s string) (*Path, error) {
	if strings.TrimLeft(s, " \t\n\r\f") == "" {
		return nil, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type jsonpath: \"%s\"", s)
	}
	p := &parser{lexer{in: s}}
	if err := p.next(); err != nil {
		return nil, err
	}
	path := &Path{}
	if p.tok.kind == tWord && (p.tok.text == "strict" || p.tok.text == "lax") {
		path.Strict = p.tok.text == "strict"
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	root, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEnd {
		return nil, p.errAt()
	}
	if err := check(root, false, false); err != nil {
		return nil, err
	}
	path.Root = root
	return path, nil
}

func (p *parser) isPunct(s string) bool { return p.tok.kind == tPunct && p.tok.text == s }
func (p *parser) isWord(s string) bool  { return p.tok.kind == tWord && p.tok.text == s }

func (p *parser) expect(s string) error {
	if !p.isPunct(s) {
		return p.errAt()
	}
	return p.next()
}

// binary parses left-associative operators ops over operands parsed by sub; pred says
// whether the operands must be predicates (boolean operators) or expressions.
func (p *parser) binary(sub func() (*Item, error), pred bool, ops map[string]Kind) (*Item, error) {
	left, err := sub()
	if err != nil {
		return nil, err
	}
	for p.tok.kind == tPunct {
		k, ok := ops[p.tok.text]
		if !ok {
			break
		}
		if left.IsPredicate() != pred {
			return nil, p.errAt()
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := sub()
		if err != nil {
			return nil, err
		}
		if right.IsPredicate() != pred {
			return nil, p.errAt()
		}
		left = &Item{Kind: k, Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) orExpr() (*Item, error) {
	return p.binary(p.andExpr, true, map[string]Kind{"||": Or})
}

func (p *parser) andExpr() (*Item, error) {
	return p.binary(p.notExpr, true, map[string]Kind{"&&": And})
}

// notExpr is "!" followed by a delimited predicate, or a comparison.
func (p *parser) notExpr() (*Item, error) {
	if !p.isPunct("!") {
		return p.comparison()
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if !p.isPunct("(") && !p.isWord("exists") {
		return nil, p.errAt()
	}
	arg, err := p.accessorExpr()
	if err != nil {
		return nil, err
	}
	if !arg.IsPredicate() || arg.Next != nil {
		return nil, p.errAt()
	}
	return &Item{Kind: Not, Left: arg}, nil
}

var compOps = map[string]Kind{"==": Equal, "!=": NotEqual, "<>": NotEqual, "<": Less, "<=": LessEq, ">": Greater, ">=": GreaterEq}

func (p *parser) comparison() (*Item, error) {
	left, err := p.additive()
	if err != nil {
		return nil, err
	}
	if left.IsPredicate() {
		return left, nil // a parenthesized predicate or exists(...)
	}
	switch {
	case p.tok.kind == tPunct && compOps[p.tok.text] != 0:
		k := compOps[p.tok.text]
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := p.additive()
		if err != nil {
			return nil, err
		}
		if right.IsPredicate() {
			return nil, p.errAt()
		}
		return &Item{Kind: k, Left: left, Right: right}, nil
	case p.isWord("starts"):
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isWord("with") {
			return nil, p.errAt()
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		var right *Item
		switch p.tok.kind {
		case tString:
			right = &Item{Kind: String, Str: p.tok.str}
		case tVariable:
			right = &Item{Kind: Variable, Str: p.tok.str}
		default:
			return nil, p.errAt()
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		return &Item{Kind: StartsWith, Left: left, Right: right}, nil
	case p.isWord("like_regex"):
		return p.likeRegex(left)
	}
	return left, nil
}

func (p *parser) likeRegex(left *Item) (*Item, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind != tString {
		return nil, p.errAt()
	}
	it := &Item{Kind: LikeRegex, Left: left, Str: p.tok.str}
	if _, err := CompileRegex(it.Str, ""); err != nil {
		return nil, err
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isWord("flag") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok.kind != tString {
			return nil, p.errAt()
		}
		flags, err := regexFlags(p.tok.str)
		if err != nil {
			return nil, err
		}
		it.Flags = flags
		if strings.Contains(flags, "x") && !strings.Contains(flags, "q") {
			return nil, pgerror.New(pgcode.FeatureNotSupported, "XQuery \"x\" flag (expanded regular expressions) is not implemented")
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	return it, nil
}

// regexFlags checks like_regex's flags and orders them as PostgreSQL prints them.
func regexFlags(s string) (string, error) {
	seen := map[byte]bool{}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("ismxq", rune(s[i])) {
			return "", pgerror.New(pgcode.SyntaxError, "invalid input syntax for type jsonpath").
				WithDetail("Unrecognized flag character \"" + s[i:i+1] + "\" in LIKE_REGEX predicate.")
		}
		seen[s[i]] = true
	}
	var out []byte
	for _, c := range []byte("ismxq") {
		if seen[c] {
			out = append(out, c)
		}
	}
	return string(out), nil
}

func (p *parser) additive() (*Item, error) {
	return p.binary(p.multiplicative, false, map[string]Kind{"+": Add, "-": Sub})
}

func (p *parser) multiplicative() (*Item, error) {
	return p.binary(p.unary, false, map[string]Kind{"*": Mul, "/": Div, "%": Mod})
}

func (p *parser) unary() (*Item, error) {
	if !p.isPunct("+") && !p.isPunct("-") {
		return p.accessorExpr()
	}
	minus := p.isPunct("-")
	if err := p.next(); err != nil {
		return nil, err
	}
	arg, err := p.unary()
	if err != nil {
		return nil, err
	}
	if arg.IsPredicate() {
		return nil, p.errAt()
	}
	if arg.Kind == Number && arg.Next == nil {
		// A sign applied to a number literal is folded into it.
		if minus {
			arg.Num = negate(arg.Num)
		}
		return arg, nil
	}
	k := Plus
	if minus {
		k = Minus
	}
	return &Item{Kind: k, Left: arg}, nil
}

func negate(n []byte) []byte {
	if len(n) > 0 && n[0] == '-' {
		return n[1:]
	}
	for _, c := range n {
		if c != '0' && c != '.' {
			return append([]byte{'-'}, n...)
		}
	}
	return n // zero has no sign
}

// accessorExpr is a primary followed by accessor steps.
func (p *parser) accessorExpr() (*Item, error) {
	head, err := p.primary()
	if err != nil {
		return nil, err
	}
	tail := head
	for tail.Next != nil { // a parenthesized chain: (a.b).c continues it
		tail = tail.Next
	}
	for {
		step, err := p.accessor()
		if err != nil {
			return nil, err
		}
		if step == nil {
			return head, nil
		}
		tail.Next = step
		tail = step
	}
}

func (p *parser) primary() (*Item, error) {
	tok := p.tok
	var it *Item
	switch tok.kind {
	case tString:
		it = &Item{Kind: String, Str: tok.str}
	case tNumber:
		it = &Item{Kind: Number, Num: []byte(tok.str)}
	case tVariable:
		it = &Item{Kind: Variable, Str: tok.str}
	case tPunct:
		switch tok.text {
		case "$":
			it = &Item{Kind: Root}
		case "@":
			it = &Item{Kind: Current}
		case "(":
			return p.parenthesized()
		}
	case tWord:
		switch tok.text {
		case "null":
			it = &Item{Kind: Null}
		case "true", "false":
			it = &Item{Kind: Bool, Bool: tok.text == "true"}
		case "last":
			it = &Item{Kind: Last}
		case "exists":
			return p.exists()
		}
	}
	if it == nil {
		return nil, p.errAt()
	}
	return it, p.next()
}

// parenthesized is ( expr ) or ( predicate ), the latter possibly followed by is unknown.
func (p *parser) parenthesized() (*Item, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	inner, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	if inner.IsPredicate() && p.isWord("is") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isWord("unknown") {
			return nil, p.errAt()
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		return &Item{Kind: IsUnknown, Left: inner}, nil
	}
	return inner, nil
}

func (p *parser) exists() (*Item, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	arg, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if arg.IsPredicate() {
		return nil, p.errAt()
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return &Item{Kind: Exists, Left: arg}, nil
}

var methods = map[string]bool{"type": true, "size": true, "abs": true, "floor": true, "ceiling": true, "double": true, "keyvalue": true}

// accessor parses one accessor step, or returns nil when none follows.
func (p *parser) accessor() (*Item, error) {
	switch {
	case p.isPunct("."):
		if err := p.next(); err != nil {
			return nil, err
		}
		return p.dotStep()
	case p.isPunct("["):
		return p.subscripts()
	case p.isPunct("?"):
		if err := p.next(); err != nil {
			return nil, err
		}
		if err := p.expect("("); err != nil {
			return nil, err
		}
		pred, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if !pred.IsPredicate() {
			return nil, p.errAt()
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &Item{Kind: Filter, Left: pred}, nil
	}
	return nil, nil
}

// dotStep parses what follows a dot: a key, *, ** or a method call.
func (p *parser) dotStep() (*Item, error) {
	tok := p.tok
	switch {
	case tok.kind == tPunct && tok.text == "*":
		return &Item{Kind: AnyKey}, p.next()
	case tok.kind == tPunct && tok.text == "**":
		return p.anyPath()
	case tok.kind == tString:
		return &Item{Kind: Key, Str: tok.str}, p.next()
	case tok.kind == tWord:
		if err := p.next(); err != nil {
			return nil, err
		}
		if !p.isPunct("(") {
			return &Item{Kind: Key, Str: tok.str}, nil
		}
		switch {
		case methods[tok.text]:
			if err := p.next(); err != nil {
				return nil, err
			}
			return &Item{Kind: Method, Str: tok.text}, p.expect(")")
		case tok.text == "datetime":
			if err := p.next(); err != nil {
				return nil, err
			}
			it := &Item{Kind: Datetime}
			if p.tok.kind == tString {
				it.Left = &Item{Kind: String, Str: p.tok.str}
				if err := p.next(); err != nil {
					return nil, err
				}
			}
			return it, p.expect(")")
		}
		return nil, p.errAt()
	}
	return nil, p.errAt()
}

func (p *parser) anyPath() (*Item, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	it := &Item{Kind: Any, First: 0, LastLvl: LastLevel}
	if !p.isPunct("{") {
		return it, nil
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	first, err := p.level()
	if err != nil {
		return nil, err
	}
	it.First, it.LastLvl = first, first
	if p.isWord("to") {
		if err := p.next(); err != nil {
			return nil, err
		}
		if it.LastLvl, err = p.level(); err != nil {
			return nil, err
		}
	}
	return it, p.expect("}")
}

func (p *parser) level() (uint32, error) {
	switch {
	case p.isWord("last"):
		return LastLevel, p.next()
	case p.tok.kind == tNumber && !strings.ContainsAny(p.tok.str, ".-"):
		v, err := strconv.ParseUint(p.tok.str, 10, 32)
		if err != nil {
			return 0, p.errAt()
		}
		return uint32(v), p.next()
	}
	return 0, p.errAt()
}

// subscripts parses [*] or [i, j to k, ...].
func (p *parser) subscripts() (*Item, error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.isPunct("*") {
		if err := p.next(); err != nil {
			return nil, err
		}
		return &Item{Kind: AnyArray}, p.expect("]")
	}
	it := &Item{Kind: Index}
	for {
		from, err := p.subscriptExpr()
		if err != nil {
			return nil, err
		}
		s := Subscript{From: from}
		if p.isWord("to") {
			if err := p.next(); err != nil {
				return nil, err
			}
			if s.To, err = p.subscriptExpr(); err != nil {
				return nil, err
			}
		}
		it.Subs = append(it.Subs, s)
		if !p.isPunct(",") {
			break
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	return it, p.expect("]")
}

func (p *parser) subscriptExpr() (*Item, error) {
	e, err := p.additive()
	if err != nil {
		return nil, err
	}
	if e.IsPredicate() {
		return nil, p.errAt()
	}
	return e, nil
}

// check applies the rules PostgreSQL enforces after parsing: @ only inside filters, last
// only inside array subscripts.
func check(it *Item, inFilter, inSubscript bool) error {
	for ; it != nil; it = it.Next {
		switch it.Kind {
		case Current:
			if !inFilter {
				return syntaxError("@ is not allowed in root expressions")
			}
		case Last:
			if !inSubscript {
				return syntaxError("LAST is allowed only in array subscripts")
			}
		case Filter:
			if err := check(it.Left, true, inSubscript); err != nil {
				return err
			}
			continue
		case Index:
			for _, s := range it.Subs {
				if err := check(s.From, inFilter, true); err != nil {
					return err
				}
				if err := check(s.To, inFilter, true); err != nil {
					return err
				}
			}
			continue
		}
		for _, c := range []*Item{it.Left, it.Right} {
			if c != nil {
				if err := check(c, inFilter, inSubscript); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
