package wire

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// fakeEngine hands out fakeSessions and remembers them, so tests can check what the
// server did to them.
type fakeEngine struct {
	mu       sync.Mutex
	sessions []*fakeSession
	// batch is the number of rows per result batch (default 3), to exercise row limits
	// that cut through and across batches.
	batch int
}

func (e *fakeEngine) NewSession(startup map[string]string) Session {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := &fakeSession{startup: startup, tx: TxIdle, texts: map[*planner.Parsed]string{},
		batch: max(e.batch, 3), params: map[string]string{
			"server_version": "15.0", "client_encoding": "UTF8", "DateStyle": "ISO, MDY",
			"TimeZone": "UTC", "integer_datetimes": "on", "standard_conforming_strings": "on",
		}}
	e.sessions = append(e.sessions, s)
	return s
}

func (e *fakeEngine) last() *fakeSession {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sessions[len(e.sessions)-1]
}

// fakeSession runs a tiny statement language:
//
//	ints N       N rows of one int4 column "n" (1..N)
//	pairs        int4 "id" and text "name" (with a NULL), from table 16384
//	echo $1      returns its int4 parameter
//	slow         a query whose first Next blocks until its context is cancelled
//	infinite     a query that never ends
//	fail         an error with every field set
//	panic        a statement that panics
//	insert       an INSERT that reports INSERT 0 1
//	set NAME V   changes a reported parameter
//	begin, commit, rollback
//	copy in      COPY FROM STDIN of two columns; copy in binary: binary format
//	copy out     COPY TO STDOUT of two rows
//
// Anything else is a syntax error at its first character.
type fakeSession struct {
	startup map[string]string
	tx      TxStatus
	texts   map[*planner.Parsed]string
	batch   int
	params  map[string]string
	changed map[string]string

	copied  bytes.Buffer // data received by COPY FROM
	closed  atomic.Bool  // Close was called
	resOpen atomic.Int32 // Results not yet closed
}

func (s *fakeSession) Parse(sql string) ([]*planner.Parsed, error) {
	var out []*planner.Parsed
	for _, part := range strings.Split(sql, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p := &planner.Parsed{SQL: sql}
		s.texts[p] = part
		out = append(out, p)
	}
	return out, nil
}

var (
	colN       = planner.Column{Name: "n", Type: types.TInt4}
	colID      = planner.Column{Name: "id", Type: types.TInt4, Table: 16384, Attnum: 1}
	colName    = planner.Column{Name: "name", Type: types.T{OID: types.Varchar, Typmod: 14}, Table: 16384, Attnum: 2}
	colEcho    = planner.Column{Name: "echo", Type: types.TInt4}
	colSetting = planner.Column{Name: "x", Type: types.TInt4}
)

// fakePrepared is a statement the fake session bound.
type fakePrepared struct{ st *planner.Statement }

func (p fakePrepared) Statement() *planner.Statement { return p.st }

func (s *fakeSession) Prepare(p *planner.Parsed, paramTypes []types.OID) (Prepared, error) {
	text := s.texts[p]
	word, arg, _ := strings.Cut(text, " ")
	st := &planner.Statement{Tag: strings.ToUpper(word), SetName: word, SetValue: arg}
	switch word {
	case "ints", "slow", "infinite":
		st.Kind, st.Tag, st.Result = planner.StmtQuery, "SELECT", []planner.Column{colN}
	case "pairs":
		st.Kind, st.Tag, st.Result = planner.StmtQuery, "SELECT", []planner.Column{colID, colName}
	case "echo":
		st.Kind, st.Tag, st.Result = planner.StmtQuery, "SELECT", []planner.Column{colEcho}
		st.Params = []types.T{types.TInt4}
	case "show":
		st.Kind, st.Tag, st.Result = planner.StmtShow, "SHOW", []planner.Column{colSetting}
	case "fail", "panic", "insert":
		st.Kind = planner.StmtInsert
	case "set":
		st.Kind = planner.StmtSet
	case "begin":
		st.Kind = planner.StmtBegin
	case "commit":
		st.Kind = planner.StmtCommit
	case "rollback":
		st.Kind = planner.StmtRollback
	case "select": // what pgx's CopyFrom asks to learn the column types
		st.Kind, st.Tag, st.Result = planner.StmtQuery, "SELECT", []planner.Column{colID, colName}
		st.SetName = "pairs"
	case "copy":
		st.Tag = "COPY"
		st.TargetCols = []int{0, 1}
		st.Copy = &planner.CopyOptions{Format: planner.CopyText}
		if strings.HasSuffix(arg, "binary") {
			st.Copy.Format = planner.CopyBinary
		}
		if strings.HasPrefix(arg, "in") || strings.Contains(arg, "from stdin") {
			st.Kind = planner.StmtCopyFrom
		} else {
			st.Kind = planner.StmtCopyTo
		}
	default:
		s.fail() // as the real session, a statement that fails to bind aborts the block
		return nil, pgerror.Newf(pgcode.SyntaxError, "syntax error at or near \"%s\"", word).
			WithPosition(int32(strings.Index(p.SQL, word) + 1))
	}
	return fakePrepared{st}, nil
}

func (s *fakeSession) Execute(ctx context.Context, p Prepared, params []scalar.Scalar) (Result, error) {
	st := p.Statement()
	if s.tx == TxFailed && st.Kind != planner.StmtRollback && st.Kind != planner.StmtCommit {
		return nil, errInFailedTx
	}
	res := &fakeResult{sess: s, ctx: ctx, cols: st.Result}
	switch word, arg := st.SetName, st.SetValue; word {
	case "begin":
		s.tx, res.tag = TxActive, "BEGIN"
	case "commit", "rollback":
		s.tx, res.tag = TxIdle, strings.ToUpper(word)
	case "set":
		name, val, _ := strings.Cut(arg, " ")
		s.params[name] = val
		if s.changed == nil {
			s.changed = map[string]string{}
		}
		s.changed[name] = val
		res.tag = "SET"
	case "show":
		res.rows = 5
		res.fixedTag = "SHOW"
	case "fail":
		s.fail()
		return nil, pgerror.New(pgcode.DivisionByZero, "division by zero").
			WithDetail("some detail").WithHint("some hint").WithPosition(8)
	case "panic":
		panic("fake panic")
	case "insert":
		res.tag = "INSERT 0 1"
	case "ints":
		res.rows, _ = strconv.Atoi(arg)
	case "infinite":
		res.rows = -1
	case "slow":
		res.slow = true
	case "echo":
		res.echo = params[0]
	case "pairs":
		res.pairs = true
	}
	s.resOpen.Add(1)
	return res, nil
}

func (s *fakeSession) fail() {
	if s.tx == TxActive {
		s.tx = TxFailed
	}
}

func (s *fakeSession) CopyFrom(ctx context.Context, p Prepared, r io.Reader) (string, error) {
	n, err := io.Copy(&s.copied, r)
	if err != nil {
		s.fail()
		return "", err
	}
	if p.Statement().Copy.Format == planner.CopyBinary {
		return fmt.Sprintf("COPY %d", binaryTuples(s.copied.Bytes(), n)), nil
	}
	return fmt.Sprintf("COPY %d", bytes.Count(s.copied.Bytes(), []byte("\n"))), nil
}

func (s *fakeSession) CopyTo(ctx context.Context, p Prepared, emit func([]byte) error) (string, error) {
	for _, row := range []string{"1\tone\n", "2\ttwo\n"} {
		if err := emit([]byte(row)); err != nil {
			return "", err
		}
	}
	return "COPY 2", nil
}

func (s *fakeSession) DecodeParams(p Prepared, formats []int16, values [][]byte) ([]scalar.Scalar, error) {
	out := make([]scalar.Scalar, len(values))
	for i, v := range values {
		f := int16(0)
		if len(formats) == 1 {
			f = formats[0]
		} else if len(formats) > i {
			f = formats[i]
		}
		switch {
		case v == nil:
			out[i] = scalar.MakeNullScalar(arrow.PrimitiveTypes.Int32)
		case f == 1:
			out[i] = scalar.NewInt32Scalar(int32(binary.BigEndian.Uint32(v)))
		default:
			n, err := strconv.ParseInt(string(v), 10, 32)
			if err != nil {
				return nil, pgerror.Newf(pgcode.InvalidTextRepresentation, "invalid input syntax for type integer: \"%s\"", v)
			}
			out[i] = scalar.NewInt32Scalar(int32(n))
		}
	}
	return out, nil
}

func (s *fakeSession) TxStatus() TxStatus { return s.tx }

func (s *fakeSession) ParameterStatus() map[string]string { return s.params }

func (s *fakeSession) TakeNotices() []*pgerror.Error { return nil }

func (s *fakeSession) AbortTransaction() {}

func (s *fakeSession) TakeChangedParameters() map[string]string {
	c := s.changed
	s.changed = nil
	return c
}

func (s *fakeSession) IOSettings() *types.IOSettings { return &types.IOSettings{ExtraFloatDigits: 1} }

func (s *fakeSession) Close() { s.closed.Store(true) }

// Timeouts reads the durations set by "set statement_timeout 100ms" and the like.
func (s *fakeSession) Timeouts() Timeouts {
	d := func(name string) time.Duration {
		v, _ := time.ParseDuration(s.params[name])
		return v
	}
	return Timeouts{Statement: d("statement_timeout"), IdleInTransaction: d("idle_in_transaction_session_timeout"),
		IdleSession: d("idle_session_timeout")}
}

// fakeResult produces rows 1..rows of colN in batches (rows < 0: without end), the pairs
// table, or one echoed parameter.
type fakeResult struct {
	sess     *fakeSession
	ctx      context.Context
	cols     []planner.Column
	tag      string // for statements without rows
	fixedTag string // for SHOW
	rows     int
	slow     bool
	next     int
	pairs    bool
	echo     scalar.Scalar
	rec      arrow.Record
	closed   bool
}

func (r *fakeResult) Columns() []planner.Column { return r.cols }

func (r *fakeResult) Tag() string {
	if r.tag != "" {
		return r.tag
	}
	if r.fixedTag != "" {
		return r.fixedTag
	}
	return fmt.Sprintf("SELECT %d", r.next)
}

func (r *fakeResult) Next() (arrow.Record, error) {
	if r.rec != nil {
		r.rec.Release()
		r.rec = nil
	}
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	mem := memory.DefaultAllocator
	switch {
	case r.cols == nil:
		return nil, io.EOF
	case r.cols[0] == colEcho:
		if r.next > 0 {
			return nil, io.EOF
		}
		r.next = 1
		b := array.NewInt32Builder(mem)
		if r.echo.IsValid() {
			b.Append(r.echo.(*scalar.Int32).Value)
		} else {
			b.AppendNull()
		}
		return r.record(b.NewArray()), nil
	case r.pairs:
		if r.next > 0 {
			return nil, io.EOF
		}
		r.next = 3
		ids := array.NewInt32Builder(mem)
		ids.AppendValues([]int32{1, 2, 3}, nil)
		names := array.NewStringBuilder(mem)
		names.AppendValues([]string{"alpha", "", "gamma"}, []bool{true, false, true})
		return r.record(ids.NewArray(), names.NewArray()), nil
	}
	if r.slow {
		<-r.ctx.Done()
		return nil, r.ctx.Err()
	}
	if r.rows >= 0 && r.next >= r.rows {
		return nil, io.EOF
	}
	n := r.sess.batch
	if r.rows >= 0 {
		n = min(n, r.rows-r.next)
	}
	b := array.NewInt32Builder(mem)
	for i := 0; i < n; i++ {
		r.next++
		b.Append(int32(r.next))
	}
	return r.record(b.NewArray()), nil
}

func (r *fakeResult) record(cols ...arrow.Array) arrow.Record {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: r.cols[i].Name, Type: c.DataType(), Nullable: true}
		defer c.Release()
	}
	r.rec = array.NewRecord(arrow.NewSchema(fields, nil), cols, int64(cols[0].Len()))
	return r.rec
}

func (r *fakeResult) Close() error {
	if !r.closed {
		r.closed = true
		r.sess.resOpen.Add(-1)
		if r.rec != nil {
			r.rec.Release()
			r.rec = nil
		}
	}
	return nil
}

// binaryTuples counts the tuples of a binary COPY stream, or returns n for data that is
// not one.
func binaryTuples(b []byte, n int64) int {
	const headerLen = 11 + 4 + 4
	if len(b) < headerLen || string(b[:6]) != "PGCOPY" {
		return int(n)
	}
	b = b[headerLen:]
	tuples := 0
	for len(b) >= 2 {
		fields := int16(binary.BigEndian.Uint16(b))
		b = b[2:]
		if fields < 0 {
			break
		}
		for range fields {
			l := int32(binary.BigEndian.Uint32(b))
			b = b[4:]
			if l > 0 {
				b = b[l:]
			}
		}
		tuples++
	}
	return tuples
}
