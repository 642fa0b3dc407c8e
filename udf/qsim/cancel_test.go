package qsim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/udf/internal/ctxtest"
)

// TestCancel cancels a simulation among its gates, and the expansion of nested gate
// definitions (2^20 operations from a few lines) while it is still being parsed: both stop
// with the context's error, and stop asking it.
func TestCancel(t *testing.T) {
	var deep strings.Builder
	deep.WriteString("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[18];\n")
	for layer := 0; layer < 50; layer++ {
		fmt.Fprintf(&deep, "rx(0.%d) q;\n", layer+1)
		for i := 0; i < 17; i++ {
			fmt.Fprintf(&deep, "cx q[%d], q[%d];\n", i, (i+1+layer%17)%18)
		}
	}
	ctx := ctxtest.New(100)
	if _, _, err := simulate(ctx, deep.String(), defaultMaxQubits); !errors.Is(err, context.Canceled) {
		t.Fatalf("simulation: got %v, want context.Canceled", err)
	}
	if calls := ctx.Calls(); calls != ctx.N {
		t.Errorf("simulation: the context was asked %d times, want %d", calls, ctx.N)
	}

	var nested strings.Builder
	nested.WriteString("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate g0 a { h a; }\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&nested, "gate g%d a { g%d a; g%d a; }\n", i, i-1, i-1)
	}
	nested.WriteString("qreg q[1];\ng20 q[0];\n")
	ctx = ctxtest.New(3)
	if _, err := parse(ctx, nested.String(), defaultMaxQubits); !errors.Is(err, context.Canceled) {
		t.Fatalf("expansion: got %v, want context.Canceled", err)
	}
	if calls := ctx.Calls(); calls != ctx.N {
		t.Errorf("expansion: the context was asked %d times, want %d", calls, ctx.N)
	}
}
