package catalog

// Backend gives pg_backend_pid, pg_cancel_backend and pg_terminate_backend access to the
// server's connections, which the protocol layer owns.
type Backend interface {
	// PID is the session's process id, the one BackendKeyData carried to the client.
	PID() int32
	// Signal cancels the statement running in the session with process id pid, or with
	// terminate ends that session; it reports whether there is such a session.
	Signal(pid int32, terminate bool) bool
}
