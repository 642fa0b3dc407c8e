package types

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Records as JSON objects, as composite_to_json and composite_to_jsonb write them: one
// member per field, named by the field, a NULL field as null.

// JSONRecordAppender returns a function appending record i of arr (of record type t, not
// null) as a JSON object; lineFeeds puts a line feed before every member but the first
// (row_to_json's pretty form).
func JSONRecordAppender(t T, arr arrow.Array, s *IOSettings, lineFeeds bool) (func(dst []byte, i int) []byte, error) {
	fields, ok := RecordFields(t)
	if !ok {
		return nil, errNotRecord(t)
	}
	children := recordChildren(arr)
	apps := make([]func([]byte, int) []byte, len(children))
	for k, c := range children {
		var err error
		if apps[k], err = JSONTextAppender(fields[k].Type, c, s, false); err != nil {
			return nil, err
		}
	}
	sep := ","
	if lineFeeds {
		sep = ",\n "
	}
	return func(dst []byte, i int) []byte {
		dst = append(dst, '{')
		for k, c := range children {
			if k > 0 {
				dst = append(dst, sep...)
			}
			dst = pgjson.AppendQuoted(dst, []byte(fields[k].Name))
			dst = append(dst, ':')
			if c.IsNull(i) {
				dst = append(dst, "null"...)
			} else {
				dst = apps[k](dst, i)
			}
		}
		return append(dst, '}')
	}, nil
}

// jsonbRecordWriter writes records as jsonb objects.
func jsonbRecordWriter(t T, arr arrow.Array, s *IOSettings) (func(w *pgjson.Writer, i int) error, error) {
	fields, ok := RecordFields(t)
	if !ok {
		return nil, errNotRecord(t)
	}
	children := recordChildren(arr)
	writes := make([]func(*pgjson.Writer, int) error, len(children))
	for k, c := range children {
		var err error
		if writes[k], err = JSONBWriter(fields[k].Type, c, s, false); err != nil {
			return nil, err
		}
	}
	return func(w *pgjson.Writer, i int) error {
		w.BeginObject()
		for k, c := range children {
			w.Key([]byte(fields[k].Name))
			if c.IsNull(i) {
				w.Null()
			} else if err := writes[k](w, i); err != nil {
				return err
			}
		}
		w.End()
		return nil
	}, nil
}

func errNotRecord(t T) error {
	return pgerror.Newf(pgcode.InvalidParameterValue, "type %s is not composite", t)
}
