package catalog

import (
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// Databases. PostgreSQL's databases are cluster-wide objects (pg_database): each has its own
// catalog and rows, while roles are shared by all. DatabaseDef is one row of pg_database as
// the cluster's registry keeps it; the registry itself lives outside any one database's
// catalog (package cluster).

// Well-known database OIDs, as initdb assigns them.
const (
	Template1OID types.OID = 1
	Template0OID types.OID = 4
	PostgresOID  types.OID = 5
)

// DatabaseDef is a database.
type DatabaseDef struct {
	OID   types.OID `json:"oid"`
	Name  string    `json:"name"`
	Owner types.OID `json:"owner"`
	// Encoding is the server encoding's number (6: UTF8, the only one pgfast stores).
	Encoding   int32  `json:"encoding"`
	Collate    string `json:"collate"`
	Ctype      string `json:"ctype"`
	IsTemplate bool   `json:"is_template,omitempty"`
	AllowConn  bool   `json:"allow_conn"`
	// ConnLimit bounds the sessions connected to it; -1 means no limit.
	ConnLimit int32 `json:"conn_limit"`
	// ACL is datacl; nil means the default privileges (PUBLIC may connect and create
	// temporary tables, the owner has all).
	ACL acl.List `json:"acl,omitempty"`
	// Comment is COMMENT ON DATABASE's text (empty: none).
	Comment string `json:"comment,omitempty"`
	// Settings are the ALTER DATABASE ... SET parameters, applied when a session connects,
	// as name=value (pg_db_role_setting's setconfig).
	Settings []string `json:"settings,omitempty"`
}

// UTF8Encoding is the number of the UTF8 encoding (pg_encoding_to_char(6)).
const UTF8Encoding int32 = 6

// DatabaseHolds reports whether role holds every privilege of want on database d.
func (c *Catalog) DatabaseHolds(role types.OID, d *DatabaseDef, want acl.Priv) bool {
	return c.Holds(role, acl.Database, d.Owner, d.ACL, want)
}
