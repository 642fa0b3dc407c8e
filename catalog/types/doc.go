// Package types is pgfast's table of SQL data types, playing the role of PostgreSQL's pg_type,
// together with every conversion of values to and from bytes and between types.
//
// # Types
//
// Each Type describes one PostgreSQL type by OID: its name, storage length, category (used by
// overload and implicit-cast resolution), and the Arrow type that holds its values in the
// executor. A T is a reference to a type together with its modifier (varchar(10),
// numeric(12,2)), which is what columns, parameters and expressions carry.
//
// # Values
//
// The executor holds values in Arrow arrays (see T.Arrow). The conversions in this package
// work on those arrays directly, so that every package that converts values (wire, COPY,
// casts, the function library) shares one implementation of PostgreSQL's behaviour:
//
//   - text output (TextAppender) and input (TextParserFor), as PostgreSQL's typoutput and
//     typinput functions under the session's IOSettings (time zone, DateStyle with its
//     field order, IntervalStyle, extra_float_digits), including their exact error messages
//     and SQLSTATEs;
//   - binary send and receive (BinaryAppender, BinaryParserFor), the formats drivers use;
//   - casts: the rules of pg_cast (LookupCast, CanCast) and their vectorized implementation
//     (CastArray), with typed loops over whole arrays.
//
// Appenders and parsers are chosen once per column (one type switch), then called per value
// with no further dispatch.
//
// Types whose values share a physical layout with another type's but compare, hash or print
// differently (uuid: 16 bytes, like numeric's words) are held in Arrow extension types over
// that layout (extension.go), so that the executor, which dispatches on Arrow types, can
// tell them apart while moving their bytes like any other. uuid.go has uuid's I/O.
// jsonb is such a type too, over Binary: its values are catalog/types/pgjson's encoding,
// whose package doc describes the layout; json is text, checked by the same parser.
// tojson.go converts values of every type to JSON as to_json and to_jsonb do.
//
// "char" (OID 18) is PostgreSQL's one-byte internal type, distinct from character(n): it is
// held in String arrays of at most one byte, with charin/charout's octal escapes for bytes
// with the high bit set (char.go). bytea prints in hex, or in the escape format when
// IOSettings.ByteaEscape follows bytea_output = escape.
//
// # Arrays
//
// Every type with an ArrayOID has an array type (pg_type's _int4 is int4[], OID 1007), made
// from the element type's descriptor by NewArrayType: named "_" plus the element's name,
// category 'A', Elem set, printed by format_type as the element type followed by [] (with
// the element's modifier: character varying(5)[]). The element type is always looked up
// through its descriptor when values are read or written, never from a fixed list, so an
// array of a user-defined type (an enum made by CREATE TYPE, whose array type gets its OID
// at the same time) works through the same code: register the element type with ArrayOID
// set and the type NewArrayType returns. int2vector and oidvector are array values too
// (one dimension counted from 0, with their own text form "1 2 3"); ARRAY[] and
// ARRAY(subquery) treat them as scalars, as PostgreSQL does (IsArrayValues).
//
// Array values of every element type share one Arrow layout (ArrayArrow):
//
//	struct<
//	  $items: list<elem>,   the elements of all rows, flattened in row-major order; NULL
//	                        elements are NULL entries
//	  $shape: list<int32>,  per row: length and lower bound of each dimension, in order;
//	                        NULL for the two common shapes, no dimensions ('{}') and one
//	                        dimension counted from 1
//	>
//
// A NULL array is a NULL struct row (with NULL children, as Arrow expects). Row i's
// elements are the list's range for row i, so scanning, filtering and gathering whole
// batches of arrays is a matter of offsets and one gather of the element array; the common
// one-dimensional arrays carry no per-row shape data at all. The struct's field names
// cannot be written as SQL column names without quotes, so no composite type will be
// mistaken for an array (IsArrayArrow).
//
// Other packages build and read array values only through these helpers:
//
//   - ReadArrays gives an ArrayReader: Elements() (the flat element array, unsliced),
//     Range(i) and Offsets() (which elements belong to row i), Shape(i) and NDim(i), and
//     Compact() (the rows' elements as one slice, offsets rebased);
//   - ArrayBuilderOf (over array.NewBuilder(mem, t.Arrow())) and NewArrayBuilder give an
//     ArrayBuilder: Begin, append the elements to Elems(), End(shape); AppendNull,
//     AppendEmpty; Vector(n) is the plain one-dimensional shape;
//   - MakeArrays assembles arrays from an element array, offsets, validity and shapes,
//     and ReplaceElements swaps the elements of existing arrays (casts do this): together
//     with Take (gathering rows of any layout, arrays included) they let kernels compute
//     index lists and gather once instead of appending value by value;
//   - CollectArrays and StackArrays (Accumulate) build the arrays of array_agg and
//     ARRAY(subquery); Broadcast and ScalarArray turn an array constant (an Arrow
//     scalar) into arrays; NewComparator orders arrays (and every other layout) as
//     PostgreSQL's btree operators do.
//
// Text input follows PostgreSQL 15's array_in exactly, including its two passes over the
// literal (so that odd literals give its answers and errors: 22P02 "malformed array
// literal" with the DETAIL of each mistake, 2202E, 54000), the dimension decoration
// "[0:2]={...}", quoting, backslash escapes and unquoted NULL; output follows array_out.
// The binary format is array_send/array_recv's. Casts between array types convert the
// elements with the element types' cast (array_map), keeping shapes and NULLs.
//
// The polymorphic pseudo-types (anyelement, anyarray, anynonarray, anyenum, anycompatible,
// anycompatiblearray, anycompatiblenonarray) are types of this table too; the planner
// resolves them per call (IsPolymorphic).
//
// # Records
//
// Record values (ROW(...), whole-row references to FROM items, a set-returning function's
// rows in a select list) are of the pseudo-type record, whose modifier names the fields:
// as PostgreSQL's anonymous record types get a typmod from a per-backend cache of tuple
// descriptors, RecordOf interns a list of fields (names and types) in a process-wide
// registry and returns T{Record, k}; RecordFields reads them back. The same fields always
// give the same k, the registry only grows, and k never leaves the process (SQLTypmod
// shows -1 to clients, and no table column may be a record). Values are Arrow structs with
// one child per field, named f1, f2, ... (SQL names may repeat, or spell the array
// layout's), so gathering, broadcasting and hashing treat them like any struct.
// Output follows record_out and record_send, comparison record_cmp (field by field, a
// NULL field after every value and equal to another NULL), and tojson_record.go writes
// them as composite_to_json does. record[] is an ordinary array type of them (typmod k
// again), shown as a pseudo-type in pg_type as PostgreSQL has it.
//
// # User-defined types
//
// Types created by DDL (enums and domains; composite and range types are to follow the same
// path) are catalog objects: their names, an enum's labels and sort order and a domain's
// constraints live in the catalog snapshot and change transactionally. What this package
// needs of them is split in two (user.go):
//
//   - Structure, fixed for the life of a type's OID: its kind (typtype), how its values are
//     held in Arrow (an enum's as Uint32, a domain's as its base type's), length, category,
//     array type and element. The catalog registers it here the first time a snapshot
//     holds the type, so ByOID, ArrayOf and T's methods (Arrow, Category, String) serve user
//     types as they serve built-in ones, wherever arrays of values are built. An OID keeps
//     its registration after a rollback or DROP TYPE (OIDs are never reused), and stores
//     hand out OIDs above every registered one (NextUserOID), so the several stores a test
//     process may open never give one OID two meanings. T.String gives the last committed
//     name; messages and format_type that must follow an uncommitted rename ask the
//     snapshot.
//   - Values, which change: an enum's labels come from the statement's snapshot through
//     IOSettings.Types (the UserTypes interface, which catalog.Catalog implements), the way
//     the reg* types get object names through IOSettings.Names.
//
// Enum values (enum.go) are the OIDs of their pg_enum rows, as in PostgreSQL, so renaming a
// label or adding one between others rewrites nothing; equality and hashing are those of
// the OIDs, and ordering maps values to their rank in the type's sort order (Enum.Rank,
// RankArray). Text and binary I/O print and read the label (enum_send sends its bytes).
// Values added by ALTER TYPE ... ADD VALUE in the current transaction are refused on input
// (55P04), as PostgreSQL refuses them.
//
// # Numeric notes
//
// numeric values keep PostgreSQL's per-value display scale: each is a 16-byte word in an
// Arrow FixedSizeBinary(16) array holding a 120-bit coefficient and an 8-bit display scale
// (numeric.go describes the layout and its limits). The value type Num has the arithmetic
// with PostgreSQL's result scales (NumericAdd, NumericMul, NumericDiv with
// select_div_scale, NumericRound, ...), exact comparison that ignores display scale
// (CompareNumeric, Normalize for hashing), text and binary I/O, and numeric(p,s) coercion
// (NumericApplyTypmod). The arithmetic works on 128- and 256-bit integers with math/bits,
// without math/big on the common paths, and rounds half away from zero as numeric does.
//
// # Date and time notes
//
// Dates, timestamps and intervals use PostgreSQL's calendar arithmetic (Julian day numbers,
// proleptic Gregorian calendar, astronomical year numbering inside). 'infinity' and
// '-infinity' are the extreme Date32 and timestamp values. Timestamps are microseconds since
// 1970 in an int64, so the last 30 years of PostgreSQL's range (after 294246 AD) do not fit,
// and intervals keep nanoseconds, so their time part is limited to about 2.5 million hours.
// timestamptz values are UTC instants; the session time zone (IOSettings.TimeZone) applies
// only when printing, parsing and casting to or from types without a zone.
//
// Output follows every DateStyle (ISO, Postgres, SQL, German, with the MDY/DMY order where
// the style uses one) and IntervalStyle (postgres, postgres_verbose, sql_standard,
// iso_8601), as EncodeDateTime and EncodeInterval write them (datetime_out.go); input reads
// ambiguous numeric dates in the DateStyle's order. ParseDateStyle and ParseIntervalStyle
// read the settings themselves. Time zones are IANA names (matched without regard to case),
// PostgreSQL's abbreviations, offsets, and POSIX TZ strings such as EST5EDT or
// PST8PDT,M3.2.0,M11.1.0, which are built into zones through the time package's TZif reader
// (zone.go). calendar.go exports what the function library needs: calendar fields of a
// timestamp (Civil), Julian days, ISO weeks, zone conversions with PostgreSQL's handling of
// skipped and repeated local times, the units of extract and date_trunc, and zone arguments
// of AT TIME ZONE (ParseZoneSpec). time and timestamp precision modifiers (timestamp(2))
// round on casts as AdjustTimestampForTypmod does. Interval modifiers (interval day, interval
// year to month, interval minute to second(3); interval_typmod.go) decide the unit of a bare
// number in input, as interval_in does, and truncate and round values on input and casts as
// AdjustIntervalForTypmod does.
package types
