package app

import (
	"fmt"
	"strconv"
	"strings"
)

// TempDir is the directory under the data directory that holds statements' temporary
// files; the server empties it when it starts.
const TempDir = "pgsql_tmp"

// DefaultMemoryLimit is the memory statements and cached table rows may hold together when
// no limit is configured: half the machine's physical memory, or 4GB where the machine's
// memory is unknown.
func DefaultMemoryLimit() int64 {
	if ram := physicalMemory(); ram > 0 {
		return ram / 2
	}
	return 4 << 30
}

// ParseSize reads a byte size such as "1GB", "512MB", "64kB" or "1073741824" (units are
// powers of 1024 and case-insensitive; B, K, M, G and T may stand alone).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes with an optional unit (kB, MB, GB, TB)", s)
	}
	mult := map[string]float64{"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20,
		"G": 1 << 30, "GB": 1 << 30, "T": 1 << 40, "TB": 1 << 40}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("invalid size %q: unknown unit %q (use kB, MB, GB or TB)", s, t[i:])
	}
	return int64(v * mult), nil
}
