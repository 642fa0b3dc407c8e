package udf

import (
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/udf/tokenize"
)

// TestRegistryInvariants checks what pg_proc and pg_operator guarantee: unique signatures
// and OIDs, operators backed by registered functions of matching types, and one
// implementation per function of the kind its descriptor says.
func TestRegistryInvariants(t *testing.T) {
	reg := catalog.NewRegistry()
	Register(reg)
	funcs := reg.All()
	if len(funcs) < 200 {
		t.Fatalf("only %d functions registered", len(funcs))
	}
	// pgfast's own function families (sub-packages, the built-in extensions' members) have
	// no PostgreSQL counterpart, so their OIDs are fresh ones.
	own := catalog.NewRegistry()
	tokenize.Register(own)
	ownName := map[string]bool{}
	for _, f := range own.All() {
		ownName[f.Name] = true
	}
	oidSeen := map[types.OID]string{}
	sigSeen := map[string]bool{}
	registered := map[*catalog.Func]bool{}
	for _, f := range funcs {
		registered[f] = true
		sig := fmt.Sprintf("%s%v", f.Name, f.Args)
		if sigSeen[sig] {
			t.Errorf("duplicate signature %s", sig)
		}
		sigSeen[sig] = true
		if prev, dup := oidSeen[f.OID]; dup {
			t.Errorf("OID %d used by %s and %s", f.OID, prev, sig)
		}
		oidSeen[f.OID] = sig
		// information_schema's functions, made by initdb's SQL script, have OIDs past
		// 10000 in PostgreSQL too.
		if f.OID >= 10000 && !ownName[f.Name] && f.Extension == nil && f.Name != "_pg_expandarray" {
			t.Errorf("%s has no PostgreSQL OID", sig)
		}
		switch f.Kind {
		case catalog.KindFunc:
			if f.RetSet {
				if f.Set == nil || f.Scalar != nil || f.Agg != nil {
					t.Errorf("%s: a set-returning function needs exactly a set implementation", sig)
				}
			} else if f.Scalar == nil || f.Agg != nil || f.Set != nil || f.Window != nil {
				t.Errorf("%s: a plain function needs exactly a scalar implementation", sig)
			}
		case catalog.KindAggregate:
			if f.Agg == nil || f.Scalar != nil {
				t.Errorf("%s: an aggregate needs exactly an aggregate implementation", sig)
			}
			if f.Strict {
				t.Errorf("%s: aggregates are not strict in pg_proc", sig)
			}
		case catalog.KindWindow:
			if f.Window == nil || f.Scalar != nil || f.Agg != nil {
				t.Errorf("%s: a window function needs exactly a window implementation", sig)
			}
		default:
			t.Errorf("%s: unexpected kind %c", sig, f.Kind)
		}
		if f.Volatility != catalog.Immutable && f.Volatility != catalog.Stable && f.Volatility != catalog.Volatile {
			t.Errorf("%s: bad volatility %q", sig, f.Volatility)
		}
		if types.ByOID(f.Ret) == nil {
			t.Errorf("%s: unknown return type %d", sig, f.Ret)
		}
	}
	opSeen := map[string]bool{}
	for _, op := range reg.AllOperators() {
		sig := fmt.Sprintf("%d %s %d", op.Left, op.Name, op.Right)
		if opSeen[sig] {
			t.Errorf("duplicate operator %s", sig)
		}
		opSeen[sig] = true
		if prev, dup := oidSeen[op.OID]; dup {
			t.Errorf("operator %s OID %d also used by %s", sig, op.OID, prev)
		}
		oidSeen[op.OID] = "operator " + sig
		if op.Func == nil || !registered[op.Func] {
			t.Errorf("operator %s is not backed by a registered function", sig)
			continue
		}
		want := []types.OID{op.Right}
		if op.Left != 0 {
			want = []types.OID{op.Left, op.Right}
		}
		if fmt.Sprint(want) != fmt.Sprint(op.Func.Args) {
			t.Errorf("operator %s calls %s", sig, op.Func)
		}
	}

	// Spot-check OIDs and flags against pg_proc.
	for _, c := range []struct {
		oid  types.OID
		name string
		vol  catalog.Volatility
	}{
		{177, "int4pl", catalog.Immutable}, {65, "int4eq", catalog.Immutable},
		{1598, "random", catalog.Volatile}, {3058, "concat", catalog.Stable},
		{2803, "count", catalog.Immutable}, {1397, "abs", catalog.Immutable},
	} {
		if got := oidSeen[c.oid]; got == "" || got[:len(c.name)] != c.name {
			t.Errorf("OID %d is %q, want %s", c.oid, got, c.name)
		}
	}
	for _, f := range funcs {
		if f.OID == 1598 && f.Volatility != catalog.Volatile {
			t.Errorf("random must be volatile")
		}
	}
}

// TestListFunctions logs the registered signatures (go test -v -run ListFunctions).
func TestListFunctions(t *testing.T) {
	for _, f := range testReg.All() {
		names := ""
		for i, a := range f.Args {
			if i > 0 {
				names += ", "
			}
			names += types.ByOID(a).Name
		}
		t.Logf("%5d %c %s(%s) -> %s", f.OID, f.Kind, f.Name, names, types.ByOID(f.Ret).Name)
	}
}
