package session

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fakeSeqStore counts per sequence without bounds, as the session logic needs nothing more.
type fakeSeqStore map[types.OID]int64

func (f fakeSeqStore) NextVal(def *catalog.TableDef) (int64, error) {
	f[def.OID]++
	return f[def.OID], nil
}

func (f fakeSeqStore) SetVal(def *catalog.TableDef, v int64, called bool) error {
	if !called {
		v--
	}
	f[def.OID] = v
	return nil
}

// TestSessionSequences checks currval and lastval: defined only after nextval (or setval
// with is_called) in the session, per sequence, and the errors for non-sequences.
func TestSessionSequences(t *testing.T) {
	cat := catalog.New()
	opts := &catalog.SequenceOptions{Type: types.Int8, Start: 1, Increment: 1, Min: 1, Max: 100, Cache: 1}
	cat, _ = cat.WithTable(catalog.TableDef{Name: "a", Kind: catalog.KindSequence, Columns: slices.Clone(catalog.SequenceColumns), Sequence: opts})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "b", Kind: catalog.KindSequence, Columns: slices.Clone(catalog.SequenceColumns), Sequence: opts})
	cat, _ = cat.WithTable(catalog.TableDef{Name: "t", Columns: []catalog.Column{{Name: "x", Type: types.TInt4}}})
	a, b, tbl := cat.Table("public", "a").OID, cat.Table("public", "b").OID, cat.Table("public", "t").OID
	var sess seqSession
	q := &statementSequences{store: fakeSeqStore{}, cat: cat, sess: &sess}

	wantErr := func(err error, code pgcode.Code, msg string) {
		t.Helper()
		if pgerror.GetCode(err) != code || err.(*pgerror.Error).Message != msg {
			t.Fatalf("error %v, want %s %q", err, code, msg)
		}
	}
	want := func(v int64, err error, w int64) {
		t.Helper()
		if err != nil || v != w {
			t.Fatalf("got %d, %v; want %d", v, err, w)
		}
	}
	_, err := q.CurrVal(a)
	wantErr(err, pgcode.ObjectNotInPrerequisiteState, `currval of sequence "a" is not yet defined in this session`)
	_, err = q.LastVal()
	wantErr(err, pgcode.ObjectNotInPrerequisiteState, "lastval is not yet defined in this session")
	v, err := q.NextVal(a)
	want(v, err, 1)
	v, err = q.NextVal(a)
	want(v, err, 2)
	v, err = q.CurrVal(a)
	want(v, err, 2)
	_, err = q.CurrVal(b)
	wantErr(err, pgcode.ObjectNotInPrerequisiteState, `currval of sequence "b" is not yet defined in this session`)
	v, err = q.NextVal(b)
	want(v, err, 1)
	v, err = q.LastVal()
	want(v, err, 1)
	// setval without is_called leaves currval alone; with it, sets currval and lastval.
	wantErrNil := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	wantErrNil(q.SetVal(a, 50, false))
	v, err = q.CurrVal(a)
	want(v, err, 2)
	wantErrNil(q.SetVal(a, 60, true))
	v, err = q.LastVal()
	want(v, err, 60)
	wantErr(q.SetVal(a, 101, true), pgcode.NumericValueOutOfRange, `setval: value 101 is out of bounds for sequence "a" (1..100)`)
	_, err = q.NextVal(tbl)
	wantErr(err, pgcode.WrongObjectType, `"t" is not a sequence`)
	// The state belongs to the session: a later statement sees it.
	q2 := &statementSequences{store: q.store, cat: cat, sess: &sess}
	v, err = q2.CurrVal(b)
	want(v, err, 1)
}
