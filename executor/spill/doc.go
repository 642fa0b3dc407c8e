// Package spill keeps the temporary files of operators that run out of memory: sorted runs
// of an external sort, partitions of a hash aggregate. Files hold Arrow record batches in
// the Arrow IPC stream format and are read back a batch at a time, so spilled data never
// has to fit in memory again.
//
// A Dir is the server's temporary directory, under its data directory. Opening it removes
// whatever an earlier run of the server left behind (after a crash or kill -9), the way
// PostgreSQL clears pgsql_tmp at startup. Each operator removes its own files when it
// closes, whether it finished, failed or was canceled.
//
// Extension types (uuid, jsonb) are written as their storage type, which IPC knows, and
// restored from the schema the writer was created with, so a round trip gives back arrays
// of the original types.
package spill
