// Package app assembles a pgfast server from its parts: it opens the storage in a data
// directory, builds the function registry, creates the executor engine over both, and serves
// the PostgreSQL wire protocol on a TCP listener and, when configured, on Unix-domain sockets
// named and locked as PostgreSQL names and locks its own (unixsocket.go).
//
// It is the only package that knows every other one. The command in cmd/pgfast only parses
// flags and calls Start; tests start a server the same way, in process, on "127.0.0.1:0".
//
// Lifecycle: Start returns once the listener is bound and the server is accepting, so Addr is
// valid at once. Shutdown (or Close, with a default timeout) stops accepting connections,
// cancels running statements, closes the connections, waits for the serving goroutine to end
// and only then closes the store, so that no statement is still writing when storage shuts.
package app
