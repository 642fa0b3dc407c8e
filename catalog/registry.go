package catalog

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog/types"
)

// FuncKind is pg_proc.prokind.
type FuncKind byte

// Function kinds.
const (
	KindFunc      FuncKind = 'f'
	KindAggregate FuncKind = 'a'
	KindWindow    FuncKind = 'w'
)

// Volatility is pg_proc.provolatile.
type Volatility byte

// Volatility classes.
const (
	Immutable Volatility = 'i'
	Stable    Volatility = 's'
	Volatile  Volatility = 'v'
)

// FuncEnv is what an implementation sees of the statement evaluating it.
type FuncEnv struct {
	Ctx      context.Context
	Mem      memory.Allocator
	TimeZone *time.Location
	// IO holds the session's settings for converting values to and from text (nil: the
	// defaults), for functions that print values of any type (to_json, format,
	// array_to_string).
	IO *types.IOSettings
	// ArgTypes and RetType are the resolved types of this call site.
	ArgTypes []types.T
	RetType  types.T
	// Valid marks, for strict functions, the rows whose arguments are all non-null (an Arrow
	// validity bitmap); nil means every row is valid. Argument values in invalid rows are
	// undefined, so kernels must not fail on them. The evaluator nulls those rows afterwards.
	Valid []byte
	// Rows is the number of rows in the batch; functions without arguments (pi(), random())
	// take their result length from it.
	Rows int
	// Session describes the statement's session for functions that report on it.
	Session *SessionInfo
}

// SessionInfo is what functions such as now() and current_user read about the statement's
// session and transaction.
type SessionInfo struct {
	// User is session_user, Role current_user when SET ROLE changed it (empty: User).
	User     string
	Role     string
	Database string
	// TxnStart is the start of the current transaction: now() and current_timestamp.
	TxnStart time.Time
	// StatementStart is the start of the current statement: statement_timestamp().
	StatementStart time.Time
	// Catalog is the catalog snapshot the statement runs against, for the functions that
	// look objects up (pg_table_is_visible, format_type, 'name'::regclass).
	Catalog *Catalog
	// TempSchema is the session's schema of temporary relations, which name lookups search
	// first (empty: none).
	TempSchema string
	// Setting returns the session's value of a configuration parameter (current_setting),
	// or PostgreSQL's error for an unknown one.
	Setting func(name string) (string, error)
	// SetSetting assigns a configuration parameter (set_config): for the session, or with
	// local for the rest of the transaction block. Nil where settings cannot change.
	SetSetting func(name string, value *string, local bool) error
	// ViewDef prints a view's defining query as pg_get_viewdef does (pretty drops
	// redundant parentheses; wrap is the line length for SELECT lists, 0 wrapping every
	// entry). Nil prints the stored query text.
	ViewDef func(d *TableDef, pretty bool, wrap int) string
	// Events returns the events a relation accepts, as pg_relation_is_updatable reports
	// them (4 UPDATE, 8 INSERT, 16 DELETE), limited to columns cols (nil: any); nil counts
	// only tables updatable.
	Events func(d *TableDef, cols []int) int
	// Sequences serves nextval, currval, setval and lastval; nil where there are none.
	Sequences Sequences
	// ExprDef prints an expression the catalog keeps for table t (a CHECK constraint's, a
	// column's DEFAULT) as pg_get_expr does; false (or nil) prints it as stored.
	ExprDef func(t *TableDef, expr string, pretty bool) (string, bool)
	// DomainCheckDef prints a CHECK expression of a domain over base as
	// pg_get_constraintdef does inside CHECK (...); false (or nil) prints it as stored.
	DomainCheckDef func(base types.T, expr string, pretty bool) (string, bool)
	// Activity holds the tables' cumulative counters (pg_stat_get_* and pg_stat_reset) and
	// RowCounts reads a table's live and dead rows from storage; nil: none.
	Activity  *TableActivity
	RowCounts func(oid types.OID) (live, dead int64)
	// Locks serves the advisory lock functions; nil where there are none.
	Locks AdvisoryLocks
	// Backend serves the process id and signalling functions; nil outside a server.
	Backend Backend
	// Sizes serves pg_relation_size and pg_database_size; nil where relations have no
	// stored size (every size is then 0).
	Sizes Sizes
	// Notify queues a notification (pg_notify) for the end of the transaction; nil where
	// there is no server to deliver it.
	Notify func(channel, payload string) error
	// ListeningChannels lists the channels the session listens on (pg_listening_channels).
	ListeningChannels func() []string
	// Databases lists the cluster's databases and DatabaseSize gives the stored size of
	// one (pg_database_size, shobj_description); nil where only the session's database
	// is known.
	Databases    func() []DatabaseDef
	DatabaseSize func(oid types.OID) int64
}

// Sizes reports the stored size in bytes of relations and of the database.
type Sizes interface {
	RelationSize(oid types.OID) int64
	DatabaseSize() int64
}

// RowValid reports whether row i is valid according to env.Valid.
func (env *FuncEnv) RowValid(i int) bool {
	return env.Valid == nil || env.Valid[i>>3]&(1<<(uint(i)&7)) != 0
}

// ScalarImpl evaluates a scalar function over a batch. Every argument array has the batch's
// length (constants are broadcast). The result must have that length too.
type ScalarImpl func(env *FuncEnv, args []arrow.Array) (arrow.Array, error)

// AggState accumulates one aggregate for many groups at once.
//
// Groups are dense indexes 0..n-1 assigned by the caller; Update may see a group index beyond
// any seen before and must grow. Aggregates handle NULL arguments themselves (strict ones
// skip the row), since count(*) and count(x) differ exactly there.
type AggState interface {
	// Update folds row i of args into group groups[i].
	Update(groups []uint32, args []arrow.Array) error
	// Merge folds other (a state of the same aggregate) in: other's group g goes to mapping[g].
	Merge(other AggState, mapping []uint32) error
	// Finalize returns one value per group, for groups 0..ngroups-1.
	Finalize(ngroups int) (arrow.Array, error)
}

// AggContextFinalizer is implemented by aggregate states whose Finalize does long work
// (training a model): the executor then calls FinalizeContext with the statement's
// context, so cancellation and statement_timeout reach it. The context of the FuncEnv an
// AggState was made with belongs to the worker that fed it, which may be gone by then.
type AggContextFinalizer interface {
	FinalizeContext(ctx context.Context, ngroups int) (arrow.Array, error)
}

// SharedTransition is implemented by aggregate states that several aggregates can share,
// as PostgreSQL shares one transition state between aggregates of the same transition
// function over the same arguments (sum and avg of numeric both accumulate a sum and a
// count). The executor then feeds only one of them and finalizes the others from it.
type SharedTransition interface {
	// Transition names the accumulation; states of equal names accumulate alike.
	Transition() string
	// FinalizeShared returns this aggregate's results from from, a state of the same
	// transition that was fed the rows instead of this one.
	FinalizeShared(from AggState, ngroups int) (arrow.Array, error)
}

// AggImpl creates the state of an aggregate for one call site.
type AggImpl func(env *FuncEnv) AggState

// WindowInput is what a window function sees: whole partitions of rows in window order
// (sorted by the PARTITION BY keys, then by the window's ORDER BY keys). All positions are
// row indexes into Args, so one call may cover many partitions.
type WindowInput struct {
	// Args holds the argument values of every row.
	Args []arrow.Array
	// Partitions holds the partition boundaries: partition k is rows
	// [Partitions[k], Partitions[k+1]). It has one more entry than there are partitions.
	Partitions []int32
	// Peers holds the peer-group boundaries (rows equal under ORDER BY) in the same form.
	// Every partition boundary is a peer boundary; without ORDER BY a partition is one group.
	Peers []int32
	// FrameStart and FrameEnd hold, per row, its window frame: rows
	// [FrameStart[i], FrameEnd[i]), empty when FrameStart[i] >= FrameEnd[i]. Frame
	// exclusion (EXCLUDE) is not represented; it applies to aggregates only.
	FrameStart, FrameEnd []int32
}

// WindowImpl computes a window function (pg_proc.prokind 'w') for every row of in, returning
// an array as long as in.Args' rows. Window functions see NULL arguments themselves:
// pg_proc's strictness does not apply to them.
type WindowImpl func(env *FuncEnv, in *WindowInput) (arrow.Array, error)

// RowSource produces the rows of a set-returning function in batches.
type RowSource interface {
	// Next returns up to max rows as one array per output column, and the number of rows;
	// 0 rows means the set is exhausted.
	Next(env *FuncEnv, max int) ([]arrow.Array, int, error)
}

// SetImpl starts a set-returning function (generate_series) for one call with constant
// arguments (nil scalars are not passed: a strict function with a NULL argument returns no
// rows without being called).
type SetImpl func(env *FuncEnv, args []scalar.Scalar) (RowSource, error)

// SetBatchImpl evaluates a set-returning function of one output column for a whole batch
// of argument rows at once: the output values of every row, in row order, and for each
// output value the argument row it belongs to. Strict functions skip the rows env.Valid
// marks invalid. A function offering it (unnest) lets the executor's ProjectSet avoid
// calling it row by row.
type SetBatchImpl func(env *FuncEnv, args []arrow.Array) (out arrow.Array, rows []int32, err error)

// Func describes one function overload, as a row of pg_proc does.
type Func struct {
	OID        types.OID
	Name       string
	Kind       FuncKind
	Args       []types.OID
	Variadic   bool // the last argument repeats
	Ret        types.OID
	RetSet     bool
	Strict     bool
	Volatility Volatility
	// Infallible marks functions that raise no error for any arguments (comparisons): the
	// executor may then evaluate them on rows a preceding AND or OR already decided, which
	// is cheaper than setting those rows aside first.
	Infallible bool
	// ChecksDomains marks functions that build values of a type their caller names from
	// their input (json_populate_record): when that type is a domain, or a record with
	// fields of domains, the domains' constraints are checked on what they return.
	ChecksDomains bool
	// ReturnType, when set, derives the return type from the call's argument types (numeric
	// scales, polymorphic functions). Otherwise the return type is Ret without modifier.
	ReturnType func(args []types.T) types.T
	Scalar     ScalarImpl
	Agg        AggImpl
	Set        SetImpl      // set-returning functions (RetSet)
	SetBatch   SetBatchImpl // optionally, the same over whole batches
	// OutCols are the OUT parameters of a set-returning function whose rows have named
	// columns (json_each's key and value): the columns its RowSource produces, in order.
	// Without them a set-returning function produces one column, of its return type.
	OutCols []OutCol
	// ArgDefaults are the defaults of the trailing arguments (pg_proc.proargdefaults), as
	// text each argument type's input function reads: a call may omit those arguments.
	ArgDefaults []string
	// ArgNames are the arguments' names (pg_proc.proargnames), which calls may pass
	// arguments by (name => value); nil when the arguments have no names.
	ArgNames []string
	Window   WindowImpl // window functions (KindWindow)
	Desc     string
	// Extension is the built-in extension the function belongs to (pg_depend's 'e' rows),
	// nil for the core functions.
	Extension *Extension
}

// OutCol is one OUT parameter of a function: a column of the rows it returns.
type OutCol struct {
	Name string
	Type types.OID
}

// ResultType returns the return type of a call with the given argument types.
func (f *Func) ResultType(args []types.T) types.T {
	if f.ReturnType != nil {
		return f.ReturnType(args)
	}
	return types.Of(f.Ret)
}

func (f *Func) String() string { return fmt.Sprintf("%s(%v)", f.Name, f.Args) }

// Operator describes one operator overload, as a row of pg_operator does: its
// implementation is a Func in the same registry.
type Operator struct {
	OID   types.OID
	Name  string
	Left  types.OID // 0 for prefix operators
	Right types.OID
	Func  *Func
}

// Registry holds every function and operator. It is built once at startup (see package udf)
// and read concurrently afterwards; it is never modified while serving.
type Registry struct {
	funcs    map[string][]*Func
	internal map[string]*Func
	ops      map[string][]*Operator
	all      []*Func
	allOps   []*Operator
	exts     map[string]*Extension
	wrappers []*Wrapper
	nextOID  types.OID
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{funcs: map[string][]*Func{}, internal: map[string]*Func{}, ops: map[string][]*Operator{}, nextOID: 10000}
}

// AddFunc registers a function overload and returns it. OID 0 gets a fresh OID.
func (r *Registry) AddFunc(f *Func) *Func {
	if f.OID == 0 {
		f.OID = r.nextOID
		r.nextOID++
	}
	if f.Kind == 0 {
		f.Kind = KindFunc
	}
	if f.Volatility == 0 {
		f.Volatility = Immutable
	}
	r.funcs[f.Name] = append(r.funcs[f.Name], f)
	r.all = append(r.all, f)
	return f
}

// AddInternal registers a function the planner calls by name to implement a construct
// (jsonb's subscripted assignment), as PostgreSQL does with C code behind a support
// function: no SQL call can name it, and it is not in pg_proc.
func (r *Registry) AddInternal(f *Func) *Func {
	if f.OID == 0 {
		f.OID = r.nextOID
		r.nextOID++
	}
	if f.Kind == 0 {
		f.Kind = KindFunc
	}
	if f.Volatility == 0 {
		f.Volatility = Immutable
	}
	r.internal[f.Name] = f
	return f
}

// VariadicArrayName is the name of the internal function a call of name(VARIADIC array)
// binds to, for the functions of VARIADIC "any" (json_build_object) that take their
// arguments from the array's elements when it runs.
func VariadicArrayName(name string) string { return name + " variadic" }

// Internal returns the internal function name, or nil.
func (r *Registry) Internal(name string) *Func { return r.internal[name] }

// AddOperator registers an operator overload implemented by f, with a fresh OID.
func (r *Registry) AddOperator(name string, left, right types.OID, f *Func) *Operator {
	return r.AddOp(&Operator{Name: name, Left: left, Right: right, Func: f})
}

// AddOp registers an operator overload and returns it. OID 0 gets a fresh OID, so built-ins
// can carry their pg_operator OIDs.
func (r *Registry) AddOp(op *Operator) *Operator {
	if op.OID == 0 {
		op.OID = r.nextOID
		r.nextOID++
	}
	r.ops[op.Name] = append(r.ops[op.Name], op)
	r.allOps = append(r.allOps, op)
	return op
}

// Funcs returns the overloads of name.
func (r *Registry) Funcs(name string) []*Func { return r.funcs[name] }

// Operators returns the overloads of operator name.
func (r *Registry) Operators(name string) []*Operator { return r.ops[name] }

// All returns every function ordered by OID.
func (r *Registry) All() []*Func {
	out := append([]*Func(nil), r.all...)
	sort.Slice(out, func(i, j int) bool { return out[i].OID < out[j].OID })
	return out
}

// AllOperators returns every operator ordered by OID.
func (r *Registry) AllOperators() []*Operator { return append([]*Operator(nil), r.allOps...) }
