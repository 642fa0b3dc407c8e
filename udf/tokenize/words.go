package tokenize

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
)

// tokenizeWords is tokenize(text): every row's maximal runs of word characters, in order,
// as a text[] ('{}' for a text without any).
func tokenizeWords(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	strs := args[0].(*array.String)
	out := newTextListOut(allocator(env), strs.Len(), len(strs.ValueBytes()))
	for i := 0; i < strs.Len(); i++ {
		if !env.RowValid(i) {
			out.endNull()
			continue
		}
		s := strs.Value(i)
		out.data.grow(len(s)) // the row's tokens are at most its bytes
		for start, end, ok := nextWord(s, 0); ok; start, end, ok = nextWord(s, end) {
			out.data.s = append(out.data.s, s[start:end]...)
			out.elemOffs.push(int32(len(out.data.s)))
		}
		out.endRow()
	}
	return out.finish(), nil
}

// allocator returns the statement's allocator.
func allocator(env *catalog.FuncEnv) memory.Allocator {
	if env != nil && env.Mem != nil {
		return env.Mem
	}
	return memory.DefaultAllocator
}
