package session

import "github.com/pgfast/pgfast/executor"

// Store is the durable storage sessions run statements against (package storage implements
// it; cmd/pgfast adapts it). Stores that keep sequence counters implement SequenceStore
// too.
type Store interface {
	// Begin starts a transaction on the latest committed state.
	Begin() executor.Txn
}
