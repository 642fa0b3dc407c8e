// Package jsonpath owns the SQL/JSON path language of PostgreSQL's jsonpath type: its
// parser, with PostgreSQL's syntax errors, the tree a path parses into, and the normalized
// text jsonpath_out prints ($."a"?(@ > 1)). Evaluating a path against jsonb values is the
// function library's work (udf), which walks the tree.
//
// A jsonpath value is stored as its normalized text: parsing it again yields the same
// tree, and the text is what clients receive.
package jsonpath

import "math"

// Kind is the kind of a path item.
type Kind uint8

// Item kinds: literals and variables, path steps (accessors), methods, and the operators of
// expressions and predicates.
const (
	Null Kind = iota
	String
	Number
	Bool
	Root      // $
	Current   // @
	Last      // last, in array subscripts
	Variable  // $name
	Key       // .key
	AnyKey    // .*
	AnyArray  // [*]
	Index     // [subscripts]
	Any       // .** with level bounds
	Filter    // ?(predicate)
	Method    // .type() .size() .abs() .floor() .ceiling() .double() .keyvalue()
	Datetime  // .datetime(template)
	Add       // binary arithmetic
	Sub       //
	Mul       //
	Div       //
	Mod       //
	Plus      // unary
	Minus     //
	Equal     // comparisons
	NotEqual  //
	Less      //
	LessEq    //
	Greater   //
	GreaterEq //
	And       // predicates
	Or        //
	Not       //
	IsUnknown //
	Exists    //
	LikeRegex //
	StartsWith
)

// LastLevel is the .** bound written "last".
const LastLevel = math.MaxUint32

// Item is one node of a path: a literal, variable, accessor step, method or operator,
// followed by the accessor steps in Next.
type Item struct {
	Kind Kind
	// Str is a string literal, key, variable name, method name or like_regex pattern.
	Str string
	// Num is a number literal in numeric's canonical text.
	Num []byte
	// Bool is a boolean literal.
	Bool bool
	// Left and Right are the operands of binary operators; Left alone is the operand of
	// unary operators, filters, exists, !, is unknown, like_regex and .datetime().
	Left, Right *Item
	// Subs are the subscripts of Index: From alone, or From to To.
	Subs []Subscript
	// First and LastLevel bound .** (LastLevel for "last").
	First, LastLvl uint32
	// Flags are like_regex's flags, in the order i s m x q.
	Flags string
	// Next is the next accessor step, applied to each item this one yields.
	Next *Item
}

// Subscript is one array subscript: an index, or a range when To is set.
type Subscript struct {
	From, To *Item
}

// Path is a parsed jsonpath.
type Path struct {
	Strict bool
	Root   *Item
}

// IsPredicate reports whether an item yields a truth value (a comparison, boolean
// operator, exists, like_regex, starts with or is unknown) rather than items. A predicate
// followed by accessor steps is an expression.
func (it *Item) IsPredicate() bool {
	if it.Next != nil {
		return false
	}
	switch it.Kind {
	case Equal, NotEqual, Less, LessEq, Greater, GreaterEq, And, Or, Not, IsUnknown, Exists, LikeRegex, StartsWith:
		return true
	}
	return false
}

// priority is operationPriority: how tightly an operator binds, for parenthesizing.
func priority(k Kind) int {
	switch k {
	case Or:
		return 0
	case And:
		return 1
	case Equal, NotEqual, Less, LessEq, Greater, GreaterEq, StartsWith:
		return 2
	case Add, Sub:
		return 3
	case Mul, Div, Mod:
		return 4
	case Plus, Minus:
		return 5
	}
	return 6
}

var opNames = map[Kind]string{
	And: "&&", Or: "||", Equal: "==", NotEqual: "!=", Less: "<", Greater: ">", LessEq: "<=",
	GreaterEq: ">=", Add: "+", Plus: "+", Sub: "-", Minus: "-", Mul: "*", Div: "/", Mod: "%",
	StartsWith: "starts with", LikeRegex: "like_regex",
}

// OpName returns an operator's spelling.
func OpName(k Kind) string { return opNames[k] }
