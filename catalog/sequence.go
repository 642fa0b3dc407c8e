package catalog

import "github.com/pgfast/pgfast/catalog/types"

// KindSequence is the relation kind of a sequence (pg_class.relkind 'S').
const KindSequence TableKind = 'S'

// SequenceOptions are the parameters of a sequence (pg_sequence). A sequence is a relation
// (TableDef with Kind KindSequence) so that it shares the namespace of tables, as in
// PostgreSQL; its counter is not transactional and lives in the store, not in the catalog.
type SequenceOptions struct {
	// Type is the sequence's data type (AS int2/int4/int8), which bounds its default range.
	Type      types.OID `json:"type"`
	Start     int64     `json:"start"`
	Increment int64     `json:"increment"`
	Min       int64     `json:"min"`
	Max       int64     `json:"max"`
	Cache     int64     `json:"cache"`
	Cycle     bool      `json:"cycle,omitempty"`
	// OwnedBy is the table whose column the sequence belongs to (serial), which drops it
	// along with the table; 0 for none.
	OwnedBy types.OID `json:"owned_by,omitempty"`
}

// SequenceColumns are the columns a sequence relation shows, as in PostgreSQL.
var SequenceColumns = []Column{
	{Name: "last_value", Type: types.TInt8, NotNull: true},
	{Name: "log_cnt", Type: types.TInt8, NotNull: true},
	{Name: "is_called", Type: types.TBool, NotNull: true},
}

// Sequences gives functions such as nextval access to the session's sequences, named by
// their relation OID (the functions' regclass argument).
type Sequences interface {
	NextVal(oid types.OID) (int64, error)
	CurrVal(oid types.OID) (int64, error)
	// SetVal sets the sequence's value; with called false the next nextval returns v itself.
	SetVal(oid types.OID, v int64, called bool) error
	LastVal() (int64, error)
}

// SequenceStates is implemented by Sequences that can read a counter without changing it,
// which reading a sequence as a relation (SELECT last_value, is_called FROM s) and
// pg_sequence_last_value need.
type SequenceStates interface {
	// State returns the last value handed out or set, and whether nextval has returned it.
	State(oid types.OID) (last int64, called bool, err error)
}
