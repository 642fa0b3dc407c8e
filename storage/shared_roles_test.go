package storage

import (
	"path/filepath"
	"testing"

	"github.com/pgfast/pgfast/catalog"
)

// TestSharedRoles opens a store whose roles another keeps: it sees that store's roles, its
// role changes commit there (and not in its own manifest), and its transactions share one
// catalog while nothing changes, so catalog comparisons still detect DDL.
func TestSharedRoles(t *testing.T) {
	dir := t.TempDir()
	root, err := Open(filepath.Join(dir, "root"))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	tx := root.Begin()
	if _, err := tx.PutRole(catalog.RoleDef{Name: "alice", Login: true, ConnLimit: -1}); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)

	otherDir := filepath.Join(dir, "other")
	other, err := Open(otherDir, WithSharedRoles(root))
	if err != nil {
		t.Fatal(err)
	}
	a, b := other.Begin(), other.Begin()
	if a.Catalog().Role("alice") == nil {
		t.Error("a store with shared roles does not see a role of the store keeping them")
	}
	if a.Catalog() != b.Catalog() {
		t.Error("two transactions of one version see different catalogs")
	}
	a.Rollback()
	b.Rollback()

	tx = other.Begin()
	if _, err := tx.PutRole(catalog.RoleDef{Name: "bob", ConnLimit: -1}); err != nil {
		t.Fatal(err)
	}
	if tx.Catalog().Role("bob") == nil {
		t.Error("a role created in the transaction is not in its catalog")
	}
	mustCommit(t, tx)
	check := root.Begin()
	if check.Catalog().Role("bob") == nil {
		t.Error("a role created through a store with shared roles is not in the store keeping them")
	}
	check.Rollback()
	check = other.Begin()
	if check.Catalog().Role("bob") == nil {
		t.Error("the store with shared roles does not see the role it created")
	}
	check.Rollback()
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}

	alone, err := Open(otherDir)
	if err != nil {
		t.Fatal(err)
	}
	defer alone.Close()
	check = alone.Begin()
	defer check.Rollback()
	if check.Catalog().Role("bob") != nil && len(check.Catalog().StoredRoles()) > 0 {
		t.Error("the store with shared roles kept a role in its own manifest")
	}
}
