package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// json_agg, jsonb_agg, json_object_agg and jsonb_object_agg. Each group keeps its members
// already converted: json text joined with the separators PostgreSQL writes ("[a, b]",
// "{ "k" : v, ... }"), or encoded jsonb values (and keys) that Finalize assembles, which is
// where jsonb_object_agg's later duplicate keys win. NULL values are members (null); a
// NULL key is an error.

func registerJSONAgg(b builder) {
	agg := func(oid types.OID, name string, args []types.OID, ret types.OID, object, binary bool) {
		f := b.aggregate(oid, name, args, ret, func(env *catalog.FuncEnv) catalog.AggState {
			return &jsonAggState{env: env, object: object, binary: binary}
		})
		if !(binary && object) { // jsonb_object_agg is immutable in pg_proc, the others stable
			f.Volatility = catalog.Stable
		}
	}
	agg(3175, "json_agg", oids(types.AnyElement), types.JSON, false, false)
	agg(3267, "jsonb_agg", oids(types.AnyElement), types.JSONB, false, true)
	agg(3197, "json_object_agg", oids(types.Any, types.Any), types.JSON, true, false)
	agg(3270, "jsonb_object_agg", oids(types.Any, types.Any), types.JSONB, true, true)
}

type jsonAggState struct {
	env            *catalog.FuncEnv
	object, binary bool
	// groups holds each group's members: json text (with separators) or, for jsonb, the
	// encoded keys and values back to back, delimited by ends.
	groups [][]byte
	ends   [][]int32
	seen   []bool
	w      pgjson.Writer
}

func (s *jsonAggState) grow(n int) {
	s.groups = growTo(s.groups, n)
	s.ends = growTo(s.ends, n)
	s.seen = growTo(s.seen, n)
}

func errNullFieldName() error {
	return pgerror.New(pgcode.InvalidParameterValue, "field name must not be null")
}

func (s *jsonAggState) Update(groups []uint32, args []arrow.Array) error {
	s.grow(groupCount(groups))
	if s.binary {
		return s.updateJSONB(groups, args)
	}
	return s.updateJSON(groups, args)
}

func (s *jsonAggState) updateJSON(groups []uint32, args []arrow.Array) error {
	io := ioSettings(s.env)
	apps := make([]func(dst []byte, i int) []byte, len(args))
	for k, a := range args {
		var err error
		if apps[k], err = types.JSONTextAppender(s.env.ArgTypes[k], a, io, s.object && k == 0); err != nil {
			return err
		}
	}
	structured := !s.object && types.IsJSONStructured(s.env.ArgTypes[0])
	for i, g := range groups {
		if s.object && args[0].IsNull(i) {
			return errNullFieldName()
		}
		buf := s.groups[g]
		switch {
		case !s.seen[g] && s.object:
			buf = append(buf, "{ "...)
		case !s.seen[g]:
			buf = append(buf, '[')
		case structured && !args[0].IsNull(i):
			buf = append(buf, ", \n "...)
		default:
			buf = append(buf, ", "...)
		}
		s.seen[g] = true
		for k, a := range args {
			if k == 1 {
				buf = append(buf, " : "...)
			}
			if a.IsNull(i) {
				buf = append(buf, "null"...)
			} else {
				buf = apps[k](buf, i)
			}
		}
		s.groups[g] = buf
	}
	return nil
}

func (s *jsonAggState) updateJSONB(groups []uint32, args []arrow.Array) error {
	io := ioSettings(s.env)
	writes := make([]func(w *pgjson.Writer, i int) error, len(args))
	for k, a := range args {
		var err error
		if writes[k], err = types.JSONBWriter(s.env.ArgTypes[k], a, io, false); err != nil {
			return err
		}
	}
	if s.object {
		// Keys are written as values here (the Writer has no object open); a key must be
		// what jsonb makes of a key, a string.
		var err error
		if writes[0], err = jsonbKeyAsValue(s.env.ArgTypes[0], args[0], io); err != nil {
			return err
		}
	}
	for i, g := range groups {
		if s.object && args[0].IsNull(i) {
			return errNullFieldName()
		}
		s.seen[g] = true
		for k, a := range args {
			s.w.Reset()
			if a.IsNull(i) {
				s.w.Null()
			} else if err := writes[k](&s.w, i); err != nil {
				return err
			}
			s.groups[g] = append(s.groups[g], s.w.Bytes()...)
			s.ends[g] = append(s.ends[g], int32(len(s.groups[g])))
		}
	}
	return nil
}

// jsonbKeyAsValue writes an object key as a jsonb string value.
func jsonbKeyAsValue(t types.T, arr arrow.Array, io *types.IOSettings) (func(w *pgjson.Writer, i int) error, error) {
	key, err := types.JSONKeyAppender(t, arr, io)
	if err != nil {
		return nil, err
	}
	var buf []byte
	return func(w *pgjson.Writer, i int) error {
		buf = key(buf[:0], i)
		w.String(buf)
		return nil
	}, nil
}

func (s *jsonAggState) Merge(other catalog.AggState, mapping []uint32) error {
	o := other.(*jsonAggState)
	s.grow(groupCount(mapping[:min(len(mapping), len(o.groups))]))
	for g, buf := range o.groups {
		if !o.seen[g] {
			continue
		}
		d := mapping[g]
		if s.binary {
			base := int32(len(s.groups[d]))
			s.groups[d] = append(s.groups[d], buf...)
			for _, e := range o.ends[g] {
				s.ends[d] = append(s.ends[d], base+e)
			}
		} else if s.seen[d] {
			// buf starts with its own opening bracket: join after it.
			s.groups[d] = append(append(s.groups[d], ", "...), buf[openLen(s.object):]...)
		} else {
			s.groups[d] = append(s.groups[d], buf...)
		}
		s.seen[d] = true
	}
	return nil
}

func openLen(object bool) int {
	if object {
		return 2
	}
	return 1
}

func (s *jsonAggState) Finalize(ngroups int) (arrow.Array, error) {
	s.grow(ngroups)
	mem := allocator(s.env)
	out := newStrOut(mem, ngroups, 0)
	for g := 0; g < ngroups; g++ {
		if !s.seen[g] {
			out.endNull(mem)
			continue
		}
		if !s.binary {
			out.appendBytes(s.groups[g])
			if s.object {
				out.appendString(" }")
			} else {
				out.appendString("]")
			}
			out.end()
			continue
		}
		s.finishJSONB(out, g)
	}
	if s.binary {
		return out.finishAs(types.JSONBArrowType), nil
	}
	return out.finish(), nil
}

// finishJSONB assembles group g's encoded members into an array or object.
func (s *jsonAggState) finishJSONB(out *strOut, g int) {
	buf, ends := s.groups[g], s.ends[g]
	member := func(k int) pgjson.Value {
		from := int32(0)
		if k > 0 {
			from = ends[k-1]
		}
		return buf[from:ends[k]]
	}
	s.w.Reset()
	if s.object {
		s.w.BeginObject()
		for k := 0; k+1 < len(ends); k += 2 {
			s.w.Key(member(k).Text())
			s.w.Raw(member(k + 1))
		}
	} else {
		s.w.BeginArray()
		for k := range ends {
			s.w.Raw(member(k))
		}
	}
	s.w.End()
	out.appendBytes(s.w.Bytes())
	out.end()
}
