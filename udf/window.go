package udf

import (
	"github.com/apache/arrow/go/v17/arrow"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Window functions (pg_proc.prokind 'w') compute over whole partitions at once: the executor
// hands them every row of one or more partitions in window order together with partition,
// peer-group and frame boundaries (catalog.WindowInput). The ranking functions are loops over
// those boundaries; the value functions (lag, lead, first_value, last_value, nth_value) pick
// one row per output row and gather the picks in one typed pass (window_take.go).

func registerWindow(b builder) {
	win := func(oid types.OID, name string, args []types.OID, ret types.OID, impl catalog.WindowImpl) {
		f := &catalog.Func{OID: oid, Name: name, Kind: catalog.KindWindow, Args: args, Ret: ret,
			Strict: len(args) > 0, Volatility: catalog.Immutable, Window: impl}
		if ret == types.AnyElement {
			f.ReturnType = func(args []types.T) types.T { return args[0] }
		}
		b.reg.AddFunc(f)
	}
	win(3100, "row_number", nil, types.Int8, rowNumber)
	win(3101, "rank", nil, types.Int8, rank)
	win(3102, "dense_rank", nil, types.Int8, denseRank)
	win(3103, "percent_rank", nil, types.Float8, percentRank)
	win(3104, "cume_dist", nil, types.Float8, cumeDist)
	win(3105, "ntile", oids(types.Int4), types.Int4, ntile)
	anyT := types.AnyElement
	// lag and lead with a default are anycompatible in PostgreSQL: the planner unifies the
	// value and default types before binding.
	win(3106, "lag", oids(anyT), anyT, lagLead(-1))
	win(3107, "lag", oids(anyT, types.Int4), anyT, lagLead(-1))
	win(3108, "lag", oids(anyT, types.Int4, anyT), anyT, lagLead(-1))
	win(3109, "lead", oids(anyT), anyT, lagLead(1))
	win(3110, "lead", oids(anyT, types.Int4), anyT, lagLead(1))
	win(3111, "lead", oids(anyT, types.Int4, anyT), anyT, lagLead(1))
	win(3112, "first_value", oids(anyT), anyT, firstValue)
	win(3113, "last_value", oids(anyT), anyT, lastValue)
	win(3114, "nth_value", oids(anyT, types.Int4), anyT, nthValue)
}

// windowRows returns the number of rows of a window input.
func windowRows(in *catalog.WindowInput) int {
	if len(in.Partitions) == 0 {
		return 0
	}
	return int(in.Partitions[len(in.Partitions)-1])
}

// int8Window fills an int8 result row by row from val(partition start, peer group index in
// partition, peer group [start, end), row).
func int8Window(env *catalog.FuncEnv, in *catalog.WindowInput, val func(partStart, group, peerStart, row int) int64) arrow.Array {
	n := windowRows(in)
	buf, out := newFixed[int64](allocator(env), n)
	forPeers(in, func(ps, g, s, e int) {
		for i := s; i < e; i++ {
			out[i] = val(ps, g, s, i)
		}
	})
	return makeArray(arrow.PrimitiveTypes.Int64, n, nil, 0, buf)
}

// forPeers calls fn for every peer group [s, e) with its partition's first row ps and its
// index g within the partition.
func forPeers(in *catalog.WindowInput, fn func(ps, g, s, e int)) {
	p, g := 0, 0
	for k := 0; k+1 < len(in.Peers); k++ {
		s, e := int(in.Peers[k]), int(in.Peers[k+1])
		if s >= int(in.Partitions[p+1]) {
			for s >= int(in.Partitions[p+1]) {
				p++
			}
			g = 0
		}
		fn(int(in.Partitions[p]), g, s, e)
		g++
	}
}

func rowNumber(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	return int8Window(env, in, func(ps, _, _, i int) int64 { return int64(i - ps + 1) }), nil
}

func rank(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	return int8Window(env, in, func(ps, _, s, _ int) int64 { return int64(s - ps + 1) }), nil
}

func denseRank(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	return int8Window(env, in, func(_, g, _, _ int) int64 { return int64(g + 1) }), nil
}

// float8Window fills a float8 result per peer group from (partition start, partition end,
// peer start, peer end).
func float8Window(env *catalog.FuncEnv, in *catalog.WindowInput, val func(ps, pe, s, e int) float64) arrow.Array {
	n := windowRows(in)
	buf, out := newFixed[float64](allocator(env), n)
	p := 0
	for k := 0; k+1 < len(in.Peers); k++ {
		s, e := int(in.Peers[k]), int(in.Peers[k+1])
		for s >= int(in.Partitions[p+1]) {
			p++
		}
		v := val(int(in.Partitions[p]), int(in.Partitions[p+1]), s, e)
		for i := s; i < e; i++ {
			out[i] = v
		}
	}
	return makeArray(arrow.PrimitiveTypes.Float64, n, nil, 0, buf)
}

func percentRank(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	return float8Window(env, in, func(ps, pe, s, _ int) float64 {
		if pe-ps <= 1 {
			return 0
		}
		return float64(s-ps) / float64(pe-ps-1)
	}), nil
}

func cumeDist(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	return float8Window(env, in, func(ps, pe, _, e int) float64 { return float64(e-ps) / float64(pe-ps) }), nil
}

// ntile reads its bucket count from each partition's first row, as PostgreSQL does: with
// n rows and b buckets the first n%b buckets get one row more than the others.
func ntile(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
	n := windowRows(in)
	mem := allocator(env)
	buf, out := newFixed[int32](mem, n)
	arg := in.Args[0]
	vals, v := values[int32](arg), validityOf(arg)
	var nullRows []int
	for k := 0; k+1 < len(in.Partitions); k++ {
		ps, pe := int(in.Partitions[k]), int(in.Partitions[k+1])
		if ps == pe {
			continue
		}
		if !v.ok(ps) {
			for i := ps; i < pe; i++ {
				nullRows = append(nullRows, i)
			}
			continue
		}
		buckets := int(vals[ps])
		if buckets <= 0 {
			buf.Release()
			return nil, pgerror.New(pgcode.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
		}
		rows := pe - ps
		per, extra := rows/buckets, rows%buckets
		i := ps
		for b := 1; b <= buckets && i < pe; b++ {
			size := per
			if b <= extra {
				size++
			}
			for j := 0; j < size; j++ {
				out[i] = int32(b)
				i++
			}
		}
	}
	valid, nulls := rowsToValidity(mem, n, nullRows)
	return makeArray(arrow.PrimitiveTypes.Int32, n, valid, nulls, buf), nil
}

// lagLead returns lag (dir -1) or lead (dir 1): the value offset rows before or after the
// current row within its partition, or the default (NULL without one) past its edges. A NULL
// offset gives NULL.
func lagLead(dir int) catalog.WindowImpl {
	return func(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
		n := windowRows(in)
		picks := make([]int32, n) // >= 0: row of Args[0]; -1: NULL; -2: row of the default
		var offs []int32
		var ov rowValidity
		if len(in.Args) > 1 {
			offs, ov = values[int32](in.Args[1]), validityOf(in.Args[1])
		}
		hasDefault := len(in.Args) > 2
		for k := 0; k+1 < len(in.Partitions); k++ {
			ps, pe := int(in.Partitions[k]), int(in.Partitions[k+1])
			for i := ps; i < pe; i++ {
				off := 1
				if offs != nil {
					if !ov.ok(i) {
						picks[i] = -1
						continue
					}
					off = int(offs[i])
				}
				j := i + dir*off
				switch {
				case j >= ps && j < pe:
					picks[i] = int32(j)
				case hasDefault:
					picks[i] = -2 - int32(i)
				default:
					picks[i] = -1
				}
			}
		}
		if !hasDefault {
			return takeRows(allocator(env), in.Args[0], picks)
		}
		return takeRows2(allocator(env), in.Args[0], in.Args[2], picks)
	}
}

// framePick builds a value function choosing, per row, one row of its frame (or -1).
func framePick(pick func(in *catalog.WindowInput, i int) (int32, error)) catalog.WindowImpl {
	return func(env *catalog.FuncEnv, in *catalog.WindowInput) (arrow.Array, error) {
		n := windowRows(in)
		picks := make([]int32, n)
		for i := range picks {
			p, err := pick(in, i)
			if err != nil {
				return nil, err
			}
			picks[i] = p
		}
		return takeRows(allocator(env), in.Args[0], picks)
	}
}

var firstValue = framePick(func(in *catalog.WindowInput, i int) (int32, error) {
	if in.FrameStart[i] >= in.FrameEnd[i] {
		return -1, nil
	}
	return in.FrameStart[i], nil
})

var lastValue = framePick(func(in *catalog.WindowInput, i int) (int32, error) {
	if in.FrameStart[i] >= in.FrameEnd[i] {
		return -1, nil
	}
	return in.FrameEnd[i] - 1, nil
})

var nthValue = framePick(func(in *catalog.WindowInput, i int) (int32, error) {
	nth := in.Args[1]
	if !validityOf(nth).ok(i) {
		return -1, nil
	}
	k := values[int32](nth)[i]
	if k <= 0 {
		return 0, pgerror.New(pgcode.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
	}
	j := int64(in.FrameStart[i]) + int64(k) - 1
	if j >= int64(in.FrameEnd[i]) {
		return -1, nil
	}
	return int32(j), nil
})
