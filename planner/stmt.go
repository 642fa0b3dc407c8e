package planner

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// StmtKind says what a prepared statement does, and so how the executor runs it.
type StmtKind byte

// Statement kinds.
const (
	StmtEmpty       StmtKind = iota // empty query string or only comments
	StmtQuery                       // SELECT, VALUES, TABLE: returns rows
	StmtInsert                      // INSERT ... VALUES / SELECT
	StmtCreateTable                 // CREATE TABLE, with Query for CREATE TABLE AS
	StmtDropTable
	StmtCopyFrom // COPY t FROM STDIN
	StmtCopyTo   // COPY t|(query) TO STDOUT
	StmtBegin    // BEGIN [ISOLATION LEVEL SetValue]
	StmtCommit
	StmtRollback
	StmtSavepoint  // SAVEPOINT Savepoint
	StmtRelease    // RELEASE [SAVEPOINT] Savepoint
	StmtRollbackTo // ROLLBACK TO [SAVEPOINT] Savepoint
	StmtSet        // SET name = value / RESET
	StmtShow       // SHOW name: returns one row
	StmtNoop       // accepted and ignored (LISTEN, ...): reports Tag
	StmtDiscard    // DISCARD ALL | PLANS | SEQUENCES | TEMP: SetName is the target
	StmtExplain
	StmtCopyFromFile        // COPY t FROM 'file': the server reads the file
	StmtCopyToFile          // COPY t|(query) TO 'file': the server writes the file
	StmtDelete              // DELETE: Query yields row identifiers (and RETURNING values)
	StmtUpdate              // UPDATE: Query yields row identifiers, new rows (and RETURNING values)
	StmtTruncate            // TRUNCATE: the tables are in Truncate
	StmtAlterTable          // ALTER TABLE, including RENAME: Alter (nil when IF EXISTS skipped it)
	StmtPrepare             // PREPARE: Prepare is bound and kept under PrepName
	StmtExecute             // EXECUTE: runs PrepName with the arguments Query yields (one row)
	StmtDeallocate          // DEALLOCATE PrepName, or all when PrepName is ""
	StmtCreateType          // CREATE TYPE / CREATE DOMAIN: TypeDef (OIDs assigned on execution)
	StmtAlterType           // ALTER TYPE / ALTER DOMAIN: TypeDef is the new definition (nil when skipped)
	StmtDropType            // DROP TYPE / DROP DOMAIN: DropTypes
	StmtAnalyze             // ANALYZE: statistics of the tables in Analyze (every table when empty)
	StmtCheckpoint          // CHECKPOINT: fold the write-ahead log into the stored tables
	StmtCreateServer        // CREATE SERVER: Server (OID assigned on execution)
	StmtDropServer          // DROP SERVER: DropServers
	StmtImportForeignSchema // IMPORT FOREIGN SCHEMA: the foreign tables Imports
	StmtCreateSchema        // CREATE SCHEMA SchemaName (empty when IF NOT EXISTS skipped it)
	StmtAlterSchema         // ALTER SCHEMA RENAME: schema SchemaOID becomes SchemaName
	StmtDropSchema          // DROP SCHEMA: DropSchemas, after the relations Drop and types DropTypes
	StmtDeclareCursor       // DECLARE: opens Inner's query as cursor Cursor.Name
	StmtFetch               // FETCH or MOVE (Cursor.Move) Cursor.Count rows of cursor Cursor.Name
	StmtCloseCursor         // CLOSE Cursor.Name, or every cursor when it is ""
	StmtRoleDDL             // CREATE/ALTER/DROP ROLE, GRANT/REVOKE role: PutRoles, DropRoles
	StmtGrant               // GRANT/REVOKE, COMMENT ON: relations (Regrants) and schemas (SchemaGrants) redefined
	StmtSetConstraints      // SET CONSTRAINTS: Constraints
	StmtRefresh             // REFRESH MATERIALIZED VIEW: Query's rows replace those of Table
	StmtFunctionDDL         // CREATE/ALTER/DROP FUNCTION or PROCEDURE: PutFunc stored, DropFuncs dropped
	StmtCall                // CALL: Query (one row, maybe no columns) runs the procedure's body
	StmtListen              // LISTEN SetName
	StmtUnlisten            // UNLISTEN SetName, or every channel when it is ""
	StmtNotify              // NOTIFY SetName with payload SetValue
	StmtDatabase            // CREATE/DROP/ALTER DATABASE, COMMENT ON DATABASE: Database
)

// ConstraintMode is SET CONSTRAINTS: the deferrable constraints (All, or the foreign keys
// Keys) become deferred or immediate.
type ConstraintMode struct {
	All      bool
	Keys     []types.OID
	Deferred bool
}

// CopyFormat is the COPY data format.
type CopyFormat byte

// COPY formats.
const (
	CopyText CopyFormat = iota
	CopyCSV
	CopyBinary
)

// CopyOptions are COPY's WITH options, defaulted as PostgreSQL does.
type CopyOptions struct {
	Format    CopyFormat
	Delimiter byte   // '\t' for text, ',' for csv
	Null      string // `\N` for text, "" for csv
	Header    bool
	Quote     byte // csv only
	Escape    byte // csv only
	// DefaultCols are the table's columns COPY FROM does not read that have a DEFAULT, and
	// Defaults their bound expressions, evaluated for every batch of rows written.
	DefaultCols []int
	Defaults    []Expr
	// Checks enforce the domains of COPY FROM's columns: Checks[i], when not nil, is over
	// the parsed batch (column i is target column i) and fails on a value column i's
	// domain refuses.
	Checks []Expr
}

// Upsert is what ON CONFLICT DO UPDATE does to the row a proposed row conflicts with: Set
// holds the new value of every column and Where (nil: always) decides whether it changes,
// both over the existing row's columns followed by the proposed row's (excluded);
// Returning holds the RETURNING expressions over a row inserted or updated.
type Upsert struct {
	Set       []Expr
	Where     Expr
	Returning []Expr
}

// Statement is a statement ready to run: bound against one catalog snapshot, with its
// parameter types and result columns known. It is immutable and may be executed many times
// (the extended protocol's prepared statements); the executor re-checks that the tables it
// names still exist when it runs.
type Statement struct {
	Kind StmtKind
	// PutFuncs are the functions CREATE/ALTER FUNCTION and GRANT store (OID 0: a new one)
	// and DropFuncs the functions DROP FUNCTION removes (StmtFunctionDDL).
	PutFuncs  []*catalog.FuncDef
	DropFuncs []types.OID
	// Body holds the statements CALL runs, in order (StmtCall).
	Body []*Statement
	// Tag is the command tag (without row count): "SELECT", "INSERT", "CREATE TABLE", ...
	Tag string
	// Params are the types of $1..$n, inferred where the client did not give them.
	Params []types.T
	// Result describes the rows returned (StmtQuery, StmtShow, StmtExplain; nil otherwise).
	Result []Column

	// Query is the plan producing rows for SELECT, INSERT's source, CREATE TABLE AS and
	// COPY (query) TO. For DELETE its columns are the row identifier of each target row
	// followed by the RETURNING values; for UPDATE, the row identifier, the new value of
	// every column of Table, then the RETURNING values (described by Result).
	Query Plan
	// Locking, for SELECT ... FOR UPDATE and its relatives, says which rows of Query to lock
	// (bind_rowlock.go); Query then has more columns than Result.
	Locking *RowLocking
	// Table is the target of INSERT, DELETE, UPDATE and COPY FROM, and the source of COPY
	// table TO.
	Table *catalog.TableDef
	// KeyUpdate is set for an UPDATE that assigns a column of a unique index: it locks its
	// rows as FOR UPDATE, other UPDATEs as FOR NO KEY UPDATE.
	KeyUpdate bool
	// TargetJoined is set for DELETE ... USING and UPDATE ... FROM, whose Query may yield a
	// target row more than once; only its first occurrence counts.
	TargetJoined bool
	// TargetCols maps each column of Query (INSERT) or of the COPY data to a column ordinal
	// of Table. Table columns not listed receive NULL.
	TargetCols []int
	// OnConflictSkip is INSERT ... ON CONFLICT DO NOTHING: rows whose key in one of the
	// unique indexes Arbiters a row already has are not inserted.
	OnConflictSkip bool
	Arbiters       []types.OID
	// ConflictTarget is set when ON CONFLICT names its arbiters (columns or a constraint);
	// without a target DO NOTHING skips a conflict in any unique index (EXPLAIN lists none).
	ConflictTarget bool
	// TargetAlias is the alias INSERT, UPDATE or DELETE gives its target table, for EXPLAIN.
	TargetAlias string
	// Upsert is INSERT ... ON CONFLICT DO UPDATE, whose Query yields whole proposed rows.
	Upsert *Upsert
	// Checks are the CHECK constraints of Table that the new rows of INSERT, UPDATE and
	// COPY FROM must pass.
	Checks []CheckExpr

	// Create is the table to create (its OID is assigned on execution).
	Create *catalog.TableDef
	// CreateOwned are sequences created with table Create and owned by it (serial columns).
	CreateOwned []*catalog.TableDef
	IfNotExists bool
	// OrReplace is CREATE OR REPLACE VIEW: an existing view of the name is replaced.
	OrReplace bool

	// Constraints is SET CONSTRAINTS'.
	Constraints *ConstraintMode
	// SeqRestart is ALTER SEQUENCE ... RESTART's: the value the sequence gives next.
	SeqRestart *int64

	// Drop lists the tables to drop; names that do not exist are in Missing (IF EXISTS).
	// Cascaded are the other tables DROP ... CASCADE alters: foreign keys of theirs
	// referencing a dropped table go with it.
	Drop     []*catalog.TableDef
	Missing  []string
	IfExists bool
	Cascaded []*AlterTable

	// TypeDef is the user-defined type CREATE TYPE creates or ALTER TYPE leaves; enum labels
	// with OID 0 are new. DropTypes are the types DROP TYPE removes (dependencies checked).
	TypeDef   *catalog.TypeDef
	DropTypes []*catalog.TypeDef
	// DomainChecks are the checks of stored data ALTER DOMAIN makes before changing the
	// domain (SET NOT NULL, ADD CONSTRAINT).
	DomainChecks []DomainValidation

	// Server is the foreign server CREATE SERVER creates (nil when IF NOT EXISTS skipped
	// it); DropServers names the servers DROP SERVER removes (dependencies checked).
	Server      *catalog.ForeignServer
	DropServers []string
	// Imports are the foreign tables IMPORT FOREIGN SCHEMA creates (OIDs assigned on
	// execution).
	Imports []*catalog.TableDef

	// SchemaName, SchemaOwner and SchemaOID are CREATE and ALTER SCHEMA's; DropSchemas are
	// the schemas DROP SCHEMA removes. SchemaElements are the statements CREATE SCHEMA
	// holds, in the order they run, bound once the schema exists.
	SchemaElements []*Parsed
	SchemaName     string
	SchemaOwner    string
	SchemaOID      types.OID
	DropSchemas    []*catalog.SchemaDef
	// Rewrites are the relations ALTER SCHEMA RENAME changes the stored SQL of.
	Rewrites []*catalog.TableDef

	// Database is the statement on a database of StmtDatabase.
	Database *DatabaseStmt
	// PutRoles are the role definitions role DDL stores (OID 0: a new role) and DropRoles
	// the roles it drops; NewRoleMembers are the members CREATE ROLE ... ROLE/ADMIN gives
	// the new role, PutRoles[0].
	PutRoles       []*catalog.RoleDef
	DropRoles      []*catalog.RoleDef
	NewRoleMembers *RoleMembers
	// Regrants are the relations and SchemaGrants the schemas GRANT, REVOKE and COMMENT ON
	// leave with new access control lists or comments.
	Regrants     []*catalog.TableDef
	SchemaGrants []*catalog.SchemaDef

	// Truncate lists the tables TRUNCATE empties.
	Truncate []*catalog.TableDef
	// Analyze lists the tables ANALYZE summarises; empty means all.
	Analyze []*catalog.TableDef
	// Alter is the table definition ALTER TABLE produces.
	Alter *AlterTable
	// Notices are reported when the statement runs (IF [NOT] EXISTS skipping a change).
	Notices []Notice

	Copy *CopyOptions
	// CopyFile is the server-side file of COPY ... FROM/TO 'file'.
	CopyFile string

	// SetName and SetValue are SET's (or SHOW's) variable; SetValue "" with StmtSet is RESET.
	SetName  string
	SetValue string
	// SetLocal marks SET LOCAL, which lasts until the end of the transaction block.
	SetLocal bool
	// ReadOnly is the access mode BEGIN, SET TRANSACTION (SetLocal) or SET SESSION
	// CHARACTERISTICS name: "on" for READ ONLY, "off" for READ WRITE, "" for none.
	ReadOnly string
	// Deferrable is the DEFERRABLE (on) or NOT DEFERRABLE (off) of BEGIN, SET TRANSACTION or
	// SET SESSION CHARACTERISTICS, "" for none.
	Deferrable string
	// Chain marks COMMIT AND CHAIN and ROLLBACK AND CHAIN: a new block with the same
	// characteristics starts at once.
	Chain bool

	// Cursor describes DECLARE, FETCH, MOVE and CLOSE.
	Cursor *CursorOp
	// Savepoint names the savepoint of SAVEPOINT, RELEASE and ROLLBACK TO.
	Savepoint string
	// PrepName names the prepared statement of PREPARE, EXECUTE and DEALLOCATE.
	PrepName string
	// Prepare is PREPARE's statement, bound when PREPARE runs with PrepareTypes, its
	// declared parameter types (0: inferred).
	Prepare      *Parsed
	PrepareTypes []types.OID

	// Explain holds EXPLAIN's options, Inner the statement explained (its Query is the
	// optimized plan), and Estimates the optimizer's row estimate of each of its plan nodes.
	Explain   *ExplainOptions
	Inner     *Statement
	Estimates map[Plan]float64
}
