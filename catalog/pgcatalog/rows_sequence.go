package pgcatalog

import (
	"strconv"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// Sequences (catalog.SequenceOptions) as PostgreSQL describes their parameters: pg_sequence
// (which psql's \d of a sequence reads) and information_schema.sequences. Their counters
// live in the store and are not shown here.

// sequenceDefs returns the snapshot's sequences, in table order.
func (s *Source) sequenceDefs() []*catalog.TableDef {
	var out []*catalog.TableDef
	if s.Catalog == nil {
		return nil
	}
	for _, t := range s.Catalog.Tables() {
		if t.Kind == catalog.KindSequence && t.Sequence != nil {
			out = append(out, t)
		}
	}
	return out
}

// sequenceRows writes pg_sequence.
func (s *Source) sequenceRows(w *rowWriter) {
	for _, t := range s.sequenceDefs() {
		o := t.Sequence
		w.oid(t.OID).oid(o.Type).i64(o.Start).i64(o.Increment).i64(o.Max).i64(o.Min).i64(o.Cache).boolean(o.Cycle).end()
	}
}

// isSequences writes information_schema.sequences.
func (s *Source) isSequences(w *rowWriter) {
	for _, t := range s.sequenceDefs() {
		o := t.Sequence
		bits := int32(64)
		switch o.Type {
		case types.Int2:
			bits = 16
		case types.Int4:
			bits = 32
		}
		w.str(s.Database).str(t.Schema).str(t.Name).str(types.T{OID: o.Type, Typmod: -1}.String()).
			i32(bits).i32(2).i32(0).
			str(strconv.FormatInt(o.Start, 10)).str(strconv.FormatInt(o.Min, 10)).str(strconv.FormatInt(o.Max, 10)).
			str(strconv.FormatInt(o.Increment, 10)).str(yesNo(o.Cycle)).end()
	}
}
