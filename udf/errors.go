package udf

import (
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The errors below carry PostgreSQL's SQLSTATEs and message texts exactly, since clients and
// regression files compare both.

func errDivisionByZero() error { return pgerror.New(pgcode.DivisionByZero, "division by zero") }

func errFloatOverflow() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "value out of range: overflow")
}

func errFloatUnderflow() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "value out of range: underflow")
}

func errNumericOverflow() error {
	return pgerror.New(pgcode.NumericValueOutOfRange, "value overflows numeric format")
}

// errIntRange returns the out-of-range error of an integer type.
func errIntRange(oid types.OID) error {
	switch oid {
	case types.Int2:
		return pgerror.New(pgcode.NumericValueOutOfRange, "smallint out of range")
	case types.Int8:
		return pgerror.New(pgcode.NumericValueOutOfRange, "bigint out of range")
	}
	return pgerror.New(pgcode.NumericValueOutOfRange, "integer out of range")
}

// intRangeErr returns errIntRange for the integer type held in Go type T.
func intRangeErr[T signed]() error {
	var z T
	switch any(z).(type) {
	case int16:
		return errIntRange(types.Int2)
	case int32:
		return errIntRange(types.Int4)
	}
	return errIntRange(types.Int8)
}
