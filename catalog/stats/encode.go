package stats

import (
	"encoding/binary"
	"errors"
	"math"
)

// A Sketch is encoded so that storage can keep it beside the rows it summarises (in a
// segment file's footer) and a restarted server need not read the rows again to plan:
//
//	format byte (1) | flags byte (1: has a range, 2: unhashed values) | rows uvarint |
//	nulls uvarint | min, max float64 (little-endian) | the 4096 registers
const sketchFormat = 1

var errBadSketch = errors.New("stats: malformed sketch encoding")

// MarshalBinary encodes the sketch.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+2*binary.MaxVarintLen64+16+registers)
	var flags byte
	if s.hasRange {
		flags |= 1
	}
	if s.unhashed {
		flags |= 2
	}
	b = append(b, sketchFormat, flags)
	b = binary.AppendUvarint(b, uint64(s.Rows))
	b = binary.AppendUvarint(b, uint64(s.Nulls))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.min))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.max))
	return append(b, s.regs[:]...), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded into s.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	if len(b) < 2 || b[0] != sketchFormat {
		return errBadSketch
	}
	flags := b[1]
	b = b[2:]
	rows, n := binary.Uvarint(b)
	if n <= 0 {
		return errBadSketch
	}
	b = b[n:]
	nulls, n := binary.Uvarint(b)
	if n <= 0 || nulls > rows {
		return errBadSketch
	}
	b = b[n:]
	if len(b) != 16+registers {
		return errBadSketch
	}
	*s = Sketch{Rows: int64(rows), Nulls: int64(nulls), hasRange: flags&1 != 0, unhashed: flags&2 != 0,
		min: math.Float64frombits(binary.LittleEndian.Uint64(b)), max: math.Float64frombits(binary.LittleEndian.Uint64(b[8:]))}
	copy(s.regs[:], b[16:])
	return nil
}
