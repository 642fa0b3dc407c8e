// Package settings owns a session's configuration parameters (PostgreSQL's GUCs): their
// names, types, units, ranges and contexts as PostgreSQL 15 defines them (params.go), the
// values a client's startup packet sets, and the semantics of SET, SET LOCAL, RESET and
// SHOW, with PostgreSQL's errors for bad values (units.go) and its transactional behaviour
// (txn.go: ROLLBACK undoes SET, SET LOCAL ends with the block). It also derives from them
// what other layers need in typed form: the types.IOSettings that shape value conversion
// (DateStyle, IntervalStyle, TimeZone, extra_float_digits, bytea_output), durations and
// byte sizes for the executor (statement_timeout, work_mem), the parameters reported to
// the client with ParameterStatus (GUC_REPORT) and the rows of pg_settings.
//
// Parameters pgfast has no use for (planner method switches, cost constants) are listed
// with their PostgreSQL types so that scripts setting them run unchanged; a parameter that
// is not listed is an error, as in PostgreSQL, unless its name has a dot (an extension's
// placeholder, any text).
//
// A Settings belongs to one session. Its methods lock, because a running statement's
// workers may read a value (current_setting) while the session's goroutine waits.
package settings
