package pgjson

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Path operations: following a text[] path through a value (#>, jsonb_extract_path) and
// rewriting the value at a path (jsonb_set, jsonb_insert, #-), after PostgreSQL's
// get_jsonb_path_all and setPath.

// PathElem is one element of a path: an object key or an array index, or SQL NULL.
type PathElem struct {
	Text []byte
	Null bool
}

// PathIndex reads an array index as PostgreSQL does (strtol over the whole element: an
// optional sign and digits, leading white space allowed); ok is false for anything else.
func PathIndex(s []byte) (int, bool) {
	t := strings.TrimLeft(string(s), " \t\n\r\v\f")
	if t == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n > math.MaxInt32 || n < math.MinInt32 {
		return 0, false
	}
	return int(n), true
}

// ExtractPath follows path from v: keys through objects, indexes (negative from the end)
// through arrays. ok is false when a step is missing, a path element is NULL, or a step
// meets a scalar. A top-level scalar has no elements.
func ExtractPath(v Value, path []PathElem) (Value, bool) {
	for _, p := range path {
		if p.Null {
			return nil, false
		}
		switch v.Kind() {
		case KindObject:
			next, ok := v.Get(p.Text)
			if !ok {
				return nil, false
			}
			v = next
		case KindArray:
			i, ok := PathIndex(p.Text)
			if !ok {
				return nil, false
			}
			if i < 0 {
				i += v.Len()
			}
			next, ok := v.Index(i)
			if !ok {
				return nil, false
			}
			v = next
		default:
			return nil, false
		}
	}
	return v, true
}

// EditMode says what SetPath does at the end of the path.
type EditMode uint8

// Edit modes: jsonb_set replaces (creating a missing last step when Create is set),
// jsonb_insert inserts before or after an array element (and adds a missing key), #-
// deletes.
const (
	EditReplace EditMode = iota
	EditInsertBefore
	EditInsertAfter
	EditDelete
)

// PathEdit is one rewrite of a value at a path.
type PathEdit struct {
	Path   []PathElem
	Value  Value // the new value (not for EditDelete)
	Mode   EditMode
	Create bool // jsonb_set's create_if_missing
	// Fill is jsonb subscripted assignment's way (PostgreSQL's JB_PATH_FILL_GAPS and
	// JB_PATH_CONSISTENT_POSITION): a missing path is created whole, arrays grow with
	// nulls up to an index past their end, an index before their start is an error, and
	// so is a path step into a scalar.
	Fill bool
}

// MaxArrayElems is the most elements a jsonb array may have (PostgreSQL's
// JSONB_MAX_ELEMS), checked where one number makes an array that long.
const MaxArrayElems = 33554431

var errScalarStep = pgerror.New(pgcode.InvalidParameterValue, "cannot replace existing key").
	WithDetail("The path assumes key is a composite object, but it is a scalar value.")

func (e *PathEdit) inserting() bool { return e.Mode == EditInsertBefore || e.Mode == EditInsertAfter }

// adds reports whether a missing last step gets the new value.
func (e *PathEdit) adds() bool { return e.Create || e.inserting() }

// Apply writes v rewritten by the edit. v must be an array or object.
func (e *PathEdit) Apply(w *Writer, v Value) error {
	for i, p := range e.Path {
		if p.Null {
			return pgerror.Newf(pgcode.NullValueNotAllowed, "path element at position %d is null", i+1)
		}
	}
	if len(e.Path) == 0 {
		w.Raw(v)
		return nil
	}
	return e.apply(w, v, 0)
}

func (e *PathEdit) apply(w *Writer, v Value, level int) error {
	switch v.Kind() {
	case KindObject:
		return e.object(w, v, level)
	case KindArray:
		return e.array(w, v, level)
	}
	if e.Fill {
		return errScalarStep
	}
	w.Raw(v)
	return nil
}

// nulls writes n JSON nulls (array elements that fill a gap).
func nulls(w *Writer, n int) error {
	if n > MaxArrayElems {
		return pgerror.Newf(pgcode.ProgramLimitExceeded, "number of jsonb array elements exceeds the maximum allowed (%d)", MaxArrayElems)
	}
	for ; n > 0; n-- {
		w.Null()
	}
	return nil
}

// createPath writes, for a Fill edit that found path[level] missing, the containers the
// rest of the path names (an array for an element that reads as an integer, with nulls
// before the index; an object otherwise) with the new value at the end.
func (e *PathEdit) createPath(w *Writer, level int) error {
	rest := e.Path[level+1:]
	for _, p := range rest {
		if i, ok := PathIndex(p.Text); ok {
			w.BeginArray()
			if err := nulls(w, i); err != nil {
				return err
			}
		} else {
			w.BeginObject()
			w.Key(p.Text)
		}
	}
	w.Raw(e.Value)
	for range rest {
		w.End()
	}
	return nil
}

func (e *PathEdit) object(w *Writer, v Value, level int) error {
	key, last := e.Path[level].Text, level == len(e.Path)-1
	found := false
	w.BeginObject()
	for i := 0; i < v.Len(); i++ {
		k, val := v.Member(i)
		if !bytes.Equal(k, key) {
			w.Key(k)
			w.Raw(val)
			continue
		}
		found = true
		switch {
		case !last:
			w.Key(k)
			if err := e.apply(w, val, level+1); err != nil {
				return err
			}
		case e.inserting():
			return pgerror.New(pgcode.InvalidParameterValue, "cannot replace existing key").
				WithHint("Try using the function jsonb_set to replace key value.")
		case e.Mode == EditDelete:
		default:
			w.Key(k)
			w.Raw(e.Value)
		}
	}
	if !found && last && e.adds() && e.Mode != EditDelete {
		w.Key(key)
		w.Raw(e.Value)
	}
	if !found && !last && e.Fill {
		w.Key(key)
		if err := e.createPath(w, level); err != nil {
			return err
		}
	}
	w.End()
	return nil
}

func (e *PathEdit) array(w *Writer, v Value, level int) error {
	idx, ok := PathIndex(e.Path[level].Text)
	if !ok {
		return pgerror.Newf(pgcode.InvalidTextRepresentation, "path element at position %d is not an integer: \"%s\"", level+1, e.Path[level].Text)
	}
	n, last := v.Len(), level == len(e.Path)-1
	prepend := false
	if idx < 0 {
		switch {
		case -idx <= n:
			idx += n
		case e.Fill:
			return pgerror.Newf(pgcode.InvalidParameterValue, "path element at position %d is out of range: %d", level+1, idx)
		default:
			prepend = true
		}
	}
	adding := last && e.adds() && e.Mode != EditDelete
	w.BeginArray()
	if adding && (prepend || n == 0) {
		if e.Fill {
			if err := nulls(w, idx); err != nil {
				return err
			}
		}
		w.Raw(e.Value)
	}
	for i := 0; i < n; i++ {
		el, _ := v.Index(i)
		if prepend || i != idx {
			w.Raw(el)
			continue
		}
		if !last {
			if err := e.apply(w, el, level+1); err != nil {
				return err
			}
			continue
		}
		switch e.Mode {
		case EditInsertBefore:
			w.Raw(e.Value)
			w.Raw(el)
		case EditInsertAfter:
			w.Raw(el)
			w.Raw(e.Value)
		case EditReplace:
			w.Raw(e.Value)
		}
	}
	if !prepend && idx >= n && (adding && n > 0 || !last && e.Fill) {
		// Past the end: append (a Fill edit fills the gap with nulls first, and creates
		// the rest of a longer path).
		if e.Fill {
			if err := nulls(w, idx-n); err != nil {
				return err
			}
		}
		if last {
			w.Raw(e.Value)
		} else if err := e.createPath(w, level); err != nil {
			return err
		}
	}
	w.End()
	return nil
}
