package cluster

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

const killChildEnv = "PGFAST_CLUSTER_KILL_CHILD_DIR"

var superuser = Actor{Role: &catalog.RoleDef{OID: catalog.BootstrapRoleOID, Superuser: true}, Owns: func(types.OID) bool { return true }}

// TestKillChild is the child process of TestKill: it creates databases db_0, db_1, ...
// in a loop, dropping every odd one again, and prints each change once it returned, until
// it is killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestKill")
	}
	c, err := Open(dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("db_%d", i)
		if err := c.Create(CreateRequest{Def: catalog.DatabaseDef{Name: name, AllowConn: true, ConnLimit: -1}}, superuser); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Println("created", name)
		if i%2 == 1 {
			if _, err := c.Drop(context.Background(), name, false, false, superuser); err != nil {
				fmt.Println("error", err)
				os.Exit(2)
			}
			fmt.Println("dropped", name)
		}
	}
}

// TestKill kills a process creating and dropping databases at a random point (kill -9),
// then checks that every database it reported created is there, none it reported dropped
// is, and that no store directory is left without a database.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for round := range 3 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		created, dropped := map[string]bool{}, map[string]bool{}
		sc := bufio.NewScanner(out)
		for sc.Scan() && len(created) < 4+3*round {
			verb, name, _ := strings.Cut(sc.Text(), " ")
			switch verb {
			case "created":
				created[name] = true
			case "dropped":
				dropped[name] = true
			case "error":
				t.Fatalf("child: %s", sc.Text())
			}
		}
		cmd.Process.Kill()
		cmd.Wait()

		c, err := Open(dir)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		have := map[string]bool{}
		for _, d := range c.Databases() {
			have[d.Name] = true
		}
		for name := range created {
			// An odd one may have been dropped after the last line read.
			var i int
			fmt.Sscanf(name, "db_%d", &i)
			if i%2 == 0 && !have[name] {
				t.Errorf("round %d: database %s was created and is gone", round, name)
			}
		}
		for name := range dropped {
			if have[name] {
				t.Errorf("round %d: database %s was dropped and is back", round, name)
			}
		}
		dirs, _ := os.ReadDir(filepath.Join(dir, baseDir))
		if len(dirs) != len(have)-1 {
			t.Errorf("round %d: %d store directories for %d databases besides postgres", round, len(dirs), len(have)-1)
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
