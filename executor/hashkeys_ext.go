package executor

import (
	"hash/maphash"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/catalog/types/pgjson"
)

// jsonbKeys stores jsonb keys. Equality is jsonb's (numbers by value, so {"a": 1.0} and
// {"a": 1} are one group, as in PostgreSQL), and hashes are taken over pgjson's hash key,
// which is equal exactly for equal values. The values are kept as they arrived: a group
// shows its first value's spelling.
type jsonbKeys struct {
	bytesKeys
	scratch []byte
}

var _ keyColumn = (*jsonbKeys)(nil)

func (s *jsonbKeys) hash(arr arrow.Array, h []uint64) {
	offs, data := varValues(arr)
	v := validityOf(arr)
	for i := range h {
		if !v.valid(i) {
			h[i] = mix64(h[i] ^ nullHash)
			continue
		}
		s.scratch = pgjson.AppendHashKey(s.scratch[:0], pgjson.Value(data[offs[i]:offs[i+1]]))
		h[i] = mix64(h[i] ^ maphash.Bytes(keyHashSeed, s.scratch))
	}
}

func (s *jsonbKeys) equal(arr arrow.Array, rows []int32, cand []uint32, eq []bool) {
	offs, data := varValues(arr)
	v := validityOf(arr)
	for k, r := range rows {
		if !eq[k] {
			continue
		}
		g := cand[k]
		a, b := v.valid(int(r)), s.validAt(g)
		eq[k] = a == b && (!a || pgjson.Equal(data[offs[r]:offs[r+1]], s.data[s.offs[g]:s.offs[g+1]]))
	}
}

// newExtensionKeyColumn returns key storage for the extension types of catalog/types.
func newExtensionKeyColumn(dt arrow.DataType) (keyColumn, bool) {
	if types.IsJSONBArrow(dt) {
		return &jsonbKeys{bytesKeys: bytesKeys{dt: dt, offs: []int{0}}}, true
	}
	return nil, false
}
