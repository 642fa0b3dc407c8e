package wire

import (
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/pgfast/pgfast/catalog"
)

// LISTEN and NOTIFY across connections. The session decides when a transaction's LISTENs
// and notifications take effect (at commit); the server keeps who listens on which channel
// and queues each notification on its listeners' connections. A connection sends what it
// queued just before ReadyForQuery outside a transaction block, and at once while it waits
// idle for a command: the sender wakes that wait by expiring its read deadline.

// maxQueuedNotifyBytes bounds the notifications waiting on one connection, so a client
// that listens and never reads cannot exhaust memory; later ones are dropped and logged.
const maxQueuedNotifyBytes = 64 << 20

// channelRegistry maps channel names to the connections listening on them.
type channelRegistry struct {
	mu        sync.Mutex
	listeners map[string]map[*conn]struct{}
}

// queuedNotification is a notification waiting to be sent to a listening client.
type queuedNotification struct {
	pid              uint32
	channel, payload string
}

// Listen implements LISTEN for the backend's connection.
func (b backend) Listen(channel string) {
	r := &b.srv.notify
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.listeners == nil {
		r.listeners = map[string]map[*conn]struct{}{}
	}
	set := r.listeners[channel]
	if set == nil {
		set = map[*conn]struct{}{}
		r.listeners[channel] = set
	}
	if _, ok := set[b.c]; ok {
		return
	}
	set[b.c] = struct{}{}
	b.c.mu.Lock()
	b.c.channels = append(b.c.channels, channel)
	b.c.mu.Unlock()
}

// Unlisten implements UNLISTEN for the backend's connection; "" is UNLISTEN *.
func (b backend) Unlisten(channel string) {
	r := &b.srv.notify
	r.mu.Lock()
	defer r.mu.Unlock()
	b.c.mu.Lock()
	defer b.c.mu.Unlock()
	b.c.channels = slices.DeleteFunc(b.c.channels, func(ch string) bool {
		if channel != "" && ch != channel {
			return false
		}
		delete(r.listeners[ch], b.c)
		if len(r.listeners[ch]) == 0 {
			delete(r.listeners, ch)
		}
		return true
	})
}

// ListeningChannels implements pg_listening_channels for the backend's connection.
func (b backend) ListeningChannels() []string {
	b.c.mu.Lock()
	defer b.c.mu.Unlock()
	return slices.Clone(b.c.channels)
}

// Notify queues committed notifications on every connection listening on their channels,
// the sender's own included, and wakes those waiting idle.
func (b backend) Notify(notes []catalog.Notification) {
	r := &b.srv.notify
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range notes {
		for c := range r.listeners[n.Channel] {
			c.queueNotification(queuedNotification{pid: b.pid, channel: n.Channel, payload: n.Payload})
		}
	}
}

// queueNotification adds n to the connection's queue and wakes its idle wait.
func (c *conn) queueNotification(n queuedNotification) {
	c.mu.Lock()
	defer c.mu.Unlock()
	size := len(n.channel) + len(n.payload) + 16
	if c.queuedBytes+size > maxQueuedNotifyBytes {
		c.log.Warn("notification dropped: the client does not read its notifications", "channel", n.channel)
		return
	}
	c.queuedBytes += size
	c.notes = append(c.notes, n)
	if c.waiting {
		c.nc.SetReadDeadline(time.Now())
	}
}

// setWaiting records whether the connection is about to wait idle for a command, when a
// notification may be sent at once; if some are queued already the wait ends at once.
func (c *conn) setWaiting(waiting bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waiting = waiting
	if waiting && len(c.notes) > 0 {
		c.nc.SetReadDeadline(time.Now())
	}
}

// sendNotifications sends the queued notifications as NotificationResponse messages.
func (c *conn) sendNotifications() {
	c.mu.Lock()
	notes := c.notes
	c.notes, c.queuedBytes = nil, 0
	c.mu.Unlock()
	for _, n := range notes {
		c.send(&pgproto3.NotificationResponse{PID: n.pid, Channel: n.channel, Payload: n.payload})
	}
}

// unlistenAll removes a closing connection from every channel.
func (c *conn) unlistenAll() {
	backend{srv: c.srv, pid: c.pid, c: c}.Unlisten("")
}
