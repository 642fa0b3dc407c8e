package planner

import (
	"github.com/pgfast/pgfast/catalog/types"
)

// funcStyleCast reports whether a one-argument call name(arg) is a cast written as a
// function, as PostgreSQL's func_get_detail decides: the name is a type's pg_type name, no
// function of that name takes exactly the argument's type, and the argument is an unknown
// literal or has a cast to the type. float8(int8col) and int4('12') are such casts.
func (b *binder) funcStyleCast(name string, arg Expr, loc int32) (Expr, bool, error) {
	d := types.ByName(name)
	if d == nil || d.Name != name || d.Category == types.CatPseudo || d.OID == types.UnknownLit {
		return nil, false, nil
	}
	from := arg.Type()
	for _, f := range b.reg.Funcs(name) {
		if len(f.Args) == 1 && f.Args[0] == from.OID {
			return nil, false, nil
		}
	}
	if !isUnknown(arg) && from.OID != d.OID && !types.CanCast(from.OID, d.OID, types.Explicit) {
		return nil, false, nil
	}
	e, err := b.coerce(arg, types.Of(d.OID), types.Explicit, loc)
	return e, true, err
}
