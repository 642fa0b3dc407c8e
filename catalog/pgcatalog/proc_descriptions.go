package pgcatalog

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/pgfast/pgfast/catalog/types"
)

// proc_descriptions.tsv holds PostgreSQL 15's comments on its built-in functions, one
// "oid<TAB>description" line each, as this query on a PostgreSQL 15 server lists them:
//
//	SELECT objoid, description FROM pg_description
//	WHERE classoid = 'pg_proc'::regclass AND objsubid = 0 AND objoid < 16384 ORDER BY objoid
//
// Clients show them: JDBC's getFunctions returns them as REMARKS, psql's \df+ as
// Description.
//
//go:embed proc_descriptions.tsv
var procDescriptionsTSV string

// builtinProcDescription returns PostgreSQL's comment on the built-in function oid, or "".
func builtinProcDescription(oid types.OID) string { return procDescriptions()[oid] }

var procDescriptions = sync.OnceValue(func() map[types.OID]string {
	byOID := make(map[types.OID]string, 3300)
	for _, line := range strings.Split(procDescriptionsTSV, "\n") {
		id, desc, ok := strings.Cut(line, "\t")
		if n, err := strconv.ParseUint(id, 10, 32); ok && err == nil {
			byOID[types.OID(n)] = desc
		}
	}
	return byOID
})
