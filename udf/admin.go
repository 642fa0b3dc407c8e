package udf

import (
	"regexp"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The administration functions tools call on connect and while loading data: drivers
// time out with pg_sleep, pandas asks pg_get_serial_sequence for the sequence behind a
// serial column, and tools split qualified names with parse_ident.

func registerAdmin(b builder) {
	b.scalar(2626, "pg_sleep", oids(types.Float8), types.Void, pgSleep).Volatility = catalog.Volatile
	b.scalar(1665, "pg_get_serial_sequence", oids(types.Text, types.Text), types.Text, func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		return serialSequence(env, namesOf(b.reg, env), args)
	}).Volatility = catalog.Stable
	b.scalar(2026, "pg_backend_pid", nil, types.Int4, backendPID).Volatility = catalog.Stable
	b.scalar(2171, "pg_cancel_backend", oids(types.Int4), types.Bool, signalBackend(false)).Volatility = catalog.Volatile
	terminate := b.scalar(2096, "pg_terminate_backend", oids(types.Int4, types.Int8), types.Bool, signalBackend(true))
	terminate.Volatility = catalog.Volatile
	terminate.ArgNames, terminate.ArgDefaults = []string{"pid", "timeout"}, []string{"0"}
	parseIdent := b.scalar(1268, "parse_ident", oids(types.Text, types.Bool), types.TextArray, parseIdentFunc)
	parseIdent.ArgNames, parseIdent.ArgDefaults = []string{"str", "strict"}, []string{"true"}
	// The table counters (catalog.TableActivity) are shared and current at once: there is
	// no pending report to flush nor snapshot to clear, so these do nothing.
	b.scalar(2137, "pg_stat_force_next_flush", nil, types.Void, noOp).Volatility = catalog.Volatile
	b.scalar(2230, "pg_stat_clear_snapshot", nil, types.Void, noOp).Volatility = catalog.Volatile
}

// noOp is a void function with nothing to do.
func noOp(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
	return array.NewNull(env.Rows), nil
}

// namesOf resolves names against the statement's catalog snapshot and search path.
func namesOf(reg *catalog.Registry, env *catalog.FuncEnv) *pgcatalog.Names {
	s := sessionOf(env)
	return &pgcatalog.Names{Catalog: s.Catalog, Registry: reg, User: s.User, Path: searchPath(s), TempSchema: s.TempSchema, ExprDef: s.ExprDef, DomainCheckDef: s.DomainCheckDef}
}

func backendOf(env *catalog.FuncEnv) (catalog.Backend, error) {
	if env.Session == nil || env.Session.Backend == nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "server processes are not available here")
	}
	return env.Session.Backend, nil
}

// backendPID is pg_backend_pid(): the process id the client got in BackendKeyData.
func backendPID(env *catalog.FuncEnv, _ []arrow.Array) (arrow.Array, error) {
	b, err := backendOf(env)
	if err != nil {
		return nil, err
	}
	buf, out := newFixed[int32](allocator(env), env.Rows)
	for i := range out {
		out[i] = b.PID()
	}
	return makeArray(arrow.PrimitiveTypes.Int32, env.Rows, nil, 0, buf), nil
}

// signalBackend is pg_cancel_backend(pid) or pg_terminate_backend(pid, timeout): true
// when pid is a session of this server. The terminated session ends at once, so there is
// nothing for timeout to wait for.
func signalBackend(terminate bool) catalog.ScalarImpl {
	return func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
		b, err := backendOf(env)
		if err != nil {
			return nil, err
		}
		pids := values[int32](args[0])
		if terminate {
			for i, t := range values[int64](args[1]) {
				if env.RowValid(i) && t < 0 {
					return nil, pgerror.New(pgcode.NumericValueOutOfRange, "\"timeout\" must not be negative")
				}
			}
		}
		out := newBoolOut(allocator(env), len(pids))
		for i, pid := range pids {
			if env.RowValid(i) && b.Signal(pid, terminate) {
				out.set(i)
			}
		}
		return out.finish(len(pids)), nil
	}
}

// pgSleep is pg_sleep(seconds): it waits for each row, and a cancel or statement_timeout
// ends the wait at once.
func pgSleep(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	secs := values[float64](args[0])
	for i, s := range secs {
		if !env.RowValid(i) || !(s > 0) {
			continue
		}
		t := time.NewTimer(time.Duration(min(s, 1e9) * float64(time.Second)))
		select {
		case <-t.C:
		case <-env.Ctx.Done():
			t.Stop()
			return nil, env.Ctx.Err()
		}
	}
	return array.NewNull(len(secs)), nil
}

// nextvalDefault matches the default a serial column gets, nextval('seq'::regclass).
var nextvalDefault = regexp.MustCompile(`^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$`)

// serialSequence is pg_get_serial_sequence(table, column): the schema-qualified name of
// the sequence owned by the column, NULL when it has none. The table name is parsed as SQL
// (folded to lower case unless quoted); the column name is taken as it is.
func serialSequence(env *catalog.FuncEnv, n *pgcatalog.Names, args []arrow.Array) (arrow.Array, error) {
	tables, cols := stringsOf(args[0]), stringsOf(args[1])
	mem := allocator(env)
	out := newStrOut(mem, tables.Len(), 0)
	for i := 0; i < tables.Len(); i++ {
		if !env.RowValid(i) {
			out.endNull(mem)
			continue
		}
		seq, err := ownedSequence(n, tables.Value(i), cols.Value(i))
		if err != nil {
			return nil, out.fail(err)
		}
		if seq == nil {
			out.endNull(mem)
			continue
		}
		out.appendString(types.QuoteIdent(seq.Schema) + "." + types.QuoteIdent(seq.Name))
		out.end()
	}
	return out.finish(), nil
}

// ownedSequence finds the sequence behind column col of table, or nil.
func ownedSequence(n *pgcatalog.Names, table, col string) (*catalog.TableDef, error) {
	oid, err := n.ObjectOID(types.Regclass, table)
	if err != nil {
		return nil, err
	}
	t := n.Relation(oid)
	var column *catalog.Column
	for i := range t.Columns {
		if t.Columns[i].Name == col {
			column = &t.Columns[i]
		}
	}
	if column == nil {
		return nil, pgerror.Newf(pgcode.UndefinedColumn, "column \"%s\" of relation \"%s\" does not exist", col, t.Name)
	}
	m := nextvalDefault.FindStringSubmatch(strings.TrimSpace(column.Default))
	if m == nil {
		return nil, nil
	}
	seqOID, err := n.ObjectOID(types.Regclass, strings.ReplaceAll(m[1], "''", "'"))
	if err != nil {
		return nil, nil
	}
	seq := n.Relation(seqOID)
	if seq == nil || seq.Sequence == nil || seq.Sequence.OwnedBy != t.OID {
		return nil, nil
	}
	return seq, nil
}
