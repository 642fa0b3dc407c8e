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
// # Vectorized results
//
// Every function takes a whole batch of texts and returns one array of arrays (catalog/types'
// array layout): the elements of all rows go into growing allocator buffers (listout.go) and
// the rows' element ranges into one offsets slice, so a batch costs a few allocations
// whatever its number of rows and tokens. NULL texts give NULL (the functions are strict).
package tokenize
