package planner

import (
	"github.com/pgfast/pgfast/catalog/types"
)

// CoerceToDomain passes the values of Arg, which have the domain's base type, through the
// constraints of a domain and of the domains it is over, failing on the first value that
// breaks one: 23502 for a NULL where a domain is NOT NULL, 23514 for a CHECK predicate
// that is false. Values of a domain type are held as its base type's everywhere; this node
// is where the domain is enforced (casts to it, assignments to columns of it, COPY).
type CoerceToDomain struct {
	Arg Expr
	// Domain is the target domain and Name its name as format_type prints it, for messages.
	Domain types.OID
	Name   string
	// Constraints are checked in order: the base-most domain's first, each domain's CHECKs
	// by name, as PostgreSQL orders them.
	Constraints []DomainConstraint
	T           types.T // the base type
}

// DomainConstraint is one constraint of a domain: NOT NULL (Pred nil), or a CHECK named
// Name whose Pred is over a one-column input, column 0 being VALUE. A NULL Pred result
// passes, as in CHECK constraints.
type DomainConstraint struct {
	Name string
	Pred Expr
}

func (*CoerceToDomain) exprNode() {}

// Type implements Expr.
func (e *CoerceToDomain) Type() types.T { return e.T }

func (e *CoerceToDomain) String() string { return "(" + e.Arg.String() + ")::" + e.Name }
