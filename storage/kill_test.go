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
	killChildEnv  = "PGFAST_STORAGE_KILL_CHILD_DIR"
	killReopenEnv = "PGFAST_STORAGE_KILL_REOPEN"
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
// conflicting commits fail and are retried. Four more move money between the accounts of a
// fifth table (transfers, kill_bank_test.go), two of them under account locks let go of
// once their commits are logged. The log is kept small, so that checkpoints
// are frequent; each prints its progress (and pauses briefly), for the parent to kill the
// process in the middle of one.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKill")
	}
	if oid, err := strconv.ParseUint(os.Getenv(killChildOIDEnv), 10, 32); err == nil {
		types.ReserveUserOIDs(types.OID(oid))
	}
	if os.Getenv(killReopenEnv) != "" {
		// Only recover (replaying the log) and close, to be killed while doing so.
		s, err := Open(dir)
		if err == nil {
			err = s.Close()
		}
		fmt.Println("reopened", err)
		os.Exit(0)
	}
	s, err := Open(dir, WithCheckpointBytes(16<<10))
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
	accounts, history := createBank(t, tx)
	mustCommit(t, tx)
	s.hook = func(point string) error {
		fmt.Println("checkpoint", point)
		time.Sleep(2 * time.Millisecond)
		return nil
	}
	fmt.Println("ready")
	startTransfers(s, accounts, history)
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
	rounds := 30
	for round := range rounds {
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
		deadline := time.Now().Add(time.Duration(200+50*(round%8)) * time.Millisecond)
		// Odd rounds kill in the middle of a checkpoint, at one of its steps.
		inCheckpoint := []string{"", "after-segments", "before-manifest-rename", "after-manifest-rename"}[round%2*(1+round/2%3)]
		killed := false
		for lines.Scan() {
			var name string
			var n int64
			line := lines.Text()
			if _, err := fmt.Sscanf(line, "%s %d", &name, &n); err == nil {
				reported[name] = max(reported[name], n)
			} else if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
			due := !killed && time.Now().After(deadline) && reported["big"] > 0 && reported["transfers"] > 0
			if due && (inCheckpoint == "" || line == "checkpoint "+inCheckpoint) {
				cmd.Process.Kill() // SIGKILL: no deferred code, no flushing
				killed = true
			}
		}
		cmd.Wait()
		if !killed {
			t.Fatalf("child exited on its own; reported %v", reported)
		}
		if round%5 == 2 {
			killReopen(t, dir, round) // and kill the recovery too
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
		transfers := checkBank(t, tx, round)
		if transfers < reported["transfers"] || transfers > reported["transfers"]+transferWorkers {
			t.Fatalf("round %d: %d transfers recovered, %d were reported", round, transfers, reported["transfers"])
		}
		if files := dataFiles(t, dir); len(files) != len(referencedFiles(t, dir)) {
			t.Fatalf("orphans survive recovery: %v", files)
		}
		t.Logf("round %d (kill %q): killed after %v; recovered small=%d big=%d keyed=%d transfers=%d", round, inCheckpoint,
			reported, len(ids(t, tx, "small")), len(ids(t, tx, "big")), len(keys), transfers)
		s.Close()
	}
}

// killReopen starts a child that only opens dir (replaying its log) and kills it after a
// moment, which may fall in the middle of the recovery.
func killReopen(t *testing.T, dir string, round int) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+dir, killReopenEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Duration(5*round) * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
}
