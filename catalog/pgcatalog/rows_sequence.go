package pgcatalog

import (
	"strconv"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

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
