package storage

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The bank of the kill test: bankAccounts accounts (id primary key, balance), all starting
// at 0, and a history of every transfer's two legs (account, delta). A transfer updates two
// accounts (delete and insert, as UPDATE does) and appends two history rows in one
// transaction, so after any crash the balances must sum to zero, each must equal its
// history's deltas, and the history must hold every acknowledged transfer and at most the
// ones in flight.
const bankAccounts = 10

// transferWorkers is how many goroutines transfer at once: the first half retry on
// conflicts, the second half lock their accounts first (lockedTransfer).
const transferWorkers = 4

func pairTable(name, a, b string) catalog.TableDef {
	return catalog.TableDef{Name: name, Columns: []catalog.Column{
		{Name: a, Type: types.TInt8, NotNull: true}, {Name: b, Type: types.TInt8, NotNull: true}}}
}

// pairRecord builds rows of two int8 columns.
func pairRecord(def *catalog.TableDef, rows ...[2]int64) arrow.Record {
	b := array.NewRecordBuilder(memory.DefaultAllocator, def.ArrowSchema())
	defer b.Release()
	for _, r := range rows {
		b.Field(0).(*array.Int64Builder).Append(r[0])
		b.Field(1).(*array.Int64Builder).Append(r[1])
	}
	return b.NewRecord()
}

func createBank(t testing.TB, tx *Txn) (accounts, history *catalog.TableDef) {
	def := pairTable("accounts", "id", "balance")
	def.Indexes = []catalog.IndexDef{{Name: "accounts_pkey", Columns: []int{0}, Unique: true, Primary: true, Constraint: true}}
	accounts = mustCreate(t, tx, def)
	history = mustCreate(t, tx, pairTable("history", "account", "delta"))
	var rows [][2]int64
	for i := range int64(bankAccounts) {
		rows = append(rows, [2]int64{i, 0})
	}
	mustInsert(t, tx, accounts.OID, pairRecord(accounts, rows...))
	return accounts, history
}

// startTransfers runs transferWorkers goroutines that transfer money until the process
// dies, printing the number of acknowledged transfers after each.
func startTransfers(s *Store, accounts, history *catalog.TableDef) {
	var (
		done  atomic.Int64
		locks [bankAccounts]sync.Mutex
	)
	for w := range uint64(transferWorkers) {
		go func() {
			rng := rand.New(rand.NewPCG(w, 7))
			for {
				from := rng.Int64N(bankAccounts)
				to := (from + 1 + rng.Int64N(bankAccounts-1)) % bankAccounts
				if w < transferWorkers/2 {
					transfer(s, accounts, history, from, to, 1+rng.Int64N(100))
				} else {
					lockedTransfer(s, accounts, history, &locks, from, to, 1+rng.Int64N(100))
				}
				fmt.Printf("transfers %d\n", done.Add(1))
			}
		}()
	}
}

// transfer moves amount from one account to another, retrying while it loses to
// concurrent commits.
func transfer(s *Store, accounts, history *catalog.TableDef, from, to, amount int64) {
	for {
		err := tryTransfer(s.Begin(), accounts, history, from, to, amount, nil)
		if err == nil {
			return
		}
		exitUnlessConflict(err)
	}
}

// lockedTransfer moves amount as the executor's writers do: it locks both accounts, reads
// them in the newest logged version (RecheckSnapshot: the previous holder of a lock lets
// go of it once its commit is logged, before it is durable), and lets go of its locks
// once its own commit is logged (CommitReleasing). It still retries on conflicts with the
// transfers that take no locks.
func lockedTransfer(s *Store, accounts, history *catalog.TableDef, locks *[bankAccounts]sync.Mutex, from, to, amount int64) {
	first, second := &locks[min(from, to)], &locks[max(from, to)]
	first.Lock()
	second.Lock()
	var once sync.Once
	unlock := func() { once.Do(func() { second.Unlock(); first.Unlock() }) }
	defer unlock()
	for {
		tx := s.Begin()
		err := tx.RecheckSnapshot()
		if err == nil {
			err = tryTransfer(tx, accounts, history, from, to, amount, unlock)
		} else {
			tx.Rollback()
		}
		if err == nil {
			return
		}
		exitUnlessConflict(err)
	}
}

// exitUnlessConflict ends the child on any error but a write conflict.
func exitUnlessConflict(err error) {
	if code := pgerror.GetCode(err); code != pgcode.TRSerializationFailure {
		fmt.Println("error", err)
		os.Exit(2)
	}
}

// tryTransfer runs one transfer in tx and commits it, calling release (when not nil) once
// the commit is logged.
func tryTransfer(tx *Txn, accounts, history *catalog.TableDef, from, to, amount int64, release func()) error {
	recs, rids, err := tx.RowIDBatches(accounts.OID)
	if err != nil {
		tx.Rollback()
		return err
	}
	var del []int64
	bal := map[int64]int64{}
	for i, r := range recs {
		for j, id := range r.Column(0).(*array.Int64).Int64Values() {
			if id == from || id == to {
				del = append(del, rids[i].Value(j))
				bal[id] = r.Column(1).(*array.Int64).Value(j)
			}
		}
	}
	if len(del) != 2 {
		tx.Rollback()
		return fmt.Errorf("accounts %d and %d: found %d rows", from, to, len(del))
	}
	upd := pairRecord(accounts, [2]int64{from, bal[from] - amount}, [2]int64{to, bal[to] + amount})
	legs := pairRecord(history, [2]int64{from, -amount}, [2]int64{to, amount})
	defer upd.Release()
	defer legs.Release()
	if err := tx.Delete(accounts.OID, del); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Insert(accounts.OID, upd); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Insert(history.OID, legs); err != nil {
		tx.Rollback()
		return err
	}
	return tx.CommitReleasing(release)
}

// checkBank checks the bank's invariants in a recovered store and returns how many
// transfers it holds.
func checkBank(t *testing.T, tx *Txn, round int) int64 {
	t.Helper()
	pairs := func(name string) [][2]int64 {
		recs, err := tx.Batches(oidOf(t, tx, name))
		if err != nil {
			t.Fatal(err)
		}
		var out [][2]int64
		for _, r := range recs {
			a, b := r.Column(0).(*array.Int64), r.Column(1).(*array.Int64)
			for i := range a.Len() {
				out = append(out, [2]int64{a.Value(i), b.Value(i)})
			}
		}
		return out
	}
	balance := map[int64]int64{}
	var sum int64
	for _, r := range pairs("accounts") {
		if _, dup := balance[r[0]]; dup || r[0] < 0 || r[0] >= bankAccounts {
			t.Fatalf("round %d: accounts holds id %d twice or out of range: %v", round, r[0], pairs("accounts"))
		}
		balance[r[0]] = r[1]
		sum += r[1]
	}
	if len(balance) != bankAccounts || sum != 0 {
		t.Fatalf("round %d: %d accounts summing to %d", round, len(balance), sum)
	}
	legs := pairs("history")
	deltas := map[int64]int64{}
	for _, l := range legs {
		deltas[l[0]] += l[1]
	}
	for id, b := range balance {
		if deltas[id] != b {
			t.Fatalf("round %d: account %d has balance %d, its history sums to %d", round, id, b, deltas[id])
		}
	}
	if len(legs)%2 != 0 {
		t.Fatalf("round %d: history holds half a transfer", round)
	}
	dup := pairRecord(tx.Catalog().Table(catalog.DefaultSchema, "accounts"), [2]int64{3, 0})
	wantCode(t, tx.Insert(oidOf(t, tx, "accounts"), dup), pgcode.UniqueViolation, "")
	dup.Release()
	return int64(len(legs) / 2)
}
