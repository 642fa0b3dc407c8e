// Package ctxtest holds a context for tests of cancellation: one that reports itself
// canceled from a given call of Err on, so a test can cancel a long loop at a point of its
// choosing, deterministically, and see how often the loop looked.
package ctxtest
