package planner

import (
	"github.com/pgfast/pgfast/catalog/types"
)

// Polymorphic arguments declared anyenum (enum_first, the enum comparison operators) take
// the enum type of the call's arguments: every argument so declared must have the same enum
// type, or be an unknown literal that becomes one, and at least one must decide it.

// enumArgType returns the enum type the anyenum arguments of candidate c resolve to for
// args, and false when c declares anyenum but the arguments do not fit it.
func enumArgType(c candidate, args []types.T) (types.T, bool) {
	var t types.T
	declared := false
	for i, a := range args {
		if c.argAt(i) != types.AnyEnum {
			continue
		}
		declared = true
		if isUnknownT(a) {
			continue
		}
		if !types.IsEnum(a.OID) || (t.OID != 0 && t.OID != a.OID) {
			return types.T{}, false
		}
		t = types.Of(a.OID)
	}
	return t, !declared || t.OID != 0
}
