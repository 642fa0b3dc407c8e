package udf

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The numeric versions of sqrt, exp, ln, log, power and div. Without them these calls
// resolve to the float8 functions through implicit casts and lose numeric's precision and
// display scale; catalog/types computes them as numeric.c does.

func registerNumericTranscend(b builder) {
	n := types.Numeric
	b.scalar(1730, "sqrt", oids(n), n, numericUnaryErr(types.NumericSqrtOf))
	b.scalar(1732, "exp", oids(n), n, numericUnaryErr(types.NumericExp))
	b.scalar(1734, "ln", oids(n), n, numericUnaryErr(types.NumericLn))
	b.scalar(1736, "log", oids(n, n), n, numericBinaryErr(types.NumericLog))
	b.scalar(1741, "log", oids(n), n, numericUnaryErr(sqlLog10("log")))
	b.scalar(1481, "log10", oids(n), n, numericUnaryErr(sqlLog10("log10")))
	power := numericBinaryErr(types.NumericPower)
	b.scalar(1738, "pow", oids(n, n), n, power)
	b.op(1038, "^", n, n, b.scalar(2169, "power", oids(n, n), n, power))
	b.scalar(1973, "div", oids(n, n), n, numericBinaryErr(types.NumericDivTrunc))
}

// sqlLog10 is log(numeric) or log10(numeric), which PostgreSQL defines as the SQL
// function "select pg_catalog.log(10, $1)": its errors carry that function as CONTEXT.
func sqlLog10(name string) func(num) (num, error) {
	ten := types.NumericFromInt64(10)
	return func(v num) (num, error) {
		r, err := types.NumericLog(ten, v)
		var pe *pgerror.Error
		if errors.As(err, &pe) {
			pe.Context = fmt.Sprintf("SQL function \"%s\" statement 1", name)
		}
		return r, err
	}
}

// numericUnaryErr maps f over a numeric array; the error of the first failing value is
// the statement's (recomputed only on that path).
func numericUnaryErr(f func(num) (num, error)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapUnary(env, numericDT, args[0], func(v num) (num, bool) {
			r, err := f(v)
			return r, err == nil
		}, func(v num) error {
			_, err := f(v)
			return err
		})
	}
}

// numericBinaryErr is numericUnaryErr for two arguments.
func numericBinaryErr(f func(a, b num) (num, error)) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return mapBinary(env, numericDT, args[0], args[1], func(a, b num) (num, bool) {
			r, err := f(a, b)
			return r, err == nil
		}, func(a, b num) error {
			_, err := f(a, b)
			return err
		})
	}
}
