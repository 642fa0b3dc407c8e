package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// concat and concat_ws take arguments of any type and are not strict: NULL arguments are
// skipped. Text arguments are copied as they are; others are printed with the type's text
// output function, which is why both are stable (timestamptz output depends on TimeZone).

// concatPart appends row i of one argument; ok is false for NULL.
type concatPart func(out *strOut, i int) (ok bool)

func concatParts(env *catalog.FuncEnv, args []arrow.Array) []concatPart {
	return concatPartsFrom(env, args, 0)
}

// concatPartsFrom is concatParts for arguments that start at the call's argument first
// (concat_ws and format skip their first), so each is printed as its own type.
func concatPartsFrom(env *catalog.FuncEnv, args []arrow.Array, first int) []concatPart {
	parts := make([]concatPart, len(args))
	var settings *types.IOSettings
	for k, a := range args {
		if s, isString := a.(interface{ Value(int) string }); isString && a.DataType().ID() == arrow.STRING {
			parts[k] = func(out *strOut, i int) bool {
				if a.IsNull(i) {
					return false
				}
				out.appendString(s.Value(i))
				return true
			}
			continue
		}
		if settings == nil {
			settings = ioSettings(env) // the session's, with the snapshot's enum labels
		}
		t := types.TText
		if first+k < len(env.ArgTypes) {
			t = env.ArgTypes[first+k]
		}
		app := types.TextAppender(t, a, settings)
		var scratch []byte
		parts[k] = func(out *strOut, i int) bool {
			if a.IsNull(i) {
				return false
			}
			// The appender may grow its slice, so it writes to scratch, not into out's buffer.
			scratch = app(scratch[:0], i)
			out.appendBytes(scratch)
			return true
		}
	}
	return parts
}

func concat(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := batchLen(env, args)
	parts := concatParts(env, args)
	out := newStrOut(allocator(env), n, 16*n)
	for i := 0; i < n; i++ {
		for _, p := range parts {
			p(out, i)
		}
		out.end()
	}
	return out.finish(), nil
}

func concatWS(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	n := batchLen(env, args)
	sep := stringsOf(args[0])
	parts := concatPartsFrom(env, args[1:], 1)
	mem := allocator(env)
	out := newStrOut(mem, n, 16*n)
	for i := 0; i < n; i++ {
		if sep.IsNull(i) {
			out.endNull(mem)
			continue
		}
		first := true
		for _, p := range parts {
			mark := len(out.data)
			if !first {
				out.appendString(sep.Value(i))
			}
			if p(out, i) {
				first = false
			} else {
				out.data = out.data[:mark]
			}
		}
		out.end()
	}
	return out.finish(), nil
}
