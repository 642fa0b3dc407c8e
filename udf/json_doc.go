package udf

import "github.com/pgfast/pgfast/catalog/types/pgjson"

// jsonDoc is a JSON value read either from json text (a parsed tree, which keeps the text as
// written) or from jsonb (its binary form), for the functions that treat both alike.
type jsonDoc interface {
	kind() pgjson.Kind
	// get returns the member of an object with the given key (the last one, for json).
	get(key string) (jsonDoc, bool)
	// each calls f with every element of an array, in order.
	each(f func(i int, e jsonDoc) error) error
	// text appends a scalar's SQL text (a string decoded, a number as written) and any
	// other value's JSON text (json's as written, jsonb's normalized).
	text(dst []byte) []byte
	// json appends the value's JSON text.
	json(dst []byte) []byte
}

type jsonbDoc struct{ v pgjson.Value }

func (d jsonbDoc) kind() pgjson.Kind { return d.v.Kind() }

func (d jsonbDoc) get(key string) (jsonDoc, bool) {
	m, ok := d.v.Get([]byte(key))
	return jsonbDoc{m}, ok
}

func (d jsonbDoc) each(f func(i int, e jsonDoc) error) error {
	for i := 0; i < d.v.Len(); i++ {
		e, _ := d.v.Index(i)
		if err := f(i, jsonbDoc{e}); err != nil {
			return err
		}
	}
	return nil
}

func (d jsonbDoc) text(dst []byte) []byte {
	out, _ := pgjson.AppendScalarText(dst, d.v)
	return out
}

func (d jsonbDoc) json(dst []byte) []byte { return pgjson.AppendText(dst, d.v) }

type jsonTextDoc struct {
	t *pgjson.Tree
	n pgjson.Node
}

func (d jsonTextDoc) kind() pgjson.Kind { return d.t.Kind(d.n) }

func (d jsonTextDoc) get(key string) (jsonDoc, bool) {
	m, ok := d.t.Field(d.n, []byte(key))
	return jsonTextDoc{d.t, m}, ok
}

func (d jsonTextDoc) each(f func(i int, e jsonDoc) error) error {
	i := 0
	for c := d.t.First(d.n); c >= 0; c = d.t.Next(c) {
		if err := f(i, jsonTextDoc{d.t, c}); err != nil {
			return err
		}
		i++
	}
	return nil
}

func (d jsonTextDoc) text(dst []byte) []byte {
	out, _ := d.t.AppendText(dst, d.n)
	return out
}

func (d jsonTextDoc) json(dst []byte) []byte { return append(dst, d.t.Raw(d.n)...) }
