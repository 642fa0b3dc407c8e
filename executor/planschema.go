package executor

import (
	"encoding/binary"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/planner"
)

// Every operator a statement builds names its output schema, and building an Arrow schema
// (its fields and its name index) costs more than running a point query's operators over
// their one row. Schemas are immutable, so PlanSchema hands out one per distinct column
// list: statements of one shape, run over and over, share their operators' schemas. Only
// lists of built-in types are kept, whose Arrow types depend on nothing but OID and
// modifier; a user type's OID may mean another type in another store of the process.

// maxPlanSchemas bounds the kept schemas; past it the memo starts over.
const maxPlanSchemas = 4096

var planSchemas struct {
	mu sync.RWMutex
	m  map[string]*arrow.Schema // key: planSchemaKey
}

// PlanSchema is the Arrow schema of plan columns: every column is nullable, as SQL columns
// of intermediate results are.
func PlanSchema(cols []planner.Column) *arrow.Schema {
	var arr [256]byte
	key, ok := planSchemaKey(arr[:0], cols)
	if !ok {
		return buildPlanSchema(cols)
	}
	planSchemas.mu.RLock()
	sc := planSchemas.m[string(key)]
	planSchemas.mu.RUnlock()
	if sc != nil {
		return sc
	}
	sc = buildPlanSchema(cols)
	planSchemas.mu.Lock()
	if len(planSchemas.m) >= maxPlanSchemas || planSchemas.m == nil {
		planSchemas.m = make(map[string]*arrow.Schema)
	}
	planSchemas.m[string(key)] = sc
	planSchemas.mu.Unlock()
	return sc
}

// planSchemaKey appends to key what the schema of cols depends on: each column's name,
// type OID and modifier. ok is false when a column has a user type.
func planSchemaKey(key []byte, cols []planner.Column) ([]byte, bool) {
	for _, c := range cols {
		if !types.IsBuiltin(c.Type.OID) {
			return nil, false
		}
		key = binary.AppendUvarint(key, uint64(len(c.Name)))
		key = append(key, c.Name...)
		key = binary.LittleEndian.AppendUint32(key, uint32(c.Type.OID))
		key = binary.LittleEndian.AppendUint32(key, uint32(c.Type.Typmod))
	}
	return key, true
}

func buildPlanSchema(cols []planner.Column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}
