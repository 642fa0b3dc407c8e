// Package udf holds pgfast's built-in functions, operators and aggregates, and Register, which
// adds them all to a catalog.Registry.
//
// # Descriptors
//
// Every function is a catalog.Func that mirrors its pg_proc row: the same name, OID,
// argument and return types, strictness and volatility, so that pg_catalog views built from
// the registry match PostgreSQL's, and so that clients that look functions up by OID find
// them. Operators mirror pg_operator rows and point at the Func implementing them (int4pl for
// integer +). Where PostgreSQL has two pg_proc rows over one C function (abs and int4abs,
// ceil and ceiling) both are registered, sharing the implementation. Overloads exist only for
// same-typed operands: the planner applies PostgreSQL's implicit casts (int4 -> int8 ->
// numeric -> float8, varchar -> text) before binding.
//
// # Catalog functions
//
// The system information functions (pg_table_is_visible, format_type, pg_get_userbyid,
// current_setting, has_table_privilege, ...) look objects up through catalog/pgcatalog in
// the statement's catalog snapshot (FuncEnv.Session.Catalog) and in the registry they are
// registered into, so they agree with pg_catalog's rows (catalog.go); oid and name have
// their comparison operators in catalog_compare.go.
//
// # Arrays
//
// The array functions and operators (array*.go) work on catalog/types' array layout: they
// read every row's elements through an ArrayReader, compute which elements the result
// keeps, and gather them with one Take, whatever the element type.
//
// # Kernels
//
// Scalar implementations work on whole Arrow arrays: typed loops over the raw value slices
// write into freshly allocated buffers (kernel.go, strout.go), with no per-value boxing.
// Strict functions leave NULL handling to the evaluator: env.Valid marks the rows whose
// arguments are all non-null, kernels compute every row (values in NULL rows are garbage but
// never fault), and the evaluator nulls the invalid rows afterwards. Errors (overflow,
// division by zero, domain errors) are detected in the main loop as a single flag and then
// attributed by a rescan that skips invalid rows, so a zero divisor in a NULL row never
// raises 22012. Errors carry PostgreSQL's SQLSTATE and message text.
//
// # Strings and patterns
//
// Regular expressions use PostgreSQL's ARE syntax and flags, translated once per distinct
// pattern to Go's RE2 syntax (regex_syntax.go, which lists the differences) and cached;
// greedy expressions match leftmost-longest as POSIX requires. Back-references and
// lookaround constraints have no RE2 form and are reported as 2201B errors, and regexp_match,
// regexp_matches and regexp_split_to_array are missing until pgfast has arrays. SIMILAR TO
// and LIKE ... ESCAPE arrive from the grammar as calls of similar_to_escape and like_escape
// (similar.go). to_char and to_number for numbers follow formatting.c's template processor
// (tochar_format.go, tochar_num.go, tonumber.go); bytea functions are in bytea.go and
// encode.go.
//
// # Numeric
//
// numeric values are types.Num words, each with its own display scale, and the kernels apply
// the value-level arithmetic of catalog/types, so every result row gets the scale PostgreSQL
// would print: max(s1, s2) for + - %, s1+s2 for *, select_div_scale for / and avg, the
// requested digits for round and trunc. Result types are plain numeric: the scale is in the
// values, not the type. Arithmetic is exact on 128- and 256-bit integers and rounds half
// away from zero like PostgreSQL; results whose integer part needs more than 35 digits are
// 22003 "value overflows numeric format".
//
// # Dates and times
//
// Date/time operators and functions (datetime*.go, interval.go) follow PostgreSQL's
// calendar rules through catalog/types' calendar API: timestamp + interval adds months
// (clamping the day), then days, then elapsed time, with timestamptz's months and days on
// the session zone's wall clock (FuncEnv.TimeZone); intervals compare with a month as 30
// days; extract returns numeric with PostgreSQL's scales while date_part computes its float8
// the way PostgreSQL does, so both print identically. Unit and zone arguments are decoded
// per row with the previous row's decoding reused; extract of a monotonic field of an
// infinite value is numeric ±Infinity, as in PostgreSQL.
//
// # Sub-packages
//
// Families with a job of their own live in sub-packages that register their functions
// through Register here: tokenize (tokenize, token_ids, tokens: Unicode word splitting and
// Hugging Face compatible WordPiece tokenizers).
//
// # Aggregates
//
// Aggregates implement catalog.AggState with one slot per group in growing slices, fold
// argument arrays in typed loops, skip NULL inputs, and merge partial states slot by slot
// (agg.go, agg_minmax.go, agg_stats.go). Sums of int8 and numeric accumulate exactly
// (types.NumericSum: 128 bits, widening to big integers when needed) with the largest input
// display scale; float sums report overflow as PostgreSQL's float8pl does.
//
// # Extensions
//
// Families of functions beyond PostgreSQL's own are grouped as built-in extensions
// (catalog.Extension), each in a sub-package with its own doc.go and a Register function
// that Register calls: udf/logreg (logistic regression) and udf/qsim (a quantum circuit
// simulator). A family registers its Extension once and sets Func.Extension on each of its
// functions; pg_extension, pg_available_extensions, pg_depend, psql's \dx and \dx+ and
// CREATE EXTENSION then know it, with nothing else to change. A new family package must
// also be added to cmd/pgfast/layering_test.go, below udf.
//
// # Window functions
//
// row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead, first_value,
// last_value and nth_value implement catalog.WindowImpl (window.go): one call covers whole
// partitions, given their partition, peer-group and frame boundaries. The value functions
// compute one source row per output row and gather them in a typed pass (window_take.go).
// Aggregates need nothing extra to serve as window functions: the executor drives their
// AggState over each frame.
package udf
