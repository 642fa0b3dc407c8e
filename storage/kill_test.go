package storage

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

const (
	killChildEnv = "PGFAST_STORAGE_KILL_CHILD_DIR"
	// killChildOIDEnv is the parent's types.NextUserOID: the child's tables (and their row
	// types) get OIDs above every type the parent has registered, whose registry the
	// reopened store's types join.
	killChildOIDEnv = "PGFAST_STORAGE_KILL_CHILD_OID"
)

// TestKillChild is the child process of TestKill: it commits rows to two tables in a loop
// until it is killed, printing after each commit how many rows are committed. A third table,
// churn, gets commits that each insert 5 rows and delete the 3 oldest, so after c commits it
// holds ids 3c..5c-1; it prints 5c. Two goroutines upsert keys 0..keyedKeys-1 of a fourth
// table, keyed, whose id is its primary key: each commit inserts key c or replaces its row;
// conflicting commits fail and are retried.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKill")
	}
	if oid, err := strconv.ParseUint(os.Getenv(killChildOIDEnv), 10, 32); err == nil {
		types.ReserveUserOIDs(types.OID(oid))
	}
	s, err := Open(dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	tx := s.Begin()
	small := mustCreate(t, tx, intTable("small"))
	big := mustCreate(t, tx, intTable("big"))
	churn := mustCreate(t, tx, intTable("churn"))
	keyedDef := intTable("keyed")
	keyedDef.Indexes = []catalog.IndexDef{{Name: "keyed_pkey", Columns: []int{0}, Unique: true, Primary: true, Constraint: true}}
	keyed := mustCreate(t, tx, keyedDef)
	mustCommit(t, tx)
	fmt.Println("ready")
	for w := int64(0); w < 2; w++ {
		go func() {
			for c := w; ; c += 2 {
				upsertKey(s, keyed, c%keyedKeys)
			}
		}()
	}
	go func() {
		for c := int64(0); ; c++ {
			tx := s.Begin()
			mustInsert(t, tx, churn.OID, intRecord(5*c, 5*c+5))
			deleteWhere(t, tx, churn.OID, func(id int64) bool { return id < 3*c+3 })
			mustCommit(t, tx)
			fmt.Printf("churn %d\n", 5*c+5)
		}
	}()
	go func() { // large commits, written before the commit lock, concurrently with small ones
		for n := int64(0); ; n += 150_000 {
			tx := s.Begin()
			mustInsert(t, tx, big.OID, intRecord(n, n+150_000))
			mustCommit(t, tx)
			fmt.Printf("big %d\n", n+150_000)
		}
	}()
	for n, i := int64(0), int64(0); ; i++ {
		k := 1 + i%13
		tx := s.Begin()
		mustInsert(t, tx, small.OID, intRecord(n, n+k))
		mustCommit(t, tx)
		n += k
		fmt.Printf("small %d\n", n)
	}
}

const keyedKeys = 40

// upsertKey inserts key k into table keyed, or replaces the row holding it, retrying a
// commit that loses to a concurrent one.
func upsertKey(s *Store, keyed *catalog.TableDef, k int64) {
	for {
		tx := s.Begin()
		rec := intRecord(k, k+1)
		ids, err := tx.ConflictingRows(keyed.OID, rec, []types.OID{keyed.Indexes[0].OID}, 0)
		if err == nil && ids[0] >= 0 {
			err = tx.Delete(keyed.OID, ids)
		}
		if err == nil {
			err = tx.Insert(keyed.OID, rec)
		}
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		rec.Release()
		if err == nil {
			return
		}
		if code := pgerror.GetCode(err); code != pgcode.TRSerializationFailure && code != pgcode.UniqueViolation {
			fmt.Println("error", err)
			os.Exit(2)
		}
	}
}

// TestKill kills a process that is committing in a loop with SIGKILL and checks that every
// commit it reported before dying is in the reopened store, and nothing but whole commits.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a process")
	}
	for round := range 3 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir, killChildOIDEnv+"="+strconv.FormatUint(uint64(types.NextUserOID()), 10))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		reported := map[string]int64{}
		deadline := time.Now().Add(time.Duration(300+200*round) * time.Millisecond)
		killed := false
		for lines.Scan() {
			var name string
			var n int64
			if _, err := fmt.Sscanf(lines.Text(), "%s %d", &name, &n); err == nil {
				reported[name] = n
			} else if strings.HasPrefix(lines.Text(), "error") {
				t.Fatal(lines.Text())
			}
			if !killed && time.Now().After(deadline) && reported["big"] > 0 {
				cmd.Process.Kill() // SIGKILL: no deferred code, no flushing
				killed = true
			}
		}
		cmd.Wait()
		if !killed {
			t.Fatalf("child exited on its own; reported %v", reported)
		}

		s := openStore(t, dir)
		tx := s.Begin()
		got := ids(t, tx, "churn")
		c := int64(len(got)) / 2
		if c := reported["churn"] / 5; int64(len(got)) != 2*c && int64(len(got)) != 2*c+2 {
			t.Fatalf("round %d: churn has %d rows after %d commits", round, len(got), c)
		}
		wantIDs(t, got, idsFrom(3*c, 5*c, nil))
		for _, name := range []string{"small", "big"} {
			got := ids(t, tx, name)
			if int64(len(got)) < reported[name] {
				t.Fatalf("round %d: %s has %d rows, %d were reported committed", round, name, len(got), reported[name])
			}
			// At most the one commit in flight at the kill may be there unreported.
			limit := reported[name] + 13
			if name == "big" {
				limit = reported[name] + 150_000
			}
			if int64(len(got)) > limit {
				t.Fatalf("round %d: %s has %d rows, more than %d", round, name, len(got), limit)
			}
			wantSeq(t, got, int64(len(got)))
		}
		keys := ids(t, tx, "keyed")
		seen := map[int64]bool{}
		for _, k := range keys {
			if seen[k] || k < 0 || k >= keyedKeys {
				t.Fatalf("round %d: keyed holds %v: its primary key does not hold", round, keys)
			}
			seen[k] = true
		}
		if len(keys) > 0 {
			wantCode(t, tx.Insert(oidOf(t, tx, "keyed"), intRecord(keys[0], keys[0]+1)), pgcode.UniqueViolation, "")
		}
		if files := dataFiles(t, dir); len(files) != len(referencedFiles(t, dir)) {
			t.Fatalf("orphans survive recovery: %v", files)
		}
		t.Logf("round %d: killed after %v; recovered small=%d big=%d keyed=%d", round, reported,
			len(ids(t, tx, "small")), len(ids(t, tx, "big")), len(keys))
	}
}
