package udf

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// json(b)_populate_record(set) and json(b)_to_record(set): JSON objects as rows of a
// composite or record type, the record type being the base argument's or the one a column
// definition list declares (the call's return type). Each field is read from the member of
// its name; a missing member takes the base record's field, else NULL.
//
// A member becomes the text the field type's input function reads, so every type converts
// with its own parser and errors: strings unquoted, other scalars and members of json or
// jsonb fields as written, JSON arrays of array fields as array literals built with
// PostgreSQL's dimension checks (populate_array), JSON objects of composite fields as record
// literals. Text taken from json arguments is as written, from jsonb normalized.

func registerJSONPopulate(b builder) {
	js, jb, anyel := types.JSON, types.JSONB, types.AnyElement
	add := func(f *catalog.Func) {
		f.Kind, f.Volatility, f.ChecksDomains = catalog.KindFunc, catalog.Stable, true
		b.reg.AddFunc(f)
	}
	add(&catalog.Func{OID: 3960, Name: "json_populate_record", Args: oids(anyel, js, types.Bool), Ret: anyel,
		ArgDefaults: []string{"false"}, Scalar: populateRecord("json_populate_record", 1)})
	add(&catalog.Func{OID: 3961, Name: "json_populate_recordset", Args: oids(anyel, js, types.Bool), Ret: anyel, RetSet: true,
		ArgDefaults: []string{"false"}, Set: populateRecordset("json_populate_recordset", 1)})
	add(&catalog.Func{OID: 3209, Name: "jsonb_populate_record", Args: oids(anyel, jb), Ret: anyel,
		Scalar: populateRecord("jsonb_populate_record", 1)})
	add(&catalog.Func{OID: 3475, Name: "jsonb_populate_recordset", Args: oids(anyel, jb), Ret: anyel, RetSet: true,
		Set: populateRecordset("jsonb_populate_recordset", 1)})
	add(&catalog.Func{OID: 3204, Name: "json_to_record", Args: oids(js), Ret: types.Record, Strict: true,
		Scalar: populateRecord("json_to_record", 0)})
	add(&catalog.Func{OID: 3205, Name: "json_to_recordset", Args: oids(js), Ret: types.Record, RetSet: true, Strict: true,
		Set: populateRecordset("json_to_recordset", 0)})
	add(&catalog.Func{OID: 3490, Name: "jsonb_to_record", Args: oids(jb), Ret: types.Record, Strict: true,
		Scalar: populateRecord("jsonb_to_record", 0)})
	add(&catalog.Func{OID: 3491, Name: "jsonb_to_recordset", Args: oids(jb), Ret: types.Record, RetSet: true, Strict: true,
		Set: populateRecordset("jsonb_to_recordset", 0)})
}

// populator fills records of one type from JSON documents.
type populator struct {
	env     *catalog.FuncEnv
	name    string
	fields  []types.RecordField
	parsers []types.TextParser
	parser  pgjson.Parser
	isJSON  bool
}

func newPopulator(env *catalog.FuncEnv, name string) (*populator, error) {
	fields, ok := types.RecordFields(env.RetType)
	if !ok {
		return nil, pgerror.Newf(pgcode.FeatureNotSupported, "could not determine row type for result of %s", name).
			WithHint("Provide a non-null record argument, or call the function in the FROM clause using a column definition list.")
	}
	p := &populator{env: env, name: name, fields: fields, isJSON: strings.HasPrefix(name, "json_")}
	io := ioSettings(env)
	for _, f := range fields {
		p.parsers = append(p.parsers, types.TextParserFor(f.Type, io))
	}
	return p, nil
}

// document returns the JSON value of a json or jsonb argument's bytes.
func (p *populator) document(raw []byte) (jsonDoc, error) {
	if !p.isJSON {
		return jsonbDoc{pgjson.Value(raw)}, nil
	}
	t, err := p.parser.ParseTree(raw, 0)
	if err != nil {
		return nil, err
	}
	return jsonTextDoc{t, t.Root()}, nil
}

// object checks that v, a whole document, is an object.
func object(v jsonDoc) error {
	switch v.kind() {
	case pgjson.KindObject:
		return nil
	case pgjson.KindArray:
		return pgerror.New(pgcode.InvalidParameterValue, "cannot call populate_composite on an array")
	}
	return pgerror.New(pgcode.InvalidParameterValue, "cannot call populate_composite on a scalar")
}

// appendRecord appends the record obj gives (NULL when obj is nil and there is no base),
// missing fields taken from row row of base (nil: none).
func (p *populator) appendRecord(sb *array.StructBuilder, obj jsonDoc, base *array.Struct, row int) error {
	hasBase := base != nil && base.IsValid(row)
	if obj == nil && !hasBase {
		sb.AppendNull()
		return nil
	}
	sb.Append(true)
	for i, f := range p.fields {
		fb := sb.FieldBuilder(i)
		err := p.appendField(fb, i, f, obj, base, hasBase, row)
		if err != nil {
			for j := i; j < len(p.fields); j++ {
				sb.FieldBuilder(j).AppendNull() // keep the children aligned; the builder is dropped
			}
			return err
		}
	}
	return nil
}

func (p *populator) appendField(fb array.Builder, i int, f types.RecordField, obj jsonDoc, base *array.Struct, hasBase bool, row int) error {
	var text []byte
	var err error
	var v jsonDoc
	found := false
	if obj != nil {
		v, found = obj.get(f.Name)
	}
	var def *array.Struct // the base's value of a composite field, for its missing fields
	if hasBase && base.Field(i).IsValid(row) {
		def, _ = base.Field(i).(*array.Struct)
	}
	switch {
	case found && v.kind() != pgjson.KindNull:
		text, err = jsonLiteral(nil, v, f.Type, f.Name, def, row, ioSettings(p.env))
	case !found && hasBase && base.Field(i).IsValid(row):
		text = types.TextAppender(f.Type, base.Field(i), ioSettings(p.env))(nil, row)
	}
	if err != nil {
		return err
	}
	if text == nil {
		if err := p.checkNotNull(f.Type); err != nil {
			return err
		}
		fb.AppendNull()
		return nil
	}
	return p.parsers[i](fb, text)
}

// checkNotNull refuses NULL for a field of a domain declared NOT NULL.
func (p *populator) checkNotNull(t types.T) error {
	if p.env.Session == nil || p.env.Session.Catalog == nil {
		return nil
	}
	for _, d := range p.env.Session.Catalog.DomainChain(t.OID) {
		if d.Domain.NotNull {
			return pgerror.Newf(pgcode.NotNullViolation, "domain %s does not allow null values", d.SQLName())
		}
	}
	return nil
}

// jsonLiteral appends the text for type t of the non-null JSON value v, the member of key.
// A composite value's missing fields are taken from row row of def, when not nil.
func jsonLiteral(dst []byte, v jsonDoc, t types.T, key string, def *array.Struct, row int, io *types.IOSettings) ([]byte, error) {
	base := types.BaseType(t)
	switch {
	case base.OID == types.JSON || base.OID == types.JSONB:
		return v.json(dst), nil
	case types.IsArray(base.OID) && v.kind() != pgjson.KindString:
		elem, _ := types.ElemType(base)
		w := arrayWalk{key: key, elem: elem, out: dst, io: io}
		return w.literal(v)
	case types.IsRecord(base) && v.kind() != pgjson.KindString:
		return recordLiteral(dst, v, base, def, row, io)
	}
	return v.text(dst), nil
}

// recordLiteral appends the record literal of composite type t the JSON object v gives,
// missing fields taken from row row of def when not nil.
func recordLiteral(dst []byte, v jsonDoc, t types.T, def *array.Struct, row int, io *types.IOSettings) ([]byte, error) {
	if err := object(v); err != nil {
		return nil, err
	}
	fields, _ := types.RecordFields(t)
	dst = append(dst, '(')
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		var sub *array.Struct
		if def != nil && def.IsValid(row) && def.Field(i).IsValid(row) {
			sub, _ = def.Field(i).(*array.Struct)
		}
		m, ok := v.get(f.Name)
		switch {
		case ok && m.kind() != pgjson.KindNull:
			text, err := jsonLiteral(nil, m, f.Type, f.Name, sub, row, io)
			if err != nil {
				return nil, err
			}
			dst = appendQuotedLiteral(dst, text)
		case !ok && def != nil && def.IsValid(row) && def.Field(i).IsValid(row):
			dst = appendQuotedLiteral(dst, types.TextAppender(f.Type, def.Field(i), io)(nil, row))
		}
	}
	return append(dst, ')'), nil
}

// appendQuotedLiteral appends s double-quoted, with quotes and backslashes escaped, as
// array and record literals read a quoted element.
func appendQuotedLiteral(dst, s []byte) []byte {
	dst = append(dst, '"')
	for _, c := range s {
		if c == '"' || c == '\\' {
			dst = append(dst, '\\')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// arrayWalk builds the array literal of a JSON array as populate_array does: the number of
// dimensions is the depth of the first scalar (or empty array) met, every sub-array at a
// level must have the same length, and a scalar where a sub-array belongs is an error.
type arrayWalk struct {
	key   string
	elem  types.T
	ndims int
	dims  [types.MaxDim + 1]int // -1: not known yet
	sizes [types.MaxDim + 1]int // elements of the current sub-array per level
	out   []byte
	io    *types.IOSettings
}

func (w *arrayWalk) literal(v jsonDoc) ([]byte, error) {
	for i := range w.dims {
		w.dims[i] = -1
	}
	start := len(w.out)
	if err := w.dim(v, 1); err != nil {
		return nil, err
	}
	w.dims[0] = w.sizes[0]
	for d := 0; d < w.ndims; d++ {
		if w.dims[d] == 0 {
			return append(w.out[:start], "{}"...), nil // an empty dimension: the empty array
		}
	}
	return w.out, nil
}

// dim walks the sub-array v at level ndim (1 for the whole array).
func (w *arrayWalk) dim(v jsonDoc, ndim int) error {
	if v.kind() != pgjson.KindArray {
		return w.expectedArray(ndim - 1)
	}
	if ndim > types.MaxDim {
		return pgerror.Newf(pgcode.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", ndim, types.MaxDim)
	}
	empty := true
	w.out = append(w.out, '{')
	err := v.each(func(i int, e jsonDoc) error {
		empty = false
		if w.ndims == 0 && i == 0 && e.kind() != pgjson.KindArray {
			w.ndims = ndim
		}
		if i > 0 {
			w.out = append(w.out, ',')
		}
		if w.ndims > 0 && ndim >= w.ndims {
			w.sizes[ndim-1]++
			return w.element(e)
		}
		if err := w.dim(e, ndim+1); err != nil {
			return err
		}
		return w.checkDim(ndim)
	})
	if empty && w.ndims == 0 {
		w.ndims = ndim
	}
	w.out = append(w.out, '}')
	return err
}

func (w *arrayWalk) element(e jsonDoc) error {
	if e.kind() == pgjson.KindNull {
		w.out = append(w.out, "NULL"...)
		return nil
	}
	text, err := jsonLiteral(nil, e, w.elem, w.key, nil, 0, w.io)
	if err != nil {
		return err
	}
	w.out = appendQuotedLiteral(w.out, text)
	return nil
}

// checkDim records or checks the length of the sub-array just finished at level ndim+1.
func (w *arrayWalk) checkDim(ndim int) error {
	n := w.sizes[ndim]
	if w.dims[ndim] == -1 {
		w.dims[ndim] = n
	} else if w.dims[ndim] != n {
		return pgerror.New(pgcode.InvalidTextRepresentation, "malformed JSON array").
			WithDetail("Multidimensional arrays must have sub-arrays with matching dimensions.")
	}
	w.sizes[ndim] = 0
	if ndim > 0 {
		w.sizes[ndim-1]++
	}
	return nil
}

// expectedArray reports a scalar where an array (or sub-array at level ndim+1) belongs.
func (w *arrayWalk) expectedArray(ndim int) error {
	e := pgerror.New(pgcode.InvalidTextRepresentation, "expected JSON array")
	if ndim <= 0 {
		return e.WithHint(fmt.Sprintf("See the value of key \"%s\".", w.key))
	}
	var idx strings.Builder
	for i := 0; i < ndim; i++ {
		fmt.Fprintf(&idx, "[%d]", w.sizes[i])
	}
	return e.WithHint(fmt.Sprintf("See the array element %s of key \"%s\".", idx.String(), w.key))
}

// jsonArgBytes returns row i of a json or jsonb argument.
func jsonArgBytes(a arrow.Array, i int) []byte {
	if s, ok := a.(*array.String); ok {
		return keyBytes(s.Value(i))
	}
	return jsonbArg(a).Value(i)
}

// populateRecord is json(b)_populate_record (the document is argument docArg, after the
// base record) and json(b)_to_record (docArg 0, no base).
func populateRecord(name string, docArg int) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		p, err := newPopulator(env, name)
		if err != nil {
			return nil, err
		}
		var base *array.Struct
		if docArg > 0 {
			base, _ = args[0].(*array.Struct)
		}
		doc := args[docArg]
		b := array.NewBuilder(allocator(env), env.RetType.Arrow()).(*array.StructBuilder)
		defer b.Release()
		for i := 0; i < doc.Len(); i++ {
			var obj jsonDoc
			if env.RowValid(i) && doc.IsValid(i) {
				if obj, err = p.document(jsonArgBytes(doc, i)); err != nil {
					return nil, err
				}
				if err := object(obj); err != nil {
					return nil, err
				}
			}
			if err := p.appendRecord(b, obj, base, i); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	}
}

// populateRecordset is json(b)_populate_recordset and json(b)_to_recordset: a row per
// element of the document's array, each element an object.
func populateRecordset(name string, docArg int) catalog.SetImpl {
	return func(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
		p, err := newPopulator(env, name)
		if err != nil {
			return nil, err
		}
		if !args[docArg].IsValid() {
			return catalog.ColumnRows(), nil
		}
		var base *array.Struct
		if docArg > 0 && args[0].IsValid() {
			arr, err := types.Broadcast(allocator(env), args[0], 1)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			base, _ = arr.(*array.Struct)
		}
		doc, err := p.document(scalarBytes(args[docArg]))
		if err != nil {
			return nil, err
		}
		if doc.kind() != pgjson.KindArray {
			if p.isJSON {
				return nil, pgerror.Newf(pgcode.InvalidParameterValue, "cannot call %s on an object", name)
			}
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "cannot call %s on a non-array", name)
		}
		b := array.NewBuilder(allocator(env), env.RetType.Arrow()).(*array.StructBuilder)
		defer b.Release()
		err = doc.each(func(_ int, e jsonDoc) error {
			if e.kind() != pgjson.KindObject {
				return pgerror.Newf(pgcode.InvalidParameterValue, "argument of %s must be an array of objects", name)
			}
			return p.appendRecord(b, e, base, 0)
		})
		if err != nil {
			return nil, err
		}
		return catalog.ColumnRows(b.NewArray()), nil
	}
}
