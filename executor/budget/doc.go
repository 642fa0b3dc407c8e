// Package budget accounts the memory that queries build (sort buffers, hash tables,
// materialized intermediate results) and bounds it, so that no query can grow the server
// until the operating system kills it.
//
// # Model
//
// A Pool is the server's memory for queries, bounded by the --memory-limit flag. Each
// running statement has a Query drawn from the pool, and each operator that holds rows
// beyond a batch or two opens an Account in its query. An operator grows its account
// before it keeps more data and shrinks it when it lets data go; the amounts are the
// operator's own estimate of what it holds (buffer sizes of retained Arrow arrays plus its
// Go-side structures), so accounting costs one atomic add per batch, not per allocation.
// Streaming operators, which hold a batch at a time, do not account at all.
//
// Grow fails with ErrOverBudget when the operator would pass its own limit, or the pool
// its limit. The operator then either spills to disk (sort, hash aggregate) and goes on
// within its budget, or gives up with OutOfMemory, PostgreSQL's 53200 with a hint. Either
// way the server stays up and other statements keep their memory.
//
// # Limits
//
// An operator's own limit is work_mem (hash tables: work_mem × hash_mem_multiplier) when
// the session sets work_mem, as PostgreSQL's is. It is where operators that can spill
// (sort) start spilling; operators that cannot (GrowPast) pass it, as in PostgreSQL, and are
// bounded by the pool alone. Without one, PostgreSQL's default of 4MB
// would make every sizable sort spill, so operators are bounded by the pool alone: they
// use memory freely until the server's queries together reach --memory-limit.
//
// Table rows that storage keeps in memory (its segment cache) are charged to the pool as
// well, through an account of their own, so queries and cached rows share the limit; a
// query that needs memory the cache holds takes it back (SetReclaimer) before it spills or
// fails. What a scan reads passes through a batch at a time, and is not counted again.
package budget
