// Package tokenize holds the tokenizer functions: SQL's view of text as tokens, for search,
// feature extraction and feeding language models from the rows where the text lives.
//
// # tokenize(text) -> text[]
//
// The maximal runs of word characters of the text, in order and in their original case:
// what the Rust regex crate's `\w+` finds with Unicode enabled. Word characters are
// Alphabetic, marks (M), decimal digits (Nd), connector punctuation (Pc) and Join_Control
// (wordchar.go); Go's regexp `\w` is ASCII-only and is not used. The class is flattened
// into an ASCII table and a bitmap of the Basic Multilingual Plane, so the scan costs a
// table lookup per byte of ASCII text and per character elsewhere.
//
// # WordPiece tokenizers
//
// tokenize(text, tokenizer) -> text[], token_ids(text, tokenizer [, add_special_tokens])
// -> int4[] and tokens(text, tokenizer [, add_special_tokens]) -> (token, id, start, end)
// run a Hugging Face WordPiece tokenizer (BERT's) from package wordpiece. The tokenizer is
// the absolute path of a tokenizer.json or vocab.txt on the server, or a name given to one
// with tokenizer_register(name, path) (cache.go). Names (without slashes) belong to the
// server: they are kept in the data directory's tokenizers.json (written durably, as a
// synced file renamed into place, before the call returns; like nextval it is not undone
// by ROLLBACK), which the extension's Open reads when the server starts. Loaded files are
// shared by every session: a file is read once, reread when its modification time or size
// changes, and at most maxCachedTokenizers stay loaded, the least recently used leaving
// first. Reading server files is a superuser's right in PostgreSQL; pgfast has no roles
// yet and every session has the rights of COPY FROM a file.
//
// A batch's rows almost always name one tokenizer: it is resolved once per batch (and
// again only when a row names another), and one encoder with reused buffers runs over the
// rows. tokens() is a set-returning function called per argument row, so it can read the
// columns of earlier FROM items (FROM docs d, tokens(d.body, 'bert')).
//
// Errors are PostgreSQL's: a missing file is 58P01 "could not open file", a file that is
// not a WordPiece tokenizer 22023, an unknown name 42704, a relative path 42602.
//
// # Vectorized results
//
// Every array-returning function takes a whole batch of texts and returns one array of
// arrays (catalog/types' array layout): the elements of all rows go into growing allocator buffers (listout.go) and
// the rows' element ranges into one offsets slice, so a batch costs a few allocations
// whatever its number of rows and tokens. NULL texts give NULL (the functions are strict).
package tokenize
