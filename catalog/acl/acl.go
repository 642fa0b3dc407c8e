// Package acl owns PostgreSQL's access control lists: the privileges one role grants
// another on an object (aclitem), how a list of them changes under GRANT and REVOKE, how
// it is spelled in relacl and nspacl ("alice=arw/postgres"), and whether a role holds a
// privilege through it. It knows nothing of roles beyond their OIDs: membership, which
// makes a role hold what is granted to the roles it belongs to, is the caller's question,
// passed in as a function.
//
// A nil List stands for the object's default privileges (PostgreSQL's NULL acl): the
// owner holds every privilege of the object's kind, and PUBLIC what the kind gives it
// (EXECUTE on functions, USAGE on types, CONNECT and TEMPORARY on databases). GRANT and
// REVOKE first turn it into the explicit list, as PostgreSQL's acldefault does.
package acl

import (
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog/types"
)

// Priv is a set of privileges, bit for bit PostgreSQL's AclMode.
type Priv uint32

// The privileges, in the order their letters are printed.
const (
	Insert Priv = 1 << iota
	Select
	Update
	Delete
	Truncate
	References
	Trigger
	Execute
	Usage
	Create
	Temporary
	Connect
	Set
	AlterSystem
)

// letters spells each privilege bit, lowest first, as aclitem does.
const letters = "arwdDxtXUCTcsA"

// Public is the grantee OID standing for every role.
const Public types.OID = 0

// Kind is the kind of object a list protects; it decides what ALL PRIVILEGES means and
// what the owner and PUBLIC hold by default.
type Kind byte

// Object kinds.
const (
	Table Kind = iota
	Sequence
	Schema
	Function
	Type
	Database
	// Column is a table's column (attacl): its list holds only what was granted on the
	// column itself, so its default is empty; the table's privileges apply besides.
	Column
)

// All returns every privilege objects of kind k have.
func (k Kind) All() Priv {
	switch k {
	case Table:
		return Insert | Select | Update | Delete | Truncate | References | Trigger
	case Sequence:
		return Select | Update | Usage
	case Schema:
		return Usage | Create
	case Function:
		return Execute
	case Type:
		return Usage
	case Database:
		return Create | Temporary | Connect
	case Column:
		return Insert | Select | Update | References
	}
	return 0
}

// publicDefault is what PUBLIC holds on an object of kind k with default privileges.
func (k Kind) publicDefault() Priv {
	switch k {
	case Function:
		return Execute
	case Type:
		return Usage
	case Database:
		return Temporary | Connect
	}
	return 0
}

// Item is one aclitem: privileges Grantor gave Grantee (Public: everyone), and which of
// them Grantee may grant on (GrantOptions, a subset of Privs).
type Item struct {
	Grantee      types.OID `json:"grantee"`
	Grantor      types.OID `json:"grantor"`
	Privs        Priv      `json:"privs"`
	GrantOptions Priv      `json:"grant_options,omitempty"`
}

// List is an object's access control list; nil means the default (see the package doc).
type List []Item

// Default returns the explicit form of the default privileges of an object of kind k
// owned by owner.
func Default(k Kind, owner types.OID) List {
	l := List{}
	if k == Column {
		return l
	}
	if p := k.publicDefault(); p != 0 {
		l = append(l, Item{Grantee: Public, Grantor: owner, Privs: p})
	}
	// The owner's grant options are implicit, so the item carries none, as in PostgreSQL.
	return append(l, Item{Grantee: owner, Grantor: owner, Privs: k.All()})
}

// Explicit returns l, or the default list when l is nil.
func (l List) Explicit(k Kind, owner types.OID) List {
	if l == nil {
		return Default(k, owner)
	}
	return l
}

// Grant returns the list with privs (and with grantOption their grant options) granted
// by grantor to each grantee. l must be explicit (see Explicit).
func (l List) Grant(grantees []types.OID, grantor types.OID, privs Priv, grantOption bool) List {
	out := slices.Clone(l)
	if out == nil {
		out = List{}
	}
	for _, g := range grantees {
		i := slices.IndexFunc(out, func(it Item) bool { return it.Grantee == g && it.Grantor == grantor })
		if i < 0 {
			out = append(out, Item{Grantee: g, Grantor: grantor})
			i = len(out) - 1
		}
		out[i].Privs |= privs
		if grantOption && g != Public {
			out[i].GrantOptions |= privs
		}
	}
	return out
}

// Revoke returns the list without privs granted by grantor to each grantee; with
// optionOnly (REVOKE GRANT OPTION FOR) only the grant options go. Items left empty are
// removed. l must be explicit.
func (l List) Revoke(grantees []types.OID, grantor types.OID, privs Priv, optionOnly bool) List {
	out := List{}
	for _, it := range l {
		if it.Grantor == grantor && slices.Contains(grantees, it.Grantee) {
			it.GrantOptions &^= privs
			if !optionOnly {
				it.Privs &^= privs
			}
		}
		if it.Privs != 0 {
			out = append(out, it)
		}
	}
	return out
}

// Holds reports whether a role holds every privilege of want through l, for an object of
// kind k owned by owner. inRole says whether the role is, or inherits the privileges of,
// a given role (Public included).
func (l List) Holds(k Kind, owner types.OID, want Priv, inRole func(types.OID) bool) bool {
	var have Priv
	for _, it := range l.Explicit(k, owner) {
		if it.Grantee == Public || inRole(it.Grantee) {
			have |= it.Privs
		}
	}
	return have&want == want
}

// Format spells one item as aclitem does: grantee=privs/grantor, with * after each
// privilege that carries its grant option and an empty grantee for PUBLIC. name spells a
// role OID (quoted as an identifier where needed).
func (it Item) Format(name func(types.OID) string) string {
	var sb strings.Builder
	if it.Grantee != Public {
		sb.WriteString(name(it.Grantee))
	}
	sb.WriteByte('=')
	for i := 0; i < len(letters); i++ {
		bit := Priv(1) << i
		if it.Privs&bit != 0 {
			sb.WriteByte(letters[i])
			if it.GrantOptions&bit != 0 {
				sb.WriteByte('*')
			}
		}
	}
	sb.WriteByte('/')
	sb.WriteString(name(it.Grantor))
	return sb.String()
}

// Strings spells each item of l (nil for a nil list, which prints as NULL).
func (l List) Strings(name func(types.OID) string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, it := range l {
		out[i] = it.Format(name)
	}
	return out
}

// Letters spells a privilege set as aclitem letters ("arw").
func Letters(p Priv) string {
	var sb strings.Builder
	for i := 0; i < len(letters); i++ {
		if p&(Priv(1)<<i) != 0 {
			sb.WriteByte(letters[i])
		}
	}
	return sb.String()
}

// byName maps the privilege keywords of GRANT and of has_*_privilege to their bits.
var byName = map[string]Priv{
	"insert": Insert, "select": Select, "update": Update, "delete": Delete, "truncate": Truncate,
	"references": References, "trigger": Trigger, "execute": Execute, "usage": Usage, "create": Create,
	"temporary": Temporary, "temp": Temporary, "connect": Connect, "set": Set, "alter system": AlterSystem,
}

// ByName returns the privilege a keyword names ("select", "usage"), lower case.
func ByName(name string) (Priv, bool) {
	p, ok := byName[name]
	return p, ok
}

// Names spells each privilege of p as its keyword, upper case, in bit order (for
// messages and information_schema).
func Names(p Priv) []string {
	var out []string
	for _, n := range []struct {
		p    Priv
		name string
	}{{Insert, "INSERT"}, {Select, "SELECT"}, {Update, "UPDATE"}, {Delete, "DELETE"}, {Truncate, "TRUNCATE"},
		{References, "REFERENCES"}, {Trigger, "TRIGGER"}, {Execute, "EXECUTE"}, {Usage, "USAGE"}, {Create, "CREATE"},
		{Temporary, "TEMPORARY"}, {Connect, "CONNECT"}, {Set, "SET"}, {AlterSystem, "ALTER SYSTEM"}} {
		if p&n.p != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// NewOwner returns l for an object whose owner changes from old to owner, as PostgreSQL's
// aclnewowner does: the old owner's items, as grantee and as grantor, become the new
// owner's, merged with the items the new owner already had. A nil (default) list stays nil.
func (l List) NewOwner(old, owner types.OID) List {
	if l == nil {
		return nil
	}
	out := List{}
	for _, it := range l {
		if it.Grantee == old {
			it.Grantee = owner
		}
		if it.Grantor == old {
			it.Grantor = owner
		}
		merged := false
		for i := range out {
			if out[i].Grantee == it.Grantee && out[i].Grantor == it.Grantor {
				out[i].Privs |= it.Privs
				out[i].GrantOptions |= it.GrantOptions
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, it)
		}
	}
	return out
}
