package session

import (
	"strings"
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// SequenceStore is implemented by stores that keep sequence counters. The counters are not
// transactional: a value NextVal returns is never returned again, even after a crash.
type SequenceStore interface {
	// NextVal advances sequence def and returns the new value (2200H past its bounds
	// without CYCLE).
	NextVal(def *catalog.TableDef) (int64, error)
	// SetVal sets the counter; with called false the next NextVal returns v itself.
	SetVal(def *catalog.TableDef, v int64, called bool) error
}

// seqSession is the per-session state of sequence functions: the last value nextval gave
// for each sequence (currval) and the sequence it last advanced (lastval).
// A statement's parallel workers may call nextval at once: mu guards the state.
type seqSession struct {
	mu   sync.Mutex
	curr map[types.OID]int64
	last types.OID
}

// statementSequences serves the sequence functions of one statement: sequences are looked up
// in the statement's catalog snapshot, counters kept by the store, session state in sess.
type statementSequences struct {
	store SequenceStore
	cat   *catalog.Catalog
	sess  *seqSession
	// readOnly is set in a read-only transaction, where only temporary sequences advance.
	readOnly bool
	// mayRead reports whether the current role holds SELECT or USAGE on a sequence, which
	// lastval needs (nil: any role may).
	mayRead func(def *catalog.TableDef) bool
}

var _ catalog.Sequences = (*statementSequences)(nil)

// SequenceReader is implemented by SequenceStores that can read a counter without changing
// it (package storage's).
type SequenceReader interface {
	SeqState(def *catalog.TableDef) (last int64, called bool, err error)
}

// State implements catalog.SequenceStates.
func (q *statementSequences) State(oid types.OID) (int64, bool, error) {
	def, err := q.sequence(oid)
	if err != nil {
		return 0, false, err
	}
	r, ok := q.store.(SequenceReader)
	if !ok {
		return 0, false, pgerror.New(pgcode.FeatureNotSupported, "sequences cannot be read by this store")
	}
	return r.SeqState(def)
}

func (q *statementSequences) sequence(oid types.OID) (*catalog.TableDef, error) {
	def := q.cat.TableByOID(oid)
	if def == nil {
		return nil, pgerror.Newf(pgcode.UndefinedTable, "could not open relation with OID %d", oid)
	}
	if def.Kind != catalog.KindSequence || def.Sequence == nil {
		return nil, pgerror.Newf(pgcode.WrongObjectType, "\"%s\" is not a sequence", def.Name)
	}
	if q.store == nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "sequences are not supported by this store")
	}
	return def, nil
}

// checkWritable fails a change of a sequence that is not temporary in a read-only
// transaction, as PostgreSQL does.
func (q *statementSequences) checkWritable(def *catalog.TableDef, fn string) error {
	if q.readOnly && !strings.HasPrefix(def.Schema, catalog.TempSchemaPrefix) {
		return pgerror.Newf(pgcode.ReadOnlySqlTransaction, "cannot execute %s() in a read-only transaction", fn)
	}
	return nil
}

func (q *statementSequences) NextVal(oid types.OID) (int64, error) {
	def, err := q.sequence(oid)
	if err != nil {
		return 0, err
	}
	if err := q.checkWritable(def, "nextval"); err != nil {
		return 0, err
	}
	v, err := q.store.NextVal(def)
	if err != nil {
		return 0, err
	}
	q.sess.note(oid, v)
	return v, nil
}

func (q *statementSequences) CurrVal(oid types.OID) (int64, error) {
	def, err := q.sequence(oid)
	if err != nil {
		return 0, err
	}
	q.sess.mu.Lock()
	v, ok := q.sess.curr[oid]
	q.sess.mu.Unlock()
	if !ok {
		return 0, pgerror.Newf(pgcode.ObjectNotInPrerequisiteState, "currval of sequence \"%s\" is not yet defined in this session", def.Name)
	}
	return v, nil
}

func (q *statementSequences) SetVal(oid types.OID, v int64, called bool) error {
	def, err := q.sequence(oid)
	if err != nil {
		return err
	}
	if err := q.checkWritable(def, "setval"); err != nil {
		return err
	}
	o := def.Sequence
	if v < o.Min || v > o.Max {
		return pgerror.Newf(pgcode.NumericValueOutOfRange, "setval: value %d is out of bounds for sequence \"%s\" (%d..%d)", v, def.Name, o.Min, o.Max)
	}
	if err := q.store.SetVal(def, v, called); err != nil {
		return err
	}
	if called {
		// Like PostgreSQL, setval with is_called sets currval; without, it leaves it alone.
		q.sess.note(oid, v)
	}
	return nil
}

func (q *statementSequences) LastVal() (int64, error) {
	q.sess.mu.Lock()
	last, v := q.sess.last, q.sess.curr[q.sess.last]
	q.sess.mu.Unlock()
	if last == 0 {
		return 0, pgerror.New(pgcode.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	def := q.cat.TableByOID(last)
	if def == nil {
		return 0, pgerror.New(pgcode.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	}
	if q.mayRead != nil && !q.mayRead(def) {
		return 0, pgerror.Newf(pgcode.InsufficientPrivilege, "permission denied for sequence %s", def.Name)
	}
	return v, nil
}

// note records v as the current value of sequence oid and oid as the last one advanced.
func (s *seqSession) note(oid types.OID, v int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.curr == nil {
		s.curr = map[types.OID]int64{}
	}
	s.curr[oid], s.last = v, oid
}

// restartSequence applies ALTER SEQUENCE ... RESTART: the next nextval gives the value
// the statement names. Like the counter itself, the restart is not undone by a rollback.
func (s *Session) restartSequence(txn executor.Txn, st *planner.Statement) error {
	if st.SeqRestart == nil || st.Alter == nil {
		return nil
	}
	store, ok := s.eng.store.(SequenceStore)
	if !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "sequences are not supported by this store")
	}
	def := txn.Catalog().TableByOID(st.Alter.Def.OID)
	if def == nil {
		return pgerror.Newf(pgcode.UndefinedTable, "relation \"%s\" does not exist", st.Alter.Def.Name)
	}
	return store.SetVal(def, *st.SeqRestart, false)
}

// mayReadSequence returns lastval's privilege check for the current role in cat: SELECT or
// USAGE on the sequence, as PostgreSQL requires. A role the catalog does not know (a
// trusted client logging in under any name) and a superuser may read every sequence.
func (s *Session) mayReadSequence(cat *catalog.Catalog) func(def *catalog.TableDef) bool {
	return func(def *catalog.TableDef) bool {
		me := cat.Role(s.currentRole())
		return me == nil || me.Superuser || cat.TableHolds(me.OID, def, acl.Select) || cat.TableHolds(me.OID, def, acl.Usage)
	}
}
