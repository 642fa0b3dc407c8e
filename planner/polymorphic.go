package planner

import (
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Polymorphic functions, as PostgreSQL's enforce_generic_type_consistency resolves them.
//
// Two families of pseudo-types stand for the actual types of a call. In the first,
// anyelement, anynonarray and anyenum must all be one type, and anyarray its array type; an
// argument of the first family keeps its own type (no cast is applied), and only untyped
// literals take the deduced type. In the second, anycompatible and anycompatiblenonarray
// arguments and the elements of anycompatiblearray arguments are unified to their common
// type, as UNION unifies its columns, and every argument of the family is cast to it (or
// its array type). A polymorphic result takes the deduced type of its family.

// polyResult is a call's resolution of the two families.
type polyResult struct {
	elem, array     types.OID // family 1: the element type and the array type (0: unknown)
	compat, compatA types.OID // family 2: the common type and its array type
	// recordMod is the modifier of family 1 when its element type is record: the record
	// type naming the fields (other modifiers are dropped, as in PostgreSQL); compatMod
	// is family 2's.
	recordMod, compatMod int32
}

// polyArgs describes the actual types of a call's arguments that are declared polymorphic.
type polyArgs struct {
	elem, array    types.OID
	recordMod      int32
	anyNonArray    bool
	anyEnum        bool
	family1        bool
	family2        bool
	compatArray    bool
	compatNonArray bool
	compatActual   []types.T
	err            *pgerror.Error
}

func mismatch(format string, args ...any) *pgerror.Error {
	return pgerror.Newf(pgcode.DatatypeMismatch, format, args...)
}

// scanPolymorphic collects what the arguments declared polymorphic say about their
// families, stopping at the first inconsistency (an error in the result).
func scanPolymorphic(declared []types.OID, actual []types.T) polyArgs {
	p := polyArgs{recordMod: -1}
	for i, d := range declared {
		if i >= len(actual) {
			break
		}
		a := actual[i].OID
		unknown := a == types.UnknownLit || a == types.Unknown
		switch d {
		case types.AnyElement, types.AnyNonArray, types.AnyEnum:
			p.family1 = true
			p.anyNonArray = p.anyNonArray || d == types.AnyNonArray
			p.anyEnum = p.anyEnum || d == types.AnyEnum
			if unknown {
				continue
			}
			if p.elem != 0 && a != p.elem {
				p.err = mismatch("arguments declared \"anyelement\" are not all alike").
					WithDetail(types.Of(p.elem).String() + " versus " + types.Of(a).String())
				return p
			}
			p.elem = a
			if a == types.Record {
				p.recordMod = actual[i].Typmod
			}
		case types.AnyArray:
			p.family1 = true
			if unknown {
				continue
			}
			if p.array != 0 && a != p.array {
				p.err = mismatch("arguments declared \"anyarray\" are not all alike").
					WithDetail(types.Of(p.array).String() + " versus " + types.Of(a).String())
				return p
			}
			p.array = a
			if a == types.RecordArray {
				p.recordMod = actual[i].Typmod
			}
		case types.AnyCompatible, types.AnyCompatibleNonArray:
			p.family2 = true
			p.compatNonArray = p.compatNonArray || d == types.AnyCompatibleNonArray
			if !unknown {
				p.compatActual = append(p.compatActual, recordOrPlain(actual[i]))
			}
		case types.AnyCompatibleArray:
			p.family2, p.compatArray = true, true
			if unknown {
				continue
			}
			e, ok := types.ElemType(actual[i])
			if !ok {
				p.err = mismatch("argument declared anycompatiblearray is not an array but type %s", types.Of(a))
				return p
			}
			p.compatActual = append(p.compatActual, recordOrPlain(e))
		}
	}
	return p
}

// resolvePolymorphic deduces the types of the polymorphic families of a call with the
// declared argument types and the actual ones, with PostgreSQL's errors.
func resolvePolymorphic(declared []types.OID, actual []types.T) (polyResult, error) {
	p := scanPolymorphic(declared, actual)
	if p.err != nil {
		return polyResult{}, p.err
	}
	r := polyResult{recordMod: -1, compatMod: -1}
	if p.family1 {
		r.elem, r.array, r.recordMod = p.elem, p.array, p.recordMod
		if r.array != 0 {
			e, ok := types.ElemType(types.Of(r.array))
			if !ok {
				return r, mismatch("argument declared anyarray is not an array but type %s", types.Of(r.array))
			}
			if r.elem == 0 {
				r.elem = e.OID
			} else if e.OID != r.elem {
				return r, mismatch("argument declared anyarray is not consistent with argument declared anyelement").
					WithDetail(types.Of(r.array).String() + " versus " + types.Of(r.elem).String())
			}
		}
		if r.elem == 0 {
			return r, mismatch("could not determine polymorphic type because input has type unknown")
		}
		if p.anyNonArray && types.IsArrayValues(types.Of(r.elem)) {
			return r, mismatch("type matched to anynonarray is an array type: %s", types.Of(r.elem))
		}
		if p.anyEnum && !types.IsEnum(r.elem) {
			return r, mismatch("type matched to anyenum is not an enum type: %s", types.Of(r.elem))
		}
	}
	if p.family2 {
		if len(p.compatActual) == 0 {
			r.compat, r.compatA = types.Text, types.TextArray
		} else {
			common, bad := selectCommonType(p.compatActual)
			if bad >= 0 || !allCoerce(p.compatActual, common) {
				return r, mismatch("arguments of anycompatible family cannot be cast to a common type")
			}
			r.compat = common.OID
			if common.OID == types.Record {
				r.compatMod = common.Typmod
			}
			if p.compatArray {
				a := types.ArrayOf(r.compat)
				if a == nil {
					return r, pgerror.Newf(pgcode.UndefinedObject, "could not find array type for data type %s", types.Of(r.compat))
				}
				r.compatA = a.OID
			}
			if p.compatNonArray && types.IsArrayValues(types.Of(r.compat)) {
				return r, mismatch("type matched to anycompatiblenonarray is an array type: %s", types.Of(r.compat))
			}
		}
	}
	return r, nil
}

// allCoerce reports whether every type converts implicitly to t.
func allCoerce(ts []types.T, t types.T) bool {
	for _, x := range ts {
		if x.OID != t.OID && !types.CanCast(x.OID, t.OID, types.Implicit) {
			return false
		}
	}
	return true
}

// polymorphicFits is check_generic_type_consistency: whether a candidate's polymorphic
// arguments can take the actual types (unknowns always fit).
func polymorphicFits(declared []types.OID, actual []types.T) bool {
	p := scanPolymorphic(declared, actual)
	if p.err != nil {
		return false
	}
	if p.array != 0 {
		e, ok := types.ElemType(types.Of(p.array))
		if !ok || p.elem != 0 && e.OID != p.elem {
			return false
		}
		if p.elem == 0 {
			p.elem = e.OID
		}
	}
	if p.elem != 0 && p.anyNonArray && types.IsArrayValues(types.Of(p.elem)) {
		return false
	}
	if p.anyEnum && !types.IsEnum(p.elem) {
		return false // as in PostgreSQL, also when no argument gives the type
	}
	if len(p.compatActual) > 0 {
		common, bad := selectCommonType(p.compatActual)
		if bad >= 0 || !allCoerce(p.compatActual, common) {
			return false
		}
		if p.compatNonArray && types.IsArrayValues(common) {
			return false
		}
	}
	return true
}

// concreteArg returns the type argument i of a call declared decl with actual type actual
// is to be coerced to: decl itself unless polymorphic; for the first family the actual type
// (the deduced one for an untyped literal); for the second the common type.
func (r polyResult) concreteArg(decl types.OID, actual types.T) types.T {
	unknown := isUnknownT(actual)
	switch decl {
	case types.AnyElement, types.AnyNonArray, types.AnyEnum:
		if unknown {
			return types.T{OID: r.elem, Typmod: r.mod(r.elem)}
		}
		return actual
	case types.AnyArray:
		if unknown {
			return types.T{OID: r.arrayType(), Typmod: r.mod(r.elem)}
		}
		return actual
	case types.AnyCompatible, types.AnyCompatibleNonArray:
		return types.T{OID: r.compat, Typmod: r.compatMod}
	case types.AnyCompatibleArray:
		return types.T{OID: r.compatA, Typmod: r.compatMod}
	}
	return types.Of(decl)
}

// recordOrPlain returns t without its modifier, except a record type's, which names the
// fields and so must survive unification.
func recordOrPlain(t types.T) types.T {
	if t.OID == types.Record {
		return t
	}
	return types.Of(t.OID)
}

// arrayType returns the family's array type, deduced from the element type when no
// argument gave it (0 when it has none).
func (r polyResult) arrayType() types.OID {
	if r.array != 0 {
		return r.array
	}
	if a := types.ArrayOf(r.elem); a != nil {
		return a.OID
	}
	return 0
}

// mod returns the modifier family 1's types keep: the record type's, for records.
func (r polyResult) mod(elem types.OID) int32 {
	if elem == types.Record {
		return r.recordMod
	}
	return -1
}

// result returns the type of a polymorphic result type ret.
func (r polyResult) result(ret types.OID) (types.T, error) {
	switch ret {
	case types.AnyElement, types.AnyNonArray, types.AnyEnum:
		return types.T{OID: r.elem, Typmod: r.mod(r.elem)}, nil
	case types.AnyArray:
		a := r.arrayType()
		if a == 0 {
			return types.T{}, pgerror.Newf(pgcode.UndefinedObject, "could not find array type for data type %s", types.Of(r.elem))
		}
		return types.T{OID: a, Typmod: r.mod(r.elem)}, nil
	case types.AnyCompatible, types.AnyCompatibleNonArray:
		return types.T{OID: r.compat, Typmod: r.compatMod}, nil
	case types.AnyCompatibleArray:
		a := types.ArrayOf(r.compat)
		if a == nil {
			return types.T{}, pgerror.Newf(pgcode.UndefinedObject, "could not find array type for data type %s", types.Of(r.compat))
		}
		return types.T{OID: a.OID, Typmod: r.compatMod}, nil
	}
	return types.Of(ret), nil
}

// hasPolymorphic reports whether any of ts is a polymorphic pseudo-type.
func hasPolymorphic(ts ...types.OID) bool {
	for _, t := range ts {
		if types.IsPolymorphic(t) {
			return true
		}
	}
	return false
}
