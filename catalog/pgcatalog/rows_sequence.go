package pgcatalog

import "github.com/pgfast/pgfast/catalog"

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
