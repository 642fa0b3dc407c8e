package settings

import "strings"

// VarType is a parameter's type, as pg_settings.vartype names it.
type VarType uint8

// Parameter types.
const (
	Bool VarType = iota
	Integer
	Real
	String
	Enum
)

func (t VarType) String() string {
	return [...]string{"bool", "integer", "real", "string", "enum"}[t]
}

// Context says when a parameter may change, as pg_settings.context names it. Only user
// (and superuser: every client is a superuser here) parameters may be SET; the others are
// fixed for the server's life.
type Context string

// Parameter contexts.
const (
	Internal   Context = "internal"
	Postmaster Context = "postmaster"
	Superuser  Context = "superuser"
	User       Context = "user"
)

// Param describes one configuration parameter as PostgreSQL 15 defines it.
type Param struct {
	// Name is PostgreSQL's spelling ("DateStyle"); lookups ignore case.
	Name     string
	Type     VarType
	Unit     *Unit // integers with a unit: their base unit (ms, kB)
	Context  Context
	Category string
	Desc     string
	// Boot is the built-in default as SHOW prints it.
	Boot     string
	Min, Max float64  // integers and reals
	Values   []string // enums: the values, as PostgreSQL lists them
	// Report marks the parameters reported to the client with ParameterStatus
	// (PostgreSQL's GUC_REPORT).
	Report bool
	// check parses string parameters with a syntax of their own, returning the canonical
	// text; nil accepts any text.
	check func(s *Settings, value string) (string, error)
}

// Categories, as pg_settings shows them.
const (
	catPreset     = "Preset Options"
	catLocale     = "Client Connection Defaults / Locale and Formatting"
	catStatement  = "Client Connection Defaults / Statement Behavior"
	catOtherDef   = "Client Connection Defaults / Other Defaults"
	catMemory     = "Resource Usage / Memory"
	catDisk       = "Resource Usage / Disk"
	catAsync      = "Resource Usage / Asynchronous Behavior"
	catPlanMethod = "Query Tuning / Planner Method Configuration"
	catPlanCost   = "Query Tuning / Planner Cost Constants"
	catPlanOther  = "Query Tuning / Other Planner Options"
	catPlanGeqo   = "Query Tuning / Genetic Query Optimizer"
	catCompat     = "Version and Platform Compatibility / Previous PostgreSQL Versions"
	catWhatToLog  = "Reporting and Logging / What to Log"
	catWhenToLog  = "Reporting and Logging / When to Log"
	catWAL        = "Write-Ahead Log / Settings"
	catLocks      = "Lock Management"
	catConn       = "Connections and Authentication / Connection Settings"
	catDeveloper  = "Developer Options"
)

const maxInt = 2147483647

var isolationLevels = []string{"serializable", "repeatable read", "read committed", "read uncommitted"}

// params lists the parameters pgfast knows. Those that change nothing in pgfast (planner
// method switches, cost constants) are accepted with PostgreSQL's types and ranges, so that
// clients and scripts that set them run unchanged.
var params = []*Param{
	// Reported to the client (GUC_REPORT).
	{Name: "server_version", Type: String, Context: Internal, Category: catPreset, Desc: "Shows the server version.", Boot: ServerVersion, Report: true},
	{Name: "server_encoding", Type: String, Context: Internal, Category: catPreset, Desc: "Shows the server (database) character set encoding.", Boot: "UTF8", Report: true},
	{Name: "client_encoding", Type: String, Context: User, Category: catLocale, Desc: "Sets the client's character set encoding.", Boot: "UTF8", Report: true, check: checkClientEncoding},
	{Name: "application_name", Type: String, Context: User, Category: catWhatToLog, Desc: "Sets the application name to be reported in statistics and logs.", Boot: "", Report: true},
	{Name: "DateStyle", Type: String, Context: User, Category: catLocale, Desc: "Sets the display format for date and time values.", Boot: "ISO, MDY", Report: true, check: checkDateStyle},
	{Name: "IntervalStyle", Type: Enum, Context: User, Category: catLocale, Desc: "Sets the display format for interval values.", Boot: "postgres", Report: true,
		Values: []string{"postgres", "postgres_verbose", "sql_standard", "iso_8601"}},
	{Name: "TimeZone", Type: String, Context: User, Category: catLocale, Desc: "Sets the time zone for displaying and interpreting time stamps.", Boot: "UTC", Report: true, check: checkTimeZone},
	{Name: "integer_datetimes", Type: Bool, Context: Internal, Category: catPreset, Desc: "Shows whether datetimes are integer based.", Boot: "on", Report: true},
	{Name: "standard_conforming_strings", Type: Bool, Context: User, Category: catCompat, Desc: "Causes '...' strings to treat backslashes literally.", Boot: "on", Report: true},
	{Name: "is_superuser", Type: Bool, Context: Internal, Category: catPreset, Desc: "Shows whether the current user is a superuser.", Boot: "on", Report: true},
	{Name: "session_authorization", Type: String, Context: User, Category: catPreset, Desc: "Sets the session user name.", Boot: "", Report: true},
	{Name: "default_transaction_read_only", Type: Bool, Context: User, Category: catStatement, Desc: "Sets the default read-only status of new transactions.", Boot: "off", Report: true},
	{Name: "in_hot_standby", Type: Bool, Context: Internal, Category: catPreset, Desc: "Shows whether hot standby is currently active.", Boot: "off", Report: true},

	// Preset, read-only.
	{Name: "server_version_num", Type: Integer, Context: Internal, Category: catPreset, Desc: "Shows the server version as an integer.", Boot: "150000", Min: 150000, Max: 150000},
	{Name: "max_identifier_length", Type: Integer, Context: Internal, Category: catPreset, Desc: "Shows the maximum identifier length.", Boot: "63", Min: 63, Max: 63},
	{Name: "lc_collate", Type: String, Context: Internal, Category: catPreset, Desc: "Shows the collation order locale.", Boot: "C"},
	{Name: "lc_ctype", Type: String, Context: Internal, Category: catPreset, Desc: "Shows the character classification and case conversion locale.", Boot: "C"},
	{Name: "block_size", Type: Integer, Context: Internal, Category: catPreset, Desc: "Shows the size of a disk block.", Boot: "8192", Min: 8192, Max: 8192},
	{Name: "max_index_keys", Type: Integer, Context: Internal, Category: catPreset, Desc: "Shows the maximum number of index keys.", Boot: "32", Min: 32, Max: 32},
	{Name: "max_function_args", Type: Integer, Context: Internal, Category: catPreset, Desc: "Shows the maximum number of function arguments.", Boot: "100", Min: 100, Max: 100},
	{Name: "max_connections", Type: Integer, Context: Postmaster, Category: catConn, Desc: "Sets the maximum number of concurrent connections.", Boot: "100", Min: 1, Max: 262143},

	// Formatting and statement behaviour.
	{Name: "extra_float_digits", Type: Integer, Context: User, Category: catLocale, Desc: "Sets the number of digits displayed for floating-point values.", Boot: "1", Min: -15, Max: 3},
	{Name: "bytea_output", Type: Enum, Context: User, Category: catStatement, Desc: "Sets the output format for bytea.", Boot: "hex", Values: []string{"escape", "hex"}},
	{Name: "search_path", Type: String, Context: User, Category: catStatement, Desc: "Sets the schema search order for names that are not schema-qualified.", Boot: `"$user", public`},
	{Name: "client_min_messages", Type: Enum, Context: User, Category: catStatement, Desc: "Sets the message levels that are sent to the client.", Boot: "notice",
		Values: []string{"debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error"}},
	{Name: "transaction_isolation", Type: Enum, Context: User, Category: catStatement, Desc: "Sets the current transaction's isolation level.", Boot: "read committed", Values: isolationLevels},
	{Name: "default_transaction_isolation", Type: Enum, Context: User, Category: catStatement, Desc: "Sets the transaction isolation level of each new transaction.", Boot: "read committed", Values: isolationLevels},
	{Name: "transaction_read_only", Type: Bool, Context: User, Category: catStatement, Desc: "Sets the current transaction's read-only status.", Boot: "off"},
	{Name: "transaction_deferrable", Type: Bool, Context: User, Category: catStatement, Desc: "Whether to defer a read-only serializable transaction until it can be executed with no possible serialization failures.", Boot: "off"},
	{Name: "default_transaction_deferrable", Type: Bool, Context: User, Category: catStatement, Desc: "Sets the default deferrable status of new transactions.", Boot: "off"},
	{Name: "check_function_bodies", Type: Bool, Context: User, Category: catStatement, Desc: "Check routine bodies during CREATE FUNCTION and CREATE PROCEDURE.", Boot: "on"},
	{Name: "row_security", Type: Bool, Context: User, Category: catStatement, Desc: "Enable row security.", Boot: "on"},
	{Name: "xmloption", Type: Enum, Context: User, Category: catStatement, Desc: "Sets whether XML data in implicit parsing and serialization operations is to be considered as documents or content fragments.", Boot: "content", Values: []string{"content", "document"}},
	{Name: "default_tablespace", Type: String, Context: User, Category: catStatement, Desc: "Sets the default tablespace to create tables and indexes in.", Boot: ""},
	{Name: "default_table_access_method", Type: String, Context: User, Category: catStatement, Desc: "Sets the default table access method for new tables.", Boot: "heap"},
	{Name: "default_toast_compression", Type: Enum, Context: User, Category: catStatement, Desc: "Sets the default compression method for compressible values.", Boot: "pglz", Values: []string{"pglz", "lz4"}},
	{Name: "session_replication_role", Type: Enum, Context: Superuser, Category: catStatement, Desc: "Sets the session's behavior for triggers and rewrite rules.", Boot: "origin", Values: []string{"origin", "replica", "local"}},
	{Name: "default_text_search_config", Type: String, Context: User, Category: catLocale, Desc: "Sets default text search configuration.", Boot: "pg_catalog.simple"},
	{Name: "lc_messages", Type: String, Context: Superuser, Category: catLocale, Desc: "Sets the language in which messages are displayed.", Boot: "C"},
	{Name: "lc_monetary", Type: String, Context: User, Category: catLocale, Desc: "Sets the locale for formatting monetary amounts.", Boot: "C"},
	{Name: "lc_numeric", Type: String, Context: User, Category: catLocale, Desc: "Sets the locale for formatting numbers.", Boot: "C"},
	{Name: "lc_time", Type: String, Context: User, Category: catLocale, Desc: "Sets the locale for formatting date and time values.", Boot: "C"},
	{Name: "timezone_abbreviations", Type: String, Context: User, Category: catLocale, Desc: "Selects a file of time zone abbreviations.", Boot: "Default"},
	{Name: "escape_string_warning", Type: Bool, Context: User, Category: catCompat, Desc: "Warn about backslash escapes in ordinary string literals.", Boot: "on"},
	{Name: "array_nulls", Type: Bool, Context: User, Category: catCompat, Desc: "Enable input of NULL elements in arrays.", Boot: "on"},
	{Name: "synchronize_seqscans", Type: Bool, Context: User, Category: catCompat, Desc: "Enable synchronized sequential scans.", Boot: "on"},
	{Name: "quote_all_identifiers", Type: Bool, Context: User, Category: catCompat, Desc: "When generating SQL fragments, quote all identifiers.", Boot: "off"},
	{Name: "lo_compat_privileges", Type: Bool, Context: Superuser, Category: catCompat, Desc: "Enables backward compatibility mode for privilege checks on large objects.", Boot: "off"},
	{Name: "synchronous_commit", Type: Enum, Context: User, Category: catWAL, Desc: "Sets the current transaction's synchronization level.", Boot: "on",
		Values: []string{"local", "remote_write", "remote_apply", "on", "off"}},
	{Name: "role", Type: String, Context: User, Category: catPreset, Desc: "Sets the current role.", Boot: "none"},
	{Name: "max_stack_depth", Type: Integer, Unit: unitKB, Context: Superuser, Category: catMemory, Desc: "Sets the maximum stack depth, in kilobytes.", Boot: "2MB", Min: 100, Max: maxInt},

	// Timeouts.
	{Name: "statement_timeout", Type: Integer, Unit: unitMs, Context: User, Category: catStatement, Desc: "Sets the maximum allowed duration of any statement.", Boot: "0", Min: 0, Max: maxInt},
	{Name: "lock_timeout", Type: Integer, Unit: unitMs, Context: User, Category: catStatement, Desc: "Sets the maximum allowed duration of any wait for a lock.", Boot: "0", Min: 0, Max: maxInt},
	{Name: "restrict_nonsystem_relation_kind", Type: String, Context: User, Category: catStatement, Desc: "Prohibits access to non-system relations of specified kinds.", Boot: "", check: checkRestrictKinds},
	{Name: "idle_in_transaction_session_timeout", Type: Integer, Unit: unitMs, Context: User, Category: catStatement, Desc: "Sets the maximum allowed idle time between queries, when in a transaction.", Boot: "0", Min: 0, Max: maxInt},
	{Name: "idle_session_timeout", Type: Integer, Unit: unitMs, Context: User, Category: catStatement, Desc: "Sets the maximum allowed idle time between queries, when not in a transaction.", Boot: "0", Min: 0, Max: maxInt},
	{Name: "deadlock_timeout", Type: Integer, Unit: unitMs, Context: Superuser, Category: catLocks, Desc: "Sets the time to wait on a lock before checking for deadlock.", Boot: "1s", Min: 1, Max: maxInt},
	{Name: "client_connection_check_interval", Type: Integer, Unit: unitMs, Context: User, Category: catConn, Desc: "Sets the time interval between checks for disconnection while running queries.", Boot: "0", Min: 0, Max: maxInt},

	// Resources.
	{Name: "work_mem", Type: Integer, Unit: unitKB, Context: User, Category: catMemory, Desc: "Sets the maximum memory to be used for query workspaces.", Boot: "4MB", Min: 64, Max: maxInt},
	{Name: "hash_mem_multiplier", Type: Real, Context: User, Category: catMemory, Desc: "Multiple of work_mem to use for hash tables.", Boot: "2", Min: 1, Max: 1000},
	{Name: "maintenance_work_mem", Type: Integer, Unit: unitKB, Context: User, Category: catMemory, Desc: "Sets the maximum memory to be used for maintenance operations.", Boot: "64MB", Min: 1024, Max: maxInt},
	{Name: "temp_buffers", Type: Integer, Unit: unit8KB, Context: User, Category: catMemory, Desc: "Sets the maximum number of temporary buffers used by each session.", Boot: "8MB", Min: 100, Max: 1073741823},
	{Name: "temp_file_limit", Type: Integer, Unit: unitKB, Context: Superuser, Category: catDisk, Desc: "Limits the total size of all temporary files used by each process.", Boot: "-1", Min: -1, Max: maxInt},
	{Name: "max_parallel_workers_per_gather", Type: Integer, Context: User, Category: catAsync, Desc: "Sets the maximum number of parallel processes per executor node.", Boot: "2", Min: 0, Max: 1024},
	{Name: "max_parallel_workers", Type: Integer, Context: User, Category: catAsync, Desc: "Sets the maximum number of parallel workers that can be active at one time.", Boot: "8", Min: 0, Max: 1024},
	{Name: "parallel_leader_participation", Type: Bool, Context: User, Category: catAsync, Desc: "Controls whether Gather and Gather Merge also run subplans.", Boot: "on"},

	// Planner switches and costs: accepted, no effect.
	planSwitch("enable_seqscan", "sequential-scan"), planSwitch("enable_indexscan", "index-scan"),
	planSwitch("enable_indexonlyscan", "index-only-scan"), planSwitch("enable_bitmapscan", "bitmap-scan"),
	planSwitch("enable_tidscan", "TID scan"), planSwitch("enable_sort", "explicit sort steps"),
	planSwitch("enable_incremental_sort", "incremental sort steps"), planSwitch("enable_hashagg", "hashed aggregation"),
	planSwitch("enable_material", "materialization"), planSwitch("enable_memoize", "memoization"),
	planSwitch("enable_nestloop", "nested-loop join"), planSwitch("enable_mergejoin", "merge join"),
	planSwitch("enable_hashjoin", "hash join"), planSwitch("enable_gathermerge", "gather merge"),
	planSwitch("enable_parallel_append", "parallel append"), planSwitch("enable_parallel_hash", "parallel hash"),
	planSwitch("enable_partition_pruning", "partition pruning"), planSwitch("enable_async_append", "async append"),
	{Name: "enable_partitionwise_join", Type: Bool, Context: User, Category: catPlanMethod, Desc: "Enables partitionwise join.", Boot: "off"},
	{Name: "enable_partitionwise_aggregate", Type: Bool, Context: User, Category: catPlanMethod, Desc: "Enables partitionwise aggregation and grouping.", Boot: "off"},
	planCost("seq_page_cost", "sequentially fetched disk page", "1", 0, 1.79769e+308),
	planCost("random_page_cost", "nonsequentially fetched disk page", "4", 0, 1.79769e+308),
	planCost("cpu_tuple_cost", "each tuple (row)", "0.01", 0, 1.79769e+308),
	planCost("cpu_index_tuple_cost", "each index entry during an index scan", "0.005", 0, 1.79769e+308),
	planCost("cpu_operator_cost", "each operator or function call", "0.0025", 0, 1.79769e+308),
	planCost("parallel_tuple_cost", "passing each tuple (row) from worker to leader backend", "0.1", 0, 1.79769e+308),
	planCost("parallel_setup_cost", "starting up worker processes for parallel query", "1000", 0, 1.79769e+308),
	planCost("jit_above_cost", "JIT compilation", "100000", -1, 1.79769e+308),
	planCost("jit_inline_above_cost", "JIT inlining", "500000", -1, 1.79769e+308),
	planCost("jit_optimize_above_cost", "JIT optimization", "500000", -1, 1.79769e+308),
	{Name: "jit", Type: Bool, Context: User, Category: catPlanOther, Desc: "Allow JIT compilation.", Boot: "on"},
	{Name: "effective_cache_size", Type: Integer, Unit: unit8KB, Context: User, Category: catPlanCost, Desc: "Sets the planner's assumption about the total size of the data caches.", Boot: "4GB", Min: 1, Max: maxInt},
	{Name: "min_parallel_table_scan_size", Type: Integer, Unit: unit8KB, Context: User, Category: catPlanCost, Desc: "Sets the minimum amount of table data for a parallel scan.", Boot: "8MB", Min: 0, Max: 715827882},
	{Name: "min_parallel_index_scan_size", Type: Integer, Unit: unit8KB, Context: User, Category: catPlanCost, Desc: "Sets the minimum amount of index data for a parallel scan.", Boot: "512kB", Min: 0, Max: 715827882},
	{Name: "default_statistics_target", Type: Integer, Context: User, Category: catPlanOther, Desc: "Sets the default statistics target.", Boot: "100", Min: 1, Max: 10000},
	{Name: "from_collapse_limit", Type: Integer, Context: User, Category: catPlanOther, Desc: "Sets the FROM-list size beyond which subqueries are not collapsed.", Boot: "8", Min: 1, Max: maxInt},
	{Name: "join_collapse_limit", Type: Integer, Context: User, Category: catPlanOther, Desc: "Sets the FROM-list size beyond which JOIN constructs are not flattened.", Boot: "8", Min: 1, Max: maxInt},
	{Name: "cursor_tuple_fraction", Type: Real, Context: User, Category: catPlanOther, Desc: "Sets the planner's estimate of the fraction of a cursor's rows that will be retrieved.", Boot: "0.1", Min: 0, Max: 1},
	{Name: "constraint_exclusion", Type: Enum, Context: User, Category: catPlanOther, Desc: "Enables the planner to use constraints to optimize queries.", Boot: "partition", Values: []string{"partition", "on", "off"}},
	{Name: "plan_cache_mode", Type: Enum, Context: User, Category: catPlanOther, Desc: "Controls the planner's selection of custom or generic plan.", Boot: "auto", Values: []string{"auto", "force_generic_plan", "force_custom_plan"}},
	{Name: "force_parallel_mode", Type: Enum, Context: User, Category: catDeveloper, Desc: "Forces use of parallel query facilities.", Boot: "off", Values: []string{"off", "on", "regress"}},
	{Name: "geqo", Type: Bool, Context: User, Category: catPlanGeqo, Desc: "Enables genetic query optimization.", Boot: "on"},
	{Name: "geqo_threshold", Type: Integer, Context: User, Category: catPlanGeqo, Desc: "Sets the threshold of FROM items beyond which GEQO is used.", Boot: "12", Min: 2, Max: maxInt},
	{Name: "log_statement", Type: Enum, Context: Superuser, Category: catWhatToLog, Desc: "Sets the type of statements logged.", Boot: "none", Values: []string{"none", "ddl", "mod", "all"}},
	{Name: "log_min_duration_statement", Type: Integer, Unit: unitMs, Context: Superuser, Category: catWhenToLog, Desc: "Sets the minimum execution time above which all statements will be logged.", Boot: "-1", Min: -1, Max: maxInt},
	// The built-in extensions' parameters, defined as an extension's library defines them
	// when loaded (the built-in extensions always are), so SHOW and pg_settings know them.
	{Name: "qsim.max_qubits", Type: Integer, Context: User, Category: "Customized Options", Desc: "Sets the most qubits a quantum circuit may have: a statevector of n qubits takes 2^n x 16 bytes.", Boot: "26", Min: 1, Max: 30},
}

func planSwitch(name, what string) *Param {
	return &Param{Name: name, Type: Bool, Context: User, Category: catPlanMethod, Desc: "Enables the planner's use of " + what + " plans.", Boot: "on"}
}

func planCost(name, what, boot string, lo, hi float64) *Param {
	return &Param{Name: name, Type: Real, Context: User, Category: catPlanCost, Desc: "Sets the planner's estimate of the cost of " + what + ".", Boot: boot, Min: lo, Max: hi}
}

// byName indexes params by lower-case name.
var byName = func() map[string]*Param {
	m := make(map[string]*Param, len(params))
	for _, p := range params {
		m[strings.ToLower(p.Name)] = p
	}
	return m
}()

// Lookup returns the parameter of a name, in any case.
func Lookup(name string) (*Param, bool) {
	p, ok := byName[strings.ToLower(name)]
	return p, ok
}
