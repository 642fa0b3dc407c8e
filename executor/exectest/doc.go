// Package exectest helps test the executor and the statement layers above it end to end:
// an in-memory store (MemStore) and helpers that run SQL through a session and render the
// rows as text. Only tests import it.
package exectest
