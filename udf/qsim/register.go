package qsim

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// MaxQubitsSetting names the setting that bounds a circuit's qubits.
const MaxQubitsSetting = "qsim.max_qubits"

const (
	defaultMaxQubits = 26 // a 1 GB statevector
	hardMaxQubits    = 30 // a 16 GB statevector
)

// Register adds the qsim extension and its functions to reg.
func Register(reg *catalog.Registry) {
	ext := reg.AddExtension(&catalog.Extension{Name: "qsim", Version: "1.0",
		Comment: "quantum circuit simulator: OpenQASM 2.0 statevectors, probabilities and sampled counts"})
	countCols := []catalog.OutCol{{Name: "bitstring", Type: types.Text}, {Name: "count", Type: types.Int4}}
	probCols := []catalog.OutCol{{Name: "bitstring", Type: types.Text}, {Name: "probability", Type: types.Float8}}
	add := func(name string, args []types.OID, argNames []string, vol catalog.Volatility, out []catalog.OutCol, desc string, impl catalog.SetImpl) {
		reg.AddFunc(&catalog.Func{Name: name, Kind: catalog.KindFunc, Args: args, ArgNames: argNames,
			Ret: types.Record, RetSet: true, Strict: true, Volatility: vol, Set: impl, OutCols: out,
			Desc: desc, Extension: ext})
	}
	i4, i8, text := types.Int4, types.Int8, types.Text
	hDesc := "measure a Hadamard gate on each qubit shots times"
	add("qsim_hadamard_counts", []types.OID{i4}, []string{"shots"}, catalog.Volatile, countCols, hDesc, hadamardCounts)
	add("qsim_hadamard_counts", []types.OID{i4, i4}, []string{"shots", "qubits"}, catalog.Volatile, countCols, hDesc, hadamardCounts)
	add("qsim_hadamard_counts", []types.OID{i4, i4, i8}, []string{"shots", "qubits", "seed"}, catalog.Immutable, countCols, hDesc, hadamardCounts)
	cDesc := "run an OpenQASM 2.0 circuit shots times and count the measured bitstrings"
	add("qsim_counts", []types.OID{text, i4}, []string{"qasm", "shots"}, catalog.Volatile, countCols, cDesc, qasmCounts)
	add("qsim_counts", []types.OID{text, i4, i8}, []string{"qasm", "shots", "seed"}, catalog.Immutable, countCols, cDesc, qasmCounts)
	add("qsim_probabilities", []types.OID{text}, []string{"qasm"}, catalog.Immutable, probCols,
		"the exact probability of every outcome of an OpenQASM 2.0 circuit", qasmProbabilities)
}

// hadamardCounts is qsim_hadamard_counts(shots [, qubits [, seed]]): the circuit that puts
// every qubit in superposition and measures it.
func hadamardCounts(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	qubits := int64(1)
	if len(args) > 1 {
		qubits = intArg(args[1])
	}
	limit, err := maxQubits(env)
	if err != nil {
		return nil, err
	}
	if qubits < 1 {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "qubits must be at least 1")
	}
	if qubits > int64(limit) {
		return nil, tooManyQubits(int(qubits), limit)
	}
	src := fmt.Sprintf("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[%d];\ncreg c[%d];\nh q;\nmeasure q -> c;\n", qubits, qubits)
	return countRows(env, src, args[0], seedArg(args, 2), limit)
}

// qasmCounts is qsim_counts(qasm, shots [, seed]).
func qasmCounts(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	limit, err := maxQubits(env)
	if err != nil {
		return nil, err
	}
	return countRows(env, stringArg(args[0]), args[1], seedArg(args, 2), limit)
}

func countRows(env *catalog.FuncEnv, src string, shotsArg scalar.Scalar, seed uint64, limit int) (catalog.RowSource, error) {
	shots := intArg(shotsArg)
	if shots < 1 {
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "shots must be at least 1")
	}
	c, s, err := simulate(ctx(env), src, limit)
	if err != nil {
		return nil, err
	}
	om := newOutcomeMap(c, s)
	return &rowSource{om: om, rows: s.counts(om, shots, seed), counts: true}, nil
}

// qasmProbabilities is qsim_probabilities(qasm).
func qasmProbabilities(env *catalog.FuncEnv, args []scalar.Scalar) (catalog.RowSource, error) {
	limit, err := maxQubits(env)
	if err != nil {
		return nil, err
	}
	c, s, err := simulate(ctx(env), stringArg(args[0]), limit)
	if err != nil {
		return nil, err
	}
	om := newOutcomeMap(c, s)
	return &rowSource{om: om, rows: s.probabilities(om)}, nil
}

// simulate compiles and runs a program.
func simulate(ctx context.Context, src string, limit int) (*circuit, *state, error) {
	c, err := parse(ctx, src, limit)
	if err != nil {
		return nil, nil, err
	}
	s := newState(ctx, c.qubits, c.gateQubits())
	if err := s.run(c.ops); err != nil {
		return nil, nil, err
	}
	return c, s, nil
}

// maxQubits reads qsim.max_qubits from the session: the default when it is not set.
func maxQubits(env *catalog.FuncEnv) (int, error) {
	if env.Session == nil || env.Session.Setting == nil {
		return defaultMaxQubits, nil
	}
	v, err := env.Session.Setting(MaxQubitsSetting)
	if err != nil || strings.TrimSpace(v) == "" {
		return defaultMaxQubits, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", MaxQubitsSetting, v)
	}
	if n < 1 || n > hardMaxQubits {
		return 0, pgerror.Newf(pgcode.InvalidParameterValue, "%d is outside the valid range for parameter \"%s\" (1 .. %d)", n, MaxQubitsSetting, hardMaxQubits)
	}
	return n, nil
}

func ctx(env *catalog.FuncEnv) context.Context {
	if env.Ctx != nil {
		return env.Ctx
	}
	return context.Background()
}

func allocator(env *catalog.FuncEnv) memory.Allocator {
	if env.Mem != nil {
		return env.Mem
	}
	return memory.DefaultAllocator
}

func intArg(s scalar.Scalar) int64 {
	switch v := s.(type) {
	case *scalar.Int32:
		return int64(v.Value)
	case *scalar.Int64:
		return v.Value
	}
	return 0
}

func stringArg(s scalar.Scalar) string {
	if v, ok := s.(*scalar.String); ok {
		return string(v.Value.Bytes())
	}
	return ""
}

// seedArg returns the seed argument at i, or a random seed when the call has none.
func seedArg(args []scalar.Scalar, i int) uint64 {
	if len(args) > i {
		return uint64(intArg(args[i]))
	}
	return rand.Uint64()
}

// rowSource turns a result's rows into batches of (bitstring, count) or (bitstring,
// probability) columns as they are asked for.
type rowSource struct {
	om     *outcomeMap
	rows   outcomeRows
	counts bool
}

var _ catalog.RowSource = (*rowSource)(nil)

func (r *rowSource) Next(env *catalog.FuncEnv, max int) ([]arrow.Array, int, error) {
	mem := allocator(env)
	bs := array.NewStringBuilder(mem)
	defer bs.Release()
	vals := array.Builder(array.NewFloat64Builder(mem))
	if r.counts {
		vals = array.NewInt32Builder(mem)
	}
	defer vals.Release()
	n := 0
	for ; n < max; n++ {
		o, ok := r.rows.next()
		if !ok {
			break
		}
		bs.Append(r.om.bitstring(o.value))
		switch b := vals.(type) {
		case *array.Int32Builder:
			b.Append(int32(o.count))
		case *array.Float64Builder:
			b.Append(o.prob)
		}
	}
	if n == 0 {
		return nil, 0, nil
	}
	return []arrow.Array{bs.NewArray(), vals.NewArray()}, n, nil
}
