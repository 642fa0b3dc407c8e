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

// decodedGroup is one row group being decoded: its batches, converted to the scan's
// schema, arrive on recs as they are decoded (so a LIMIT needs only the first), and err,
// set before recs is closed, is what stopped it.
type decodedGroup struct {
	recs chan arrow.Record
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
	groups := make([]*decodedGroup, len(rowGroups))
	for i, rg := range rowGroups {
		// Room for every batch of the group: a worker never blocks on it.
		batches := (md.RowGroup(rg).NumRows() + batchRows - 1) / batchRows
		groups[i] = &decodedGroup{recs: make(chan arrow.Record, batches+1)}
	}
	slots := make(chan struct{}, workers)
	var next atomic.Int64
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
		for _, g := range groups {
			drain(g.recs)
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc.decodeWorker(ctx, wctx, f, md, path, leaves, rowGroups, &next, slots, groups)
		}()
	}
	for _, g := range groups {
		for {
			var rec arrow.Record
			var ok bool
			select {
			case rec, ok = <-g.recs:
			case <-ctx.Done():
				return ctx.Err()
			}
			if !ok {
				break
			}
			counter.read(rec.NumRows())
			if err := send(rec); err != nil {
				return err
			}
		}
		if g.err != nil {
			return g.err
		}
		<-slots
	}
	return nil
}

// decodeWorker takes row groups in order and decodes each into batches of the scan's
// schema, handing them to the sender through the group's channel.
func (sc *fileScan) decodeWorker(ctx *executor.Ctx, wctx context.Context, f *os.File, md *metadata.FileMetaData, path string,
	leaves, rowGroups []int, next *atomic.Int64, slots chan struct{}, groups []*decodedGroup) {
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
		g := groups[i]
		if err != nil {
			g.err = badParquet(path, err)
		} else {
			g.err = sc.decodeRowGroup(&wc, fr, path, leaves, rowGroups[i], g.recs)
		}
		close(g.recs)
		if g.err != nil {
			return
		}
	}
}

// decodeRowGroup decodes row group rg into recs, stopping when ctx is done.
func (sc *fileScan) decodeRowGroup(ctx *executor.Ctx, fr *pqarrow.FileReader, path string, leaves []int, rg int, recs chan<- arrow.Record) error {
	rr, err := fr.GetRecordReader(ctx, leaves, []int{rg})
	if err != nil {
		return badParquet(path, err)
	}
	defer rr.Release()
	for ctx.Err() == nil && rr.Next() {
		out, err := sc.convert(ctx, rr.Record())
		if err != nil {
			return err
		}
		select {
		case recs <- out:
		case <-ctx.Done(): // (the channel has room for the group: this is only a safeguard)
			out.Release()
			return ctx.Err()
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		return badParquet(path, err)
	}
	return nil
}

// drain releases what a channel still holds, once nothing sends on it any more (it may
// be closed).
func drain(recs chan arrow.Record) {
	for {
		select {
		case r, ok := <-recs:
			if !ok {
				return
			}
			r.Release()
		default:
			return
		}
	}
}
