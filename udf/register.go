package udf

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/udf/logreg"
	"github.com/pgfast/pgfast/udf/qsim"
	"github.com/pgfast/pgfast/udf/tokenize"
)

// Register adds every built-in function, operator and aggregate to reg. Functions and
// operators carry PostgreSQL's pg_proc and pg_operator OIDs and names, so pg_catalog views
// built from the registry look like PostgreSQL's.
func Register(reg *catalog.Registry) {
	b := builder{reg}
	registerArith(b)
	registerCompare(b)
	registerFloatCross(b)
	registerMath(b)
	registerText(b)
	registerLike(b)
	registerRegex(b)
	registerSimilar(b)
	registerBytea(b)
	registerEncode(b)
	registerTextExtra(b)
	registerToChar(b)
	registerToCharDatetime(b)
	registerToNumber(b)
	registerTextFormat(b)
	registerDatetime(b)
	registerSession(b)
	registerSequences(b)
	registerAdvisoryLocks(b)
	registerCatalogCompare(b)
	registerCatalog(b)
	registerAdmin(b)
	registerStat(b)
	registerNotify(b)
	registerArrays(b)
	registerEnum(b)
	registerSeries(b)
	registerUUID(b)
	registerJSONB(b)
	registerJSON(b)
	registerJSONBuild(b)
	registerJSONAgg(b)
	registerJSONSets(b)
	registerJSONPopulate(b)
	registerJSONPath(b)
	registerJSONBPath(b)
	registerRecordCompare(b)
	registerJSONTypeIO(b)
	registerAggregates(b)
	registerWindow(b)
	// The families beyond PostgreSQL's functions, each in a package of its own, grouped
	// as built-in extensions (catalog.Extension).
	logreg.Register(reg)
	qsim.Register(reg)
	tokenize.Register(reg)
	registerFileFDW(b)
	registerKeywords(b)
	registerPartitions(b)
}

// builder adds descriptors with the defaults of almost every built-in: strict and immutable.
type builder struct{ reg *catalog.Registry }

// oids is shorthand for an argument type list.
func oids(ts ...types.OID) []types.OID { return ts }

// scalar registers a strict immutable scalar function.
func (b builder) scalar(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.ScalarImpl) *catalog.Func {
	return b.reg.AddFunc(&catalog.Func{
		OID: oid, Name: name, Kind: catalog.KindFunc, Args: args, Ret: ret,
		Strict: true, Volatility: catalog.Immutable, Scalar: impl,
	})
}

// alias registers another pg_proc entry sharing f's implementation (abs and int4abs, mod and
// int4mod are distinct rows of pg_proc with one C function).
func (b builder) alias(oid types.OID, name string, f *catalog.Func) *catalog.Func {
	g := *f
	g.OID, g.Name = oid, name
	return b.reg.AddFunc(&g)
}

// op registers an operator implemented by f. A prefix operator has left 0.
func (b builder) op(oid types.OID, name string, left, right types.OID, f *catalog.Func) {
	b.reg.AddOp(&catalog.Operator{OID: oid, Name: name, Left: left, Right: right, Func: f})
}

// aggregate registers an aggregate. Aggregates are not strict in pg_proc: their states skip
// NULL inputs themselves.
func (b builder) aggregate(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.AggImpl) *catalog.Func {
	return b.reg.AddFunc(&catalog.Func{
		OID: oid, Name: name, Kind: catalog.KindAggregate, Args: args, Ret: ret,
		Volatility: catalog.Immutable, Agg: impl,
	})
}
