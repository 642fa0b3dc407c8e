package catalog

import "time"

// Backend gives pg_backend_pid, pg_cancel_backend, pg_terminate_backend and
// pg_stat_activity access to the server's connections, which the protocol layer owns.
type Backend interface {
	// PID is the session's process id, the one BackendKeyData carried to the client.
	PID() int32
	// Signal cancels the statement running in the session with process id pid, or with
	// terminate ends that session; it reports whether there is such a session.
	Signal(pid int32, terminate bool) bool
	// Activities describes every client connection of the server, as pg_stat_activity
	// lists them.
	Activities() []Activity
}

// Activity is what one connection is doing: a row of pg_stat_activity.
type Activity struct {
	PID             int32
	User, Database  string
	ApplicationName string
	// ClientAddr and ClientPort are the client's address; both empty for a connection
	// over a Unix socket.
	ClientAddr string
	ClientPort int32
	// BackendStart is when the connection was made; XactStart when its transaction
	// began, QueryStart when its last (or current) statement began and StateChange when
	// State last changed. Zero times are unknown (NULL).
	BackendStart, XactStart, QueryStart, StateChange time.Time
	// State is "active", "idle", "idle in transaction" or "idle in transaction (aborted)";
	// Query is the statement running or, when idle, the last one.
	State, Query string
}

// LockInfo is one lock a session holds or waits for: a row of pg_locks.
type LockInfo struct {
	PID int32
	// LockType is "advisory" (the key in ClassID, ObjID and ObjSubID, as PostgreSQL
	// spreads it) or "transactionid" (TransactionID).
	LockType       string
	ClassID, ObjID uint32
	ObjSubID       int16
	TransactionID  uint32
	Mode           string // "ExclusiveLock", "ShareLock", ...
	Granted        bool
	WaitStart      time.Time // when a lock not granted began to be waited for
}

// Notification is one NOTIFY: the sender's process id travels with it to the listeners.
type Notification struct {
	Channel, Payload string
}
