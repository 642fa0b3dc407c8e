package filescan

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/parquet/file"
	"github.com/apache/arrow/go/v17/parquet/metadata"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/pgfast/pgfast/executor"
)

// decodedGroup is one row group decoded and converted to the scan's schema, or the error
// that stopped it.
type decodedGroup struct {
	recs []arrow.Record
	err  error
}

// parallelRowGroups decodes the kept row groups on up to ctx.Workers goroutines, each
// with a reader of its own over the file, and sends their batches in file order. Decoding
// (decompression above all) is most of a Parquet scan's work, and the executor's pipeline
// above the scan is parallel already, so one decoding goroutine would be its bottleneck.
//
// Memory stays bounded: a worker takes a slot before it takes the next row group and the
// sender frees the slot once it has sent that group, so at most workers row groups are
// decoded and not yet sent. Taking the slot first also means the lowest row group not yet
// sent is always being decoded, so the sender always makes progress.
func (sc *fileScan) parallelRowGroups(ctx *executor.Ctx, f *os.File, md *metadata.FileMetaData, path string,
	leaves, rowGroups []int, counter *groupCounter, send func(arrow.Record) error) error {
	workers := min(ctx.Workers, len(rowGroups))
	results := make([]chan decodedGroup, len(rowGroups))
	for i := range results {
		results[i] = make(chan decodedGroup, 1) // each written once: a worker never blocks on it
	}
	slots := make(chan struct{}, workers)
	var next atomic.Int64
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
		for _, ch := range results {
			select {
			case g := <-ch:
				releaseAll(g.recs)
			default:
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc.decodeWorker(ctx, wctx, f, md, path, leaves, rowGroups, &next, slots, results)
		}()
	}
	for i := range rowGroups {
		var g decodedGroup
		select {
		case g = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if g.err != nil {
			releaseAll(g.recs)
			return g.err
		}
		for j, rec := range g.recs {
			counter.read(rec.NumRows())
			if err := send(rec); err != nil {
				releaseAll(g.recs[j+1:])
				return err
			}
		}
		<-slots
	}
	return nil
}

// decodeWorker takes row groups in order, decodes each whole into records of the scan's
// schema and hands them to the sender through results.
func (sc *fileScan) decodeWorker(ctx *executor.Ctx, wctx context.Context, f *os.File, md *metadata.FileMetaData, path string,
	leaves, rowGroups []int, next *atomic.Int64, slots chan struct{}, results []chan decodedGroup) {
	wc := *ctx
	wc.Context = wctx
	pf, err := file.NewParquetReader(f, file.WithMetadata(md))
	var fr *pqarrow.FileReader
	if err == nil {
		fr, err = pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: batchRows}, ctx.Mem)
	}
	for {
		select {
		case slots <- struct{}{}:
		case <-wctx.Done():
			return
		}
		i := int(next.Add(1) - 1)
		if i >= len(rowGroups) {
			<-slots
			return
		}
		var g decodedGroup
		if err != nil {
			g.err = badParquet(path, err)
		} else {
			g = sc.decodeRowGroup(&wc, fr, path, leaves, rowGroups[i])
		}
		results[i] <- g
		if g.err != nil {
			return
		}
	}
}

func (sc *fileScan) decodeRowGroup(ctx *executor.Ctx, fr *pqarrow.FileReader, path string, leaves []int, rg int) decodedGroup {
	var g decodedGroup
	rr, err := fr.GetRecordReader(ctx, leaves, []int{rg})
	if err != nil {
		g.err = badParquet(path, err)
		return g
	}
	defer rr.Release()
	for rr.Next() {
		out, err := sc.convert(ctx, rr.Record())
		if err != nil {
			g.err = err
			return g
		}
		g.recs = append(g.recs, out)
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) && ctx.Err() == nil {
		g.err = badParquet(path, err)
	} else if ctx.Err() != nil {
		g.err = ctx.Err()
	}
	return g
}

func releaseAll(recs []arrow.Record) {
	for _, r := range recs {
		r.Release()
	}
}
