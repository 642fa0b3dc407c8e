// Package app assembles a pgfast server from its parts: it opens the storage in a data
// directory, builds the function registry, creates the executor engine over both, and serves
// the PostgreSQL wire protocol on a TCP listener and, when configured, on Unix-domain sockets
// named and locked as PostgreSQL names and locks its own (unixsocket.go).
//
// It is the only package that knows every other one. The command in cmd/pgfast only parses
// flags and calls Start; tests start a server the same way, in process, on "127.0.0.1:0".
//
// The storage is a cluster of databases (package cluster: one store per database), and
// there is an executor engine per database: each session goes to the engine of the
// database its client names (databases.go), or is refused as PostgreSQL refuses it (FATAL
// 3D000 for a database that does not exist).
//
// Lifecycle: Start returns once the listener is bound and the server is accepting, so Addr is
// valid at once. Shutdown (or Close, with a default timeout) stops accepting connections,
// cancels running statements, closes the connections, waits for the serving goroutine to end
// and only then closes the stores, so that no statement is still writing when storage shuts.
package app
