// Package pgerror is the one place where errors acquire a SQLSTATE.
//
// Errors are created at their origin with a code (New, Newf, Wrapf) and can be decorated with
// detail, hint and cursor position as they travel up. GetCode recovers the code from any error
// chain: the innermost coded error wins, except that an internal (XX) code anywhere wins over
// everything. Errors that never got a code are internal errors (XX000) by definition.
// Flatten turns any error into the fields of a PostgreSQL ErrorResponse.
package pgerror

import (
	"context"
	"errors"
	"fmt"

	"github.com/pgfast/pgfast/wire/pgcode"
)

// Error is an error with a SQLSTATE and the optional fields of a PostgreSQL ErrorResponse.
type Error struct {
	Code     pgcode.Code
	Message  string
	Detail   string
	Hint     string
	Position int32 // 1-based character offset into the statement text; 0 when unknown
	// Context is the CONTEXT line: where in a larger operation the error arose
	// ("COPY t, line 3, column x: ...").
	Context string
	// InternalPosition and InternalQuery point into a query the server ran on the
	// statement's behalf (the body of a SQL function), as PostgreSQL's ErrorResponse does.
	InternalPosition int32
	InternalQuery    string
	Severity         string
	cause            error
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the wrapped cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// New returns an error with code and message.
func New(code pgcode.Code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Newf returns an error with code and a formatted message.
func Newf(code pgcode.Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrapf gives err a code and a message prefix while keeping it in the chain.
func Wrapf(err error, code pgcode.Code, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if err != nil {
		msg += ": " + err.Error()
	}
	return &Error{Code: code, Message: msg, cause: err}
}

// WithHint sets the hint and returns e.
func (e *Error) WithHint(hint string) *Error { e.Hint = hint; return e }

// WithDetail sets the detail and returns e.
func (e *Error) WithDetail(detail string) *Error { e.Detail = detail; return e }

// WithPosition sets the 1-based cursor position and returns e.
func (e *Error) WithPosition(pos int32) *Error { e.Position = pos; return e }

// WithPosition attaches a cursor position to err if it does not already carry one. Locations
// from the parser are 0-based byte offsets (-1 when unknown); pass them as loc.
func WithPosition(err error, loc int32) error {
	if err == nil || loc < 0 {
		return err
	}
	var pe *Error
	if errors.As(err, &pe) {
		if pe.Position == 0 {
			pe.Position = loc + 1
		}
		return err
	}
	return &Error{Code: pgcode.InternalError, Message: err.Error(), Position: loc + 1, cause: err}
}

// GetCode returns the SQLSTATE of err: the innermost coded error in the chain, unless an
// internal (XX) code appears anywhere. Context cancellation maps to query_canceled.
func GetCode(err error) pgcode.Code {
	if err == nil {
		return pgcode.SuccessfulCompletion
	}
	code := pgcode.Code("")
	for e := err; e != nil; e = errors.Unwrap(e) {
		var pe *Error
		if p, ok := e.(*Error); ok {
			pe = p
		}
		if pe != nil && pe.Code != "" {
			if pe.Code.IsInternal() {
				return pe.Code
			}
			code = pe.Code
		}
		if code == "" && (e == context.Canceled || e == context.DeadlineExceeded) {
			code = pgcode.QueryCanceled
		}
	}
	if code == "" {
		return pgcode.InternalError
	}
	return code
}

// Flatten returns the ErrorResponse fields for any error. Uncoded errors become XX000.
func Flatten(err error) *Error {
	out := &Error{Code: GetCode(err), Message: err.Error(), Severity: "ERROR"}
	var pe *Error
	if errors.As(err, &pe) {
		out.Message = pe.Message
		out.Detail, out.Hint, out.Position, out.Context = pe.Detail, pe.Hint, pe.Position, pe.Context
		out.InternalPosition, out.InternalQuery = pe.InternalPosition, pe.InternalQuery
		if pe.Severity != "" {
			out.Severity = pe.Severity
		}
	}
	if out.Code == pgcode.QueryCanceled && pe == nil {
		out.Message = "canceling statement due to user request"
	}
	return out
}
