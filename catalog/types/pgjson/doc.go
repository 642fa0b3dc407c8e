// Package pgjson owns PostgreSQL's JSON values: the json text syntax with PostgreSQL's
// parser and error messages, and the binary form pgfast keeps jsonb values in.
//
// # Reading JSON text
//
// The lexer and recursive descent parser (lex.go, parse.go) follow PostgreSQL's
// src/common/jsonapi.c token for token, so malformed input fails on the same token with the
// same 22P02 error, DETAIL ("Expected ":", but found "}".") and CONTEXT line ("JSON data,
// line 1: {"abc"}"). Nesting is bounded by a depth derived from max_stack_depth
// (the stackKB arguments), where PostgreSQL's parser would exhaust its stack. The parser reports to a
// sink: the jsonb Writer (ParseJSONB), a span tree for the json functions (ParseTree), or
// nothing (ValidateJSON, json input, which keeps the text as written).
//
// # The jsonb encoding
//
// A jsonb value is one element of an Arrow binary array: a byte string that can be read in
// place. Its first byte is the Kind, which is also jsonb's order of types:
//
//	null    0x00                              (nothing follows)
//	string  0x01 utf8 bytes                   (decoded: no quotes, no escapes)
//	number  0x02 numeric text                 (as numeric_out prints it: "1.50", "100")
//	false   0x03, true 0x04
//	array   0x05 n:u32 end[0..n):u32 elements...
//	object  0x06 n:u32 keyEnd[0..n):u32 valEnd[0..n):u32 keys... values...
//
// Integers are little-endian. An array's elements, and an object's keys and values, are
// stored back to back, each end offset counting from the start of its region, so element or
// member i is found in constant time. Object keys are sorted as PostgreSQL sorts them
// (shorter first, then bytewise) with duplicates removed, the last one written winning, so
// a key is found by binary search over the key region without decoding anything, and the
// encoding of a value is unique up to the spelling of its numbers. Nested values are complete
// encodings themselves, so `->` returns a subslice of its input and containers are copied
// into new values without re-encoding.
//
// This is the shape of PostgreSQL's own JsonbContainer (a header, a JEntry array, then the
// data), simplified: end offsets are stored for every entry rather than every 32nd, and
// types live in the values rather than in the entries, which costs a byte per value and
// buys a value format that needs no context to read. Numbers are kept as canonical decimal
// text rather than a binary numeric, because jsonb numbers are arbitrary precision
// (up to 131072 digits) while pgfast's numeric holds 35 digits: text keeps every value
// exact, prints without conversion, and compares by value digit by digit (number.go).
//
// # Operations
//
// Compare, Equal and AppendHashKey give jsonb's btree order, equality and a hash key
// consistent with it (numbers compare by value, so 1.0 = 1). Contains is @>, Exists is ?,
// and edit.go has the operators that build new values (||, -, strip_nulls). The Writer
// (writer.go) encodes values from a stream of calls, normalizing objects when they close.
// AppendText and AppendPretty print jsonb_out's and jsonb_pretty's text.
package pgjson
