// Package locks holds the server's heavyweight locks: the application-defined advisory
// locks of pg_advisory_lock and its relatives, which migration tools and job queues take to
// keep two clients from doing the same work at once, and the row locks UPDATE and DELETE
// take on the rows they change and SELECT ... FOR UPDATE and its relatives on the rows they
// return (keyed by table and the store's row key, in PostgreSQL's four row-lock strengths;
// a table's own key, held shared by row lockers, lets a statement changing very many rows
// lock the table instead), and the locks on keys a transaction inserted into unique
// indexes, which make a second inserter of the key wait. All share one waits-for graph,
// so a deadlock through any mix of them is found.
//
// # Model
//
// A Manager is the server's table of locks, keyed as PostgreSQL keys them: one bigint, or
// two integers (a different key space). Each session is an Owner. An owner holds a key in
// shared or exclusive mode, at session level (until it unlocks or ends) or transaction
// level (until its transaction ends), and counts repeated acquisitions as PostgreSQL does:
// a key locked twice must be unlocked twice. An owner never conflicts with itself;
// exclusive conflicts with any other owner's hold, shared only with another's exclusive
// (and no-key exclusive, FOR NO KEY UPDATE's mode, which conflicts with all but
// key-shared, FOR KEY SHARE's, which conflicts only with exclusive).
//
// # Waiting
//
// Lock waits until the key is free, the statement's context ends (cancel, statement_timeout),
// or lock_timeout passes (55P03 "canceling statement due to lock timeout"). Before it waits
// it follows the waits-for graph from the holders it would wait on; if that leads back to
// itself it fails at once with 40P01 "deadlock detected" rather than after
// deadlock_timeout, and the other owners go on. A release wakes every waiter of the key,
// which then compete again: waiters are not queued in arrival order, so a stream of shared
// lockers can starve an exclusive one (PostgreSQL queues them).
package locks
