package tokenize

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/udf/tokenize/wordpiece"
)

// batchEncoder encodes a batch's rows with the tokenizer each row names: a batch almost
// always names one, so it is resolved once and the encoder kept while the name repeats.
type batchEncoder struct {
	names *names
	refs  *array.String
	ref   string
	tok   *wordpiece.Tokenizer
	enc   *wordpiece.Encoder
}

// encode tokenizes row i's text with row i's tokenizer; the results are in the returned
// encoder.
func (b *batchEncoder) encode(i int, text string, addSpecial bool) (*wordpiece.Encoder, error) {
	if ref := b.refs.Value(i); b.enc == nil || ref != b.ref {
		tok, err := b.names.resolve(ref)
		if err != nil {
			return nil, err
		}
		if tok != b.tok {
			b.tok, b.enc = tok, wordpiece.NewEncoder(tok)
		}
		b.ref = ref
	}
	b.enc.Encode(text, addSpecial)
	return b.enc, nil
}

// tokenizeWith is tokenize(text, tokenizer): the tokens' texts, without special tokens.
func (n *names) tokenizeWith(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	texts := args[0].(*array.String)
	be := &batchEncoder{names: n, refs: args[1].(*array.String)}
	out := newTextListOut(allocator(env), texts.Len(), len(texts.ValueBytes())+len(texts.ValueBytes())/2)
	for i := 0; i < texts.Len(); i++ {
		if !env.RowValid(i) {
			out.endNull()
			continue
		}
		enc, err := be.encode(i, texts.Value(i), false)
		if err != nil {
			out.abandon()
			return nil, err
		}
		for j := range enc.IDs {
			out.appendText(enc.Token(j))
		}
		out.endRow()
	}
	return out.finish(), nil
}

// tokenIDs is token_ids(text, tokenizer [, add_special_tokens]).
func (n *names) tokenIDs(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	texts := args[0].(*array.String)
	be := &batchEncoder{names: n, refs: args[1].(*array.String)}
	var special *array.Boolean
	if len(args) > 2 {
		special = args[2].(*array.Boolean)
	}
	out := newIntListOut(allocator(env), texts.Len(), len(texts.ValueBytes())/4+texts.Len())
	for i := 0; i < texts.Len(); i++ {
		if !env.RowValid(i) {
			out.endNull()
			continue
		}
		enc, err := be.encode(i, texts.Value(i), special == nil || special.Value(i))
		if err != nil {
			out.abandon()
			return nil, err
		}
		out.ints.grow(len(enc.IDs))
		out.ints.s = append(out.ints.s, enc.IDs...)
		out.endRow()
	}
	return out.finish(), nil
}

// tokenRows is tokens(text, tokenizer [, add_special_tokens]): a row per token with its
// text, id and character offsets.
func (n *names) tokenRows(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	tok, err := n.resolve(scalarText(args[1]))
	if err != nil {
		return nil, err
	}
	addSpecial := len(args) > 2 && args[2].(*scalar.Boolean).Value
	enc := wordpiece.NewEncoder(tok)
	enc.Encode(scalarText(args[0]), addSpecial)
	mem := allocator(env)
	texts, ids, starts, ends := array.NewStringBuilder(mem), array.NewInt32Builder(mem), array.NewInt32Builder(mem), array.NewInt32Builder(mem)
	defer texts.Release()
	defer ids.Release()
	defer starts.Release()
	defer ends.Release()
	for j := range enc.IDs {
		texts.Append(enc.Token(j))
	}
	ids.AppendValues(enc.IDs, nil)
	starts.AppendValues(enc.Starts, nil)
	ends.AppendValues(enc.Ends, nil)
	return catalog.ColumnRows(texts.NewArray(), ids.NewArray(), starts.NewArray(), ends.NewArray()), nil
}

// tokenizerRegister is tokenizer_register(name, path): the vocabulary size of the
// tokenizer now known by name.
func (n *names) tokenizerRegister(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	names, paths := args[0].(*array.String), args[1].(*array.String)
	out := array.NewInt32Builder(allocator(env))
	defer out.Release()
	for i := 0; i < names.Len(); i++ {
		if !env.RowValid(i) {
			out.AppendNull()
			continue
		}
		tok, err := n.register(names.Value(i), paths.Value(i))
		if err != nil {
			return nil, err
		}
		out.Append(int32(tok.VocabSize()))
	}
	return out.NewArray(), nil
}

func scalarText(s scalar.Scalar) string {
	if v, ok := s.(*scalar.String); ok {
		return string(v.Value.Bytes())
	}
	return ""
}
