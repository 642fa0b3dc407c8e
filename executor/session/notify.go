package session

import (
	"sync"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/planner"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// notifier is the server side of LISTEN and NOTIFY: the connection registry of the
// protocol layer, reached through the session's backend.
type notifier interface {
	// Listen adds channel to the session's channels, Unlisten removes it ("" removes all).
	Listen(channel string)
	Unlisten(channel string)
	// Notify delivers committed notifications to every session listening on their channel.
	Notify(notes []catalog.Notification)
	// ListeningChannels lists the session's channels.
	ListeningChannels() []string
}

// maxPayload is PostgreSQL's NOTIFY_PAYLOAD_MAX_LENGTH (BLCKSZ - NAMEDATALEN - 128).
const maxPayload = 8000

// maxChannel is NAMEDATALEN: a channel name must be shorter.
const maxChannel = 64

// listenOp is a LISTEN or UNLISTEN waiting for its transaction to commit.
type listenOp struct {
	channel string
	listen  bool
}

// pendingNotify holds what a transaction asked of LISTEN and NOTIFY until it commits.
// pg_notify may run on several workers at once, hence the mutex.
type pendingNotify struct {
	mu    sync.Mutex
	ops   []listenOp
	notes []catalog.Notification
	seen  map[catalog.Notification]struct{}
}

// add queues a notification, folding a duplicate of one already queued as PostgreSQL does.
func (p *pendingNotify) add(n catalog.Notification) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.seen[n]; dup {
		return
	}
	if p.seen == nil {
		p.seen = map[catalog.Notification]struct{}{}
	}
	p.seen[n] = struct{}{}
	p.notes = append(p.notes, n)
}

// notifyMark is how much a transaction had queued when a savepoint was set.
type notifyMark struct{ ops, notes int }

// mark returns the current extent of the queue, for a savepoint.
func (p *pendingNotify) mark() notifyMark {
	p.mu.Lock()
	defer p.mu.Unlock()
	return notifyMark{ops: len(p.ops), notes: len(p.notes)}
}

// rollbackTo forgets what was queued after m: ROLLBACK TO a savepoint.
func (p *pendingNotify) rollbackTo(m notifyMark) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if m.ops < len(p.ops) {
		p.ops = p.ops[:m.ops]
	}
	if m.notes < len(p.notes) {
		for _, n := range p.notes[m.notes:] {
			delete(p.seen, n)
		}
		p.notes = p.notes[:m.notes]
	}
}

// take empties the queue, returning what it held.
func (p *pendingNotify) take() ([]listenOp, []catalog.Notification) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ops, notes := p.ops, p.notes
	p.ops, p.notes, p.seen = nil, nil, nil
	return ops, notes
}

// checkNotify raises PostgreSQL's errors for a channel or payload NOTIFY cannot send.
func checkNotify(channel, payload string) error {
	switch {
	case channel == "":
		return pgerror.New(pgcode.InvalidParameterValue, "channel name cannot be empty")
	case len(channel) >= maxChannel:
		return pgerror.New(pgcode.InvalidParameterValue, "channel name too long")
	case len(payload) >= maxPayload:
		return pgerror.New(pgcode.InvalidParameterValue, "payload string too long")
	}
	return nil
}

// queueNotify is NOTIFY and pg_notify: the notification waits for the transaction to commit.
func (s *Session) queueNotify(channel, payload string) error {
	if err := checkNotify(channel, payload); err != nil {
		return err
	}
	if _, ok := s.backend.(notifier); !ok {
		return pgerror.New(pgcode.FeatureNotSupported, "notifications are not available here")
	}
	s.notify.add(catalog.Notification{Channel: channel, Payload: payload})
	return nil
}

// notifyStatement runs LISTEN, UNLISTEN and NOTIFY. Outside a block each takes effect at
// once, as its own transaction would commit; inside one it waits for COMMIT.
func (s *Session) notifyStatement(st *planner.Statement) (Result, error) {
	switch st.Kind {
	case planner.StmtNotify:
		if err := s.queueNotify(st.SetName, st.SetValue); err != nil {
			return nil, s.statementError(err)
		}
	default:
		if _, ok := s.backend.(notifier); !ok {
			return nil, pgerror.New(pgcode.FeatureNotSupported, "notifications are not available here")
		}
		s.notify.mu.Lock()
		s.notify.ops = append(s.notify.ops, listenOp{channel: st.SetName, listen: st.Kind == planner.StmtListen})
		s.notify.mu.Unlock()
	}
	if s.txn == nil {
		s.commitNotify()
	}
	return tagOnly(st.Tag), nil
}

// commitNotify applies what the committed transaction asked: its LISTENs and UNLISTENs in
// order, then its notifications.
func (s *Session) commitNotify() {
	if s.txn != nil {
		return // a statement inside a block: everything waits for COMMIT
	}
	ops, notes := s.notify.take()
	n, ok := s.backend.(notifier)
	if !ok {
		return
	}
	for _, op := range ops {
		if op.listen {
			n.Listen(op.channel)
		} else {
			n.Unlisten(op.channel)
		}
	}
	if len(notes) > 0 {
		n.Notify(notes)
	}
}

// dropNotify forgets what a transaction that rolled back asked.
func (s *Session) dropNotify() { s.notify.take() }

// listeningChannels is pg_listening_channels().
func (s *Session) listeningChannels() []string {
	if n, ok := s.backend.(notifier); ok {
		return n.ListeningChannels()
	}
	return nil
}
