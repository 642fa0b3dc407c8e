// Package wire is pgfast's PostgreSQL server: it speaks version 3.0 of the
// frontend/backend protocol to clients (psql, libpq, pgx, JDBC) and drives one session
// per connection. It owns the protocol and nothing else: SQL is parsed, bound and run by
// the Session (package executor/session in production), and values are converted to text
// and binary by the appenders of package catalog/types. wire is the only package that
// imports pgproto3.
//
// # Layers
//
// A Server accepts connections and runs each on its own goroutine (conn). That goroutine
// owns everything about the connection: the socket, the Session, the prepared statements
// and the portals. It reads one frontend message, acts on it and writes the replies into
// an output buffer, then reads the next. Nothing is shared between connections but the
// table of cancel keys, and the Session is never called concurrently, which is what the
// session's contract requires. The two entry points from other goroutines are a
// CancelRequest (which cancels a context) and Shutdown (which cancels the server's context
// and interrupts blocked reads); neither touches a connection's state directly.
//
// Engine, Session, Prepared and Result are interfaces listing exactly what wire uses of
// the session layer, so that wire depends on no executor package and the protocol can be
// tested against a fake session over real sockets.
//
// # Connection lifecycle
//
// Startup: the first packets carry no type byte. SSLRequest is answered 'S' and the socket
// upgraded to TLS when the server has a certificate (WithTLS) and the connection is not over
// a Unix-domain socket, else 'N'; GSSENCRequest is
// always answered 'N' and the client goes on in plain text. A CancelRequest is handled
// and the connection closed without a reply. A StartupMessage of protocol 3.0 is
// accepted; a newer 3.x gets NegotiateProtocolVersion offering 3.0 (and listing the "_pq_."
// options we do not know), other major versions get a FATAL 0A000, as from PostgreSQL 15.
// Authentication is "trust" (AuthenticationOk at once) unless the server has Credentials
// (WithCredentials): then SCRAM-SHA-256 runs first (auth.go), and a failure is FATAL 28P01.
// Then come a ParameterStatus for
// each parameter the session reports (server_version, client_encoding, DateStyle,
// TimeZone, ...), BackendKeyData with a random process id and secret, and ReadyForQuery.
//
// The connection ends with Terminate, when the client goes away, after a FATAL error, or
// at Shutdown. Whatever the way, teardown closes every portal's Result (which stops the
// statement and its goroutines), cancels the connection's context and closes the Session,
// which rolls back an open transaction.
//
// # Protocol modes
//
// Simple query: a Query message carries a string of statements. The session parses it
// whole (a syntax error anywhere runs nothing), then each statement is bound just before
// it runs, so that a later statement sees what an earlier one created, and is run to
// completion: RowDescription, DataRows and CommandComplete for queries, CommandComplete
// alone for others, the COPY sub-protocols for COPY. The first error ends the string. An
// empty string (or only semicolons and comments) gives EmptyQueryResponse. ReadyForQuery
// closes the cycle.
//
// Extended query: Parse binds one statement under a name (the unnamed statement is
// replaced by the next unnamed Parse or by a simple query; named ones live until Close or
// the end of the session). Bind decodes parameters and creates a portal with its result
// formats; the statement starts at the first Execute, not at Bind, so errors surface
// where PostgreSQL reports them. Execute with a row limit sends that many rows and then
// PortalSuspended, keeping the Result, the current Arrow batch and the offset into it in
// the portal; the next Execute continues where it stopped, and the final CommandComplete
// counts the rows of the last Execute, as PostgreSQL does. Portals belong to the
// transaction: at Sync (or the end of a simple query) with no transaction block open,
// every portal is closed; in a block they survive until COMMIT or ROLLBACK. After an
// error, messages are skipped until Sync, and in a failed transaction block the portals
// are unusable (25P02). Output is written at Sync and Flush, not after every message,
// which is what makes pipelining cheap.
//
// Transaction state comes from the Session alone (it interprets BEGIN, COMMIT, ROLLBACK
// and the failed state); wire only copies Session.TxStatus into ReadyForQuery. Parameters
// changed by SET are collected after each statement and reported, with their final
// values, just before ReadyForQuery, as PostgreSQL 15 does.
//
// COPY FROM STDIN answers CopyInResponse and hands the Session an io.Reader over the
// CopyData payloads that follow: CopyDone is io.EOF, CopyFail an error 57014 "COPY from
// stdin failed: ...". Flush and Sync are ignored inside the copy, other messages are a
// protocol violation, and CopyData arriving after a failed copy is dropped by the message
// loop. COPY TO STDOUT answers CopyOutResponse and sends one CopyData per chunk the
// Session emits (chunks hold whole rows, possibly several), then CopyDone.
//
// # How results are encoded
//
// Rows never pass through per-value Go interfaces. A Result yields Arrow record batches;
// for each batch the encoder binds one types.Appender per column, chosen once from the
// column's type and the portal's format (text or binary), and then writes whole DataRow
// messages for a range of rows directly into the connection's output buffer: the row
// header, then per column either -1 for NULL (a bitmap test, skipped for columns without
// nulls) or a length word patched after the appender has written the value. The buffer
// is written to the socket whenever it passes 64 KiB, and at the end of each protocol
// cycle, so a result of any size streams in bounded memory, and a client that has gone
// away fails the next write, which stops the statement and closes its Result.
//
// RowDescription reports each column's name, source table OID and attribute number (for
// plain table columns), type OID, typlen and typmod.
//
// # Errors
//
// Every error reaches the client through pgerror.Flatten: severity, SQLSTATE, message,
// detail, hint and cursor position. Errors without a SQLSTATE are internal (XX000) and are
// logged at warn level, being bugs. A panic while handling a message is recovered once, at
// that message: it is logged with its stack, reported as XX000, and the portal it ran in
// is closed; the connection stays usable.
//
// # Cancellation
//
// Each portal runs under its own context, derived from the connection's, which derives
// from the server's. While a statement runs, the connection records how to cancel it. A
// CancelRequest arrives on a new connection; the server looks up the process id, compares
// the secret in constant time, and cancels the running statement's context with
// "canceling statement due to user request" (57014) as the cause. The operators notice
// the cancelled context and fail; wire reports the context's cause rather than whatever
// error the cancellation produced deeper down, so the client sees PostgreSQL's exact
// error. A cancel for an idle connection, or with a wrong key, does nothing, and the
// requester is told nothing either way.
//
// statement_timeout (Session.Timeouts) arms a timer for each Execute message and each
// statement of a simple query; when it fires it cancels the portal's context with
// "canceling statement due to statement timeout" (57014), the same path a CancelRequest
// takes. While the connection waits for a command after ReadyForQuery, a read deadline
// enforces idle_in_transaction_session_timeout inside a transaction block and
// idle_session_timeout outside one; when it passes the connection ends with PostgreSQL's
// FATAL 25P03 or 57P05.
//
// Shutdown cancels the server's context with 57P01 "terminating connection due to
// administrator command" (FATAL) as the cause: running statements fail with it and their
// connections close; idle connections have their blocked read interrupted and are sent
// the same FATAL error before closing. Like PostgreSQL without
// client_connection_check_interval, a statement that produces no output does not notice
// a vanished client until it writes, or until cancel or shutdown.
package wire
