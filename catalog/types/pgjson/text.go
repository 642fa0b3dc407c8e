package pgjson

// json values keep their text as written, so the json functions work on the text: it is
// parsed (decoding escapes, which is where PostgreSQL's json functions report bad Unicode
// escapes) into a tree of nodes that remember each value's span of the text. A field or
// element taken with -> is that span, spacing and all, as PostgreSQL returns it; with
// duplicate keys the last one is found.

// Node is the index of a value in a Tree.
type Node int32

type textNode struct {
	kind       Kind
	start, end int32 // the value's span of the text
	key        span  // decoded key, for object members
	str        span  // decoded text, for strings
	first      Node  // first child, or -1
	last       Node
	next       Node // next sibling, or -1
	n          int32
}

type span struct{ from, to int32 }

// Tree is a parsed json text. It is valid until the Parser that made it parses again.
type Tree struct {
	in    []byte
	nodes []textNode
	strs  []byte
	stack []Node
}

// ParseTree parses json text as the json processing functions do.
func (ps *Parser) ParseTree(text []byte, stackKB int) (*Tree, error) {
	t := &ps.tree
	t.in = text
	t.nodes = t.nodes[:0]
	t.strs = t.strs[:0]
	t.stack = t.stack[:0]
	if e := ps.p.parse(text, t, true, stackKB); e != errNone {
		return nil, ps.p.syntaxError(e)
	}
	return t, nil
}

func (t *Tree) add(kind Kind, start, end int) Node {
	n := Node(len(t.nodes))
	t.nodes = append(t.nodes, textNode{kind: kind, start: int32(start), end: int32(end), first: -1, last: -1, next: -1})
	if len(t.stack) > 0 {
		p := &t.nodes[t.stack[len(t.stack)-1]]
		if p.kind == KindObject {
			// the key was recorded on a placeholder: the member is that node
			n--
			t.nodes = t.nodes[:len(t.nodes)-1]
			m := &t.nodes[n]
			k := m.key
			*m = textNode{kind: kind, start: int32(start), end: int32(end), key: k, first: -1, last: -1, next: -1}
			return n
		}
		t.link(n)
	}
	return n
}

// link appends n to the children of the innermost open container.
func (t *Tree) link(n Node) {
	pi := t.stack[len(t.stack)-1]
	p := &t.nodes[pi]
	if p.first < 0 {
		p.first = n
	} else {
		t.nodes[p.last].next = n
	}
	p.last = n
	p.n++
}

func (t *Tree) beginObject(start int) { t.stack = append(t.stack, t.add(KindObject, start, start)) }
func (t *Tree) beginArray(start int)  { t.stack = append(t.stack, t.add(KindArray, start, start)) }
func (t *Tree) endObject(end int)     { t.end(end) }
func (t *Tree) endArray(end int)      { t.end(end) }

func (t *Tree) end(end int) {
	t.nodes[t.stack[len(t.stack)-1]].end = int32(end)
	t.stack = t.stack[:len(t.stack)-1]
}

// key records a member's key on a placeholder node that its value's node takes over.
func (t *Tree) key(k []byte, start, end int) {
	from := int32(len(t.strs))
	t.strs = append(t.strs, k...)
	n := Node(len(t.nodes))
	t.nodes = append(t.nodes, textNode{key: span{from, int32(len(t.strs))}, first: -1, last: -1, next: -1})
	t.link(n)
}

func (t *Tree) scalar(kind Kind, text []byte, start, end int) errorKind {
	n := t.add(kind, start, end)
	if kind == KindString {
		from := int32(len(t.strs))
		t.strs = append(t.strs, text...)
		t.nodes[n].str = span{from, int32(len(t.strs))}
	}
	return errNone
}

// Root is the top-level value.
func (t *Tree) Root() Node { return 0 }

// Kind returns a node's kind.
func (t *Tree) Kind(n Node) Kind { return t.nodes[n].kind }

// Raw returns a node's text as written.
func (t *Tree) Raw(n Node) []byte { return t.in[t.nodes[n].start:t.nodes[n].end] }

// Str returns a string node's decoded text.
func (t *Tree) Str(n Node) []byte { s := t.nodes[n].str; return t.strs[s.from:s.to] }

// Key returns the decoded key of an object member.
func (t *Tree) Key(n Node) []byte { k := t.nodes[n].key; return t.strs[k.from:k.to] }

// Len returns the number of members or elements of a container.
func (t *Tree) Len(n Node) int { return int(t.nodes[n].n) }

// First returns the first member or element of a container, or -1.
func (t *Tree) First(n Node) Node { return t.nodes[n].first }

// Next returns the next member or element after n, or -1.
func (t *Tree) Next(n Node) Node { return t.nodes[n].next }

// Field returns the last member of object n with the given key.
func (t *Tree) Field(n Node, key []byte) (Node, bool) {
	if t.nodes[n].kind != KindObject {
		return -1, false
	}
	found := Node(-1)
	for c := t.nodes[n].first; c >= 0; c = t.nodes[c].next {
		if string(t.Key(c)) == string(key) {
			found = c
		}
	}
	return found, found >= 0
}

// Elem returns element i of array n (negative i counts from the end).
func (t *Tree) Elem(n Node, i int) (Node, bool) {
	if t.nodes[n].kind != KindArray {
		return -1, false
	}
	if i < 0 {
		i += int(t.nodes[n].n)
	}
	if i < 0 {
		return -1, false
	}
	c := t.nodes[n].first
	for ; c >= 0 && i > 0; i-- {
		c = t.nodes[c].next
	}
	return c, c >= 0
}

// AppendText appends the SQL text of node n as ->> gives it: a string's decoded text, other
// values as written; ok is false for null.
func (t *Tree) AppendText(dst []byte, n Node) ([]byte, bool) {
	switch t.nodes[n].kind {
	case KindNull:
		return dst, false
	case KindString:
		return append(dst, t.Str(n)...), true
	}
	return append(dst, t.Raw(n)...), true
}
