package types

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func init() {
	// pg_cast's rows for json and jsonb: json and jsonb convert to each other through their
	// I/O functions in assignment context; jsonb holding a number or boolean converts
	// explicitly to numeric, the integer and float types, and boolean.
	castTable[castKey{JSON, JSONB}] = Cast{Assignment, CastInOut}
	castTable[castKey{JSONB, JSON}] = Cast{Assignment, CastInOut}
	for _, to := range []OID{Bool, Numeric, Int2, Int4, Int8, Float4, Float8} {
		castTable[castKey{JSONB, to}] = Cast{Explicit, CastFunction}
	}
}

// castJSON converts between json and jsonb, and from jsonb to numbers and booleans; ok is
// false for other pairs of types.
func castJSON(arr arrow.Array, from, to T, s *IOSettings, mem memory.Allocator) (out arrow.Array, ok bool, err error) {
	switch {
	case from.OID == JSON && to.OID == JSONB:
		out, err = castFromString(arr, to, s, mem)
		return out, true, err
	case from.OID == JSONB && to.OID == JSON:
		out, err = castToString(arr, from, TText, Explicit, s, mem)
		return out, true, err
	case from.OID != JSONB:
		return nil, false, nil
	case to.OID == Bool:
		out, err = jsonbToBool(arr, mem)
		return out, true, err
	case to.OID == Numeric || to.OID == Int2 || to.OID == Int4 || to.OID == Int8 || to.OID == Float4 || to.OID == Float8:
		num, err := jsonbToNumeric(arr, to, mem)
		if err != nil || to.OID == Numeric {
			return num, true, err
		}
		defer num.Release()
		out, err = CastArray(num, TNumeric, to, s, mem)
		return out, true, err
	}
	return nil, false, nil
}

// errJSONBCast is PostgreSQL's error for a jsonb value of the wrong kind in a cast.
func errJSONBCast(v pgjson.Value, to T) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "cannot cast jsonb %s to type %s", v.Kind().TypeName(), to)
}

func jsonbToBool(arr arrow.Array, mem memory.Allocator) (arrow.Array, error) {
	b := array.NewBooleanBuilder(mem)
	defer b.Release()
	for i := 0; i < arr.Len(); i++ {
		if arr.IsNull(i) {
			b.AppendNull()
			continue
		}
		v := JSONBValue(arr, i)
		if k := v.Kind(); k != pgjson.KindTrue && k != pgjson.KindFalse {
			return nil, errJSONBCast(v, TBool)
		}
		b.Append(v.Bool())
	}
	return b.NewArray(), nil
}

// jsonbToNumeric converts jsonb numbers to numeric; to names the cast's target for errors.
func jsonbToNumeric(arr arrow.Array, to T, mem memory.Allocator) (arrow.Array, error) {
	b := array.NewFixedSizeBinaryBuilder(mem, NumericArrowType.(*arrow.FixedSizeBinaryType))
	defer b.Release()
	for i := 0; i < arr.Len(); i++ {
		if arr.IsNull(i) {
			b.AppendNull()
			continue
		}
		v := JSONBValue(arr, i)
		if v.Kind() != pgjson.KindNumber {
			return nil, errJSONBCast(v, to)
		}
		n, err := ParseNumericText(string(v.Text()))
		if err != nil {
			return nil, err
		}
		AppendNumericBuilder(b, n)
	}
	return b.NewArray(), nil
}
