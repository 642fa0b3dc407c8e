package main

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/pgfast/pgfast/"

// TestLayering keeps imports flowing one way, as the design notes lay out:
//
//	wire/pgcode, wire/pgerror <- catalog/types/pgjson <- catalog/types/jsonpath <- catalog/types <- catalog/acl <- catalog <- catalog/pgcatalog <- udf, planner
//	wire/scram (SCRAM secrets, no project imports) <- planner, wire
//	catalog <- udf/logreg, udf/qsim, udf/tokenize (the built-in extensions' families) <- udf
//	udf/tokenize/wordpiece (no project imports) <- udf/tokenize
//	catalog/types <- catalog/stats <- storage, planner
//	storage/rowgroup (Parquet row-group statistics; no project imports) <- storage, executor/filescan
//	wire/pgerror <- executor/budget, executor/spill (memory accounting, temporary files)
//	storage <- cluster (the databases of a data directory) <- cmd
//	catalog <- storage; planner, budget, spill <- executor <- executor/dml <- executor/pgcopy <- executor/filescan
//	catalog/pgcatalog <- executor/settings
//	executor <- executor/explain (EXPLAIN's output)
//	planner <- executor/roles (role DDL)
//	executor/dml <- executor/fkey (foreign keys' checks and referential actions)
//	executor, executor/settings, executor/dml, executor/fkey, executor/pgcopy, executor/filescan, executor/explain, executor/roles <- executor/session <- cmd
//	planner <- wire <- cmd
//
// wire and the session layer meet only in cmd: wire names what it needs of a session by
// interfaces of its own.
//
// and keeps each outside library behind the one package that owns it: PostgreSQL's parser
// behind planner, the protocol library behind wire.
func TestLayering(t *testing.T) {
	// below lists, for each package, the project packages it may depend on (transitively).
	below := map[string][]string{
		"wire/pgcode":            {},
		"wire/pgerror":           {"wire/pgcode"},
		"catalog/types/pgjson":   {"wire/pgcode", "wire/pgerror"},
		"catalog/types/jsonpath": {"wire/pgcode", "wire/pgerror", "catalog/types/pgjson"},
		"catalog/types":          {"wire/pgcode", "wire/pgerror", "catalog/types/pgjson", "catalog/types/jsonpath"},
		"catalog":                {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath"},
		"catalog/stats":          {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath"},
		"catalog/pgcatalog":      {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog"},
		"storage":                {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "storage/rowgroup"},
		"storage/rowgroup":       {},
		"cluster":                {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "storage", "storage/rowgroup"},
		"udf": {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/pgcatalog",
			"udf/logreg", "udf/qsim", "udf/tokenize", "udf/tokenize/wordpiece"},
		"udf/logreg":             {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog"},
		"udf/qsim":               {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog"},
		"udf/tokenize":           {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "udf/tokenize/wordpiece"},
		"udf/tokenize/wordpiece": {},
		"planner":                {"wire/pgcode", "wire/pgerror", "wire/scram", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog"},
		"executor/budget":        {"wire/pgcode", "wire/pgerror"},
		"executor/spill":         {"wire/pgcode", "wire/pgerror"},
		"executor/locks":         {"wire/pgcode", "wire/pgerror"},
		"executor":               {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor/budget", "executor/spill"},
		"executor/settings":      {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/pgcatalog"},
		"executor/dml":           {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill"},
		"executor/pgcopy":        {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill", "executor/dml"},
		"executor/filescan":      {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill", "executor/dml", "executor/pgcopy", "storage/rowgroup"},
		"executor/fkey":          {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill", "executor/dml"},
		"executor/indexkey":      {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill"},
		"executor/explain":       {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram", "executor", "executor/budget", "executor/spill"},
		"executor/session": {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram",
			"executor", "executor/budget", "executor/spill", "executor/locks", "executor/settings", "executor/dml", "executor/pgcopy", "executor/filescan", "executor/explain", "executor/roles", "executor/fkey", "storage/rowgroup"},
		"wire": {"wire/pgcode", "wire/pgerror", "catalog/types", "catalog/acl", "catalog/types/pgjson", "catalog/types/jsonpath", "catalog", "catalog/stats", "catalog/pgcatalog", "planner", "wire/scram"},
	}
	owners := map[string]string{
		"github.com/pganalyze/pg_query_go/": "planner",
		"github.com/jackc/pgx/v5/pgproto3":  "wire",
	}
	for pkg, allowed := range below {
		ok := map[string]bool{pkg: true}
		for _, a := range allowed {
			ok[a] = true
		}
		for _, dep := range goList(t, "-deps", module+pkg) {
			if rel, in := strings.CutPrefix(dep, module); in && !ok[rel] {
				t.Errorf("%s depends on %s", pkg, rel)
			}
		}
	}
	// Direct imports of the owned libraries, across the whole module.
	for _, line := range goList(t, "-f", "{{.ImportPath}}:{{join .Imports \",\"}}", module+"...") {
		pkg, imports, _ := strings.Cut(line, ":")
		rel := strings.TrimPrefix(pkg, module)
		for _, imp := range strings.Split(imports, ",") {
			for lib, owner := range owners {
				if strings.HasPrefix(imp, lib) && rel != owner {
					t.Errorf("%s imports %s; only %s may", rel, imp, owner)
				}
			}
		}
	}
}

func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}
