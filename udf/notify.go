package udf

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// pg_notify and pg_listening_channels: the function forms of NOTIFY and of the session's
// LISTEN state. Queuing and delivery belong to the session and the server.

func registerNotify(b builder) {
	notify := b.scalar(3036, "pg_notify", oids(types.Text, types.Text), types.Void, pgNotify)
	notify.Volatility, notify.Strict = catalog.Volatile, false
	b.reg.AddFunc(&catalog.Func{OID: 3035, Name: "pg_listening_channels", Ret: types.Text,
		RetSet: true, Strict: true, Volatility: catalog.Volatile, Set: listeningChannels})
}

// pgNotify is pg_notify(channel, payload): a NULL channel is the empty one (an error), a
// NULL payload the empty string, as in PostgreSQL.
func pgNotify(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	if env.Session == nil || env.Session.Notify == nil {
		return nil, pgerror.New(pgcode.FeatureNotSupported, "notifications are not available here")
	}
	for i := 0; i < env.Rows; i++ {
		channel, payload := textAt(args[0], i), textAt(args[1], i)
		if err := env.Session.Notify(channel, payload); err != nil {
			return nil, err
		}
	}
	return array.NewNull(env.Rows), nil
}

// textAt is row i of a text array, "" when NULL.
func textAt(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return ""
	}
	return stringsOf(a).Value(i)
}

// listeningChannels is pg_listening_channels(): the channels of committed LISTENs.
func listeningChannels(env *catalog.FuncEnv, _ []scalar.Scalar) (catalog.RowSource, error) {
	names := array.NewStringBuilder(env.Mem)
	defer names.Release()
	if env.Session != nil && env.Session.ListeningChannels != nil {
		names.AppendValues(env.Session.ListeningChannels(), nil)
	}
	return catalog.ColumnRows(names.NewArray()), nil
}
