package pgerror

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/pgfast/pgfast/wire/pgcode"
)

func TestGetCode(t *testing.T) {
	inner := New(pgcode.DivisionByZero, "division by zero")
	tests := []struct {
		name string
		err  error
		want pgcode.Code
	}{
		{"nil", nil, pgcode.SuccessfulCompletion},
		{"coded", inner, pgcode.DivisionByZero},
		{"uncoded is internal", errors.New("boom"), pgcode.InternalError},
		{"wrapped by fmt keeps code", fmt.Errorf("ctx: %w", inner), pgcode.DivisionByZero},
		{"innermost code wins", Wrapf(inner, pgcode.DataException, "outer"), pgcode.DivisionByZero},
		{"internal wins over all", Wrapf(New(pgcode.InternalError, "bug"), pgcode.SyntaxError, "outer"), pgcode.InternalError},
		{"cancellation", fmt.Errorf("stop: %w", context.Canceled), pgcode.QueryCanceled},
	}
	for _, tc := range tests {
		if got := GetCode(tc.err); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestFlatten(t *testing.T) {
	e := New(pgcode.UndefinedColumn, `column "x" does not exist`).WithHint("h").WithDetail("d")
	e.Context = "COPY t, line 1"
	wrapped := WithPosition(fmt.Errorf("bind: %w", e), 7)
	f := Flatten(wrapped)
	if f.Code != pgcode.UndefinedColumn || f.Message != `column "x" does not exist` || f.Hint != "h" ||
		f.Detail != "d" || f.Position != 8 || f.Context != "COPY t, line 1" || f.Severity != "ERROR" {
		t.Errorf("Flatten = %+v", f)
	}
	if f := Flatten(context.Canceled); f.Code != pgcode.QueryCanceled || f.Message != "canceling statement due to user request" {
		t.Errorf("Flatten(canceled) = %+v", f)
	}
	if f := Flatten(errors.New("boom")); f.Code != pgcode.InternalError || f.Message != "boom" {
		t.Errorf("Flatten(uncoded) = %+v", f)
	}
}
