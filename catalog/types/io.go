package types

import (
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// IOSettings are the session settings that change how values are read and written as text.
type IOSettings struct {
	// TimeZone is used to print and read timestamptz values. Nil means UTC.
	TimeZone *time.Location
	// ExtraFloatDigits follows the extra_float_digits setting: > 0 (PostgreSQL's default is 1)
	// prints floats in the shortest form that round-trips exactly.
	ExtraFloatDigits int
}

// Appender appends one value of an array, selected by row index, to dst. It is bound to one
// array and one type, so the per-value call does no type dispatch. It is never called for a
// null value.
type Appender func(dst []byte, row int) []byte

// TextAppender returns an Appender that writes PostgreSQL's text output for values of t held
// in arr (an array of t.Arrow()'s type, or of another scale for numerics).
func TextAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	panic("types: TextAppender not yet written")
}

// BinaryAppender returns an Appender that writes PostgreSQL's binary send format (as
// typsend does) for values of t held in arr.
func BinaryAppender(t T, arr arrow.Array, s *IOSettings) Appender {
	panic("types: BinaryAppender not yet written")
}

// TextParser parses PostgreSQL text input for t and appends the value to b, a builder of
// t.Arrow()'s type. Errors carry SQLSTATE 22P02 (invalid_text_representation), 22003
// (numeric_value_out_of_range), 22007/22008 (datetime), or 22001 (string too long for
// varchar(n)) as PostgreSQL's input functions do.
type TextParser func(b array.Builder, text []byte) error

// TextParserFor returns the parser for t.
func TextParserFor(t T, s *IOSettings) TextParser { panic("types: TextParserFor not yet written") }

// BinaryParserFor returns the parser for PostgreSQL's binary receive format of t.
func BinaryParserFor(t T, s *IOSettings) TextParser { panic("types: BinaryParserFor not yet written") }
