// Package settings owns a session's configuration parameters (PostgreSQL's GUCs): their
// names as PostgreSQL spells them, their defaults, the values a client's startup packet
// sets, and the semantics of SET, SHOW and RESET, including PostgreSQL's errors for bad
// values. It also derives from them what other layers need in typed form: the
// types.IOSettings that shape value conversion (DateStyle, IntervalStyle, TimeZone,
// extra_float_digits, bytea_output), the parameters reported to the client with
// ParameterStatus (GUC_REPORT) and the rows of pg_settings.
//
// A Settings belongs to one session. Its methods lock, because a running statement's
// workers may read a value (current_setting) while the session's goroutine waits.
package settings
