// Package stats summarises the data of tables for the planner's cardinality estimates: row
// counts, and per column the number of distinct values, the fraction of NULLs and the range
// of the values.
//
// # Sketches
//
// A Sketch summarises one column of some rows. It is filled from Arrow arrays (Add, one
// type switch per array and then a typed loop) and is mergeable (Merge), so storage keeps
// one sketch per column of each immutable segment, computed once, and a table's statistics
// are the merge of its segments' sketches: a load or an insert only ever summarises the new
// rows. Distinct values are counted with a HyperLogLog of 2^12 registers (about 1.6%
// standard error), which merges exactly, unlike sample-based estimators; the hash is xxh3
// on the value's bytes (64-bit values through a fixed mixer), so estimates, and the plans
// chosen from them, are the same on every run.
//
// Ranges are kept on one number line for all ordered scalar types, so that a cast between
// them keeps positions comparable: numbers as themselves, date, timestamp and time as
// seconds (a date at midnight of its day). The planner maps constants onto the same line
// (Position).
//
// # Why our own HyperLogLog
//
// The sketch is a few dozen lines over a fixed register array; the libraries available
// hash values one interface call at a time or own their hash, while here whole Arrow arrays
// are hashed in typed loops, and the hash must be stable across processes.
package stats
