package indexkey

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/executor"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// maxCached bounds the compiled indexes kept; past it the cache starts afresh.
const maxCached = 1024

// Keyer computes index keys; it is safe for concurrent use.
type Keyer struct {
	reg *catalog.Registry
	mem memory.Allocator

	mu     sync.Mutex
	cached map[string]*compiled
}

// compiled is an index's keys, then its predicate if it has one, bound. Plans are
// immutable and shared; each evaluation compiles its own evaluators, which hold scratch
// state.
type compiled struct {
	exprs []planner.Expr
	types []types.T
	pred  bool
}

// New returns a Keyer binding functions from reg and allocating with mem.
func New(reg *catalog.Registry, mem memory.Allocator) *Keyer {
	return &Keyer{reg: reg, mem: mem, cached: map[string]*compiled{}}
}

// IndexKeys returns the keys of index ix of def for the rows of rec (def's columns in its
// order), one array per key, their types, and which rows a partial index holds (nil: all).
func (k *Keyer) IndexKeys(cat *catalog.Catalog, def *catalog.TableDef, ix *catalog.IndexDef, rec arrow.Record) ([]arrow.Array, []types.T, []bool, error) {
	c, err := k.compile(cat, def, ix)
	if err != nil {
		return nil, nil, nil, err
	}
	io := types.DefaultIOSettings()
	io.Types = cat
	ctx := executor.NewCtx(context.Background(), k.mem, nil, nil, io, 1)
	evs, err := executor.CompileExprs(c.exprs)
	if err != nil {
		return nil, nil, nil, err
	}
	vals, err := evs.Eval(ctx, rec)
	if err != nil {
		return nil, nil, nil, err
	}
	if !c.pred {
		return vals, c.types, nil, nil
	}
	p := vals[len(vals)-1]
	defer p.Release()
	b, ok := p.(*array.Boolean)
	if !ok {
		for _, v := range vals[:len(vals)-1] {
			v.Release()
		}
		return nil, nil, nil, pgerror.Newf(pgcode.InternalError, "predicate of index \"%s\" is not boolean", ix.Name)
	}
	holds := make([]bool, b.Len())
	for i := range holds {
		holds[i] = b.IsValid(i) && b.Value(i)
	}
	return vals[:len(vals)-1], c.types, holds, nil
}

// compile returns the compiled keys and predicate of ix, binding them on first use.
func (k *Keyer) compile(cat *catalog.Catalog, def *catalog.TableDef, ix *catalog.IndexDef) (*compiled, error) {
	sig := signature(def, ix)
	k.mu.Lock()
	c := k.cached[sig]
	k.mu.Unlock()
	if c != nil {
		return c, nil
	}
	keys, pred, err := planner.IndexKeys(cat, k.reg, def, ix)
	if err != nil {
		return nil, err
	}
	c = &compiled{pred: pred != nil}
	for _, e := range keys {
		c.types = append(c.types, e.Type())
	}
	if pred != nil {
		keys = append(keys, pred)
	}
	c.exprs = keys
	k.mu.Lock()
	if len(k.cached) >= maxCached {
		k.cached = map[string]*compiled{}
	}
	k.cached[sig] = c
	k.mu.Unlock()
	return c, nil
}

// signature identifies what an index's compiled expressions depend on: its keys and
// predicate, and the names and types of the table's columns they are bound over.
func signature(def *catalog.TableDef, ix *catalog.IndexDef) string {
	var b strings.Builder
	b.WriteString(strconv.FormatUint(uint64(ix.OID), 10))
	for _, c := range def.Columns {
		b.WriteString("|" + c.Name + ":" + strconv.FormatUint(uint64(c.Type.OID), 10) + "." + strconv.Itoa(int(c.Type.Typmod)))
	}
	for i, c := range ix.Columns {
		b.WriteString("|" + strconv.Itoa(c) + "=" + ix.Expr(i))
	}
	b.WriteString("|" + ix.Pred)
	return b.String()
}
