package pgcatalog

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// sequenceView lists pg_sequences: every sequence but those of other sessions' temporary
// schemas, with its counter's last value, NULL before the first nextval and for a role
// holding neither SELECT nor USAGE on it.
func (s *Source) sequenceView(w *rowWriter) {
	var role types.OID
	if s.Catalog != nil {
		if r := s.Catalog.Role(cmp.Or(s.Role, s.User)); r != nil && !r.Superuser {
			role = r.OID
		}
	}
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence || d.Sequence == nil ||
			strings.HasPrefix(d.Schema, catalog.TempSchemaPrefix) && d.Schema != s.TempSchema {
			continue
		}
		o := d.Sequence
		w.str(d.Schema).str(d.Name).str(s.ownerName(d)).oid(o.Type).i64(o.Start).i64(o.Min).i64(o.Max).
			i64(o.Increment).boolean(o.Cycle).i64(o.Cache)
		readable := role == 0 || s.Catalog.TableHolds(role, d, acl.Select) || s.Catalog.TableHolds(role, d, acl.Usage)
		if last, called, err := s.sequenceState(d); readable && err == nil && called {
			w.i64(last)
		} else {
			w.null()
		}
		w.end()
	}
}

// sequenceState reads a sequence's counter through SequenceState.
func (s *Source) sequenceState(d *catalog.TableDef) (int64, bool, error) {
	if s.SequenceState == nil {
		return 0, false, nil
	}
	return s.SequenceState(d)
}

// sequences lists pg_sequence: the parameters of every sequence (its counter is read from
// the sequence relation itself).
func (s *Source) sequences(w *rowWriter) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence || d.Sequence == nil {
			continue
		}
		o := d.Sequence
		w.oid(d.OID).oid(o.Type).i64(o.Start).i64(o.Increment).i64(o.Max).i64(o.Min).i64(o.Cache).boolean(o.Cycle).end()
	}
}

// isSequences writes information_schema.sequences: the same parameters, as text.
func (s *Source) isSequences(w *rowWriter) {
	for _, d := range s.relations() {
		if d.Kind != catalog.KindSequence || d.Sequence == nil {
			continue
		}
		o := d.Sequence
		bits := int32(64)
		switch o.Type {
		case types.Int2:
			bits = 16
		case types.Int4:
			bits = 32
		}
		w.str(s.Database).str(d.Schema).str(d.Name).str(types.T{OID: o.Type, Typmod: -1}.String()).
			i32(bits).i32(2).i32(0).
			str(strconv.FormatInt(o.Start, 10)).str(strconv.FormatInt(o.Min, 10)).str(strconv.FormatInt(o.Max, 10)).
			str(strconv.FormatInt(o.Increment, 10)).str(yesNo(o.Cycle)).end()
	}
}
