package storage

import (
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestRolesPersist checks that roles, their memberships and passwords, and the privileges
// and comments of relations and schemas survive a restart; that a rolled-back CREATE ROLE
// leaves nothing; and that DROP ROLE does too.
func TestRolesPersist(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tx := s.Begin()
	alice, err := tx.PutRole(catalog.RoleDef{Name: "alice", Login: true, Inherit: true, ConnLimit: -1, Password: "SCRAM-SHA-256$4096:c2FsdA==$a:b"})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := tx.PutRole(catalog.RoleDef{Name: "bob", ConnLimit: 3, MemberOf: []catalog.RoleGrant{{Role: alice.OID, Grantor: catalog.BootstrapRoleOID, Admin: true}}})
	if err != nil {
		t.Fatal(err)
	}
	sch, err := tx.CreateSchema("app", "postgres")
	if err != nil {
		t.Fatal(err)
	}
	def := intTable("t")
	def.Owner, def.Comment = alice.OID, "a table"
	def.Columns[0].Comment = "a column"
	def.ACL = acl.Default(acl.Table, alice.OID).Grant([]types.OID{bob.OID}, alice.OID, acl.Select, true)
	tbl := mustCreate(t, tx, def)
	schDef := *sch
	schDef.ACL, schDef.Comment = acl.List{{Grantee: bob.OID, Grantor: 10, Privs: acl.Usage}}, "a schema"
	if err := tx.UpdateSchema(schDef); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)

	tx = s.Begin()
	if _, err := tx.PutRole(catalog.RoleDef{Name: "ghost"}); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	s.Close()

	s = openStore(t, dir)
	cat := s.Begin().Catalog()
	a, b := cat.Role("alice"), cat.Role("bob")
	if a == nil || a.OID != alice.OID || !a.Login || a.Password != alice.Password {
		t.Fatalf("alice after restart: %+v", a)
	}
	if b == nil || b.ConnLimit != 3 || !slices.Equal(b.MemberOf, bob.MemberOf) || !cat.HasRoleOf(b.OID, a.OID, false) {
		t.Fatalf("bob after restart: %+v", b)
	}
	if cat.Role("ghost") != nil {
		t.Fatal("a rolled-back role survived")
	}
	got := cat.TableByOID(tbl.OID)
	if got.OwnerOID() != alice.OID || got.Comment != "a table" || got.Columns[0].Comment != "a column" ||
		!slices.Equal(got.ACL, def.ACL) || !cat.TableHolds(bob.OID, got, acl.Select) || cat.TableHolds(bob.OID, got, acl.Insert) {
		t.Fatalf("table after restart: %+v", got)
	}
	if gs := cat.Schema("app"); gs == nil || gs.Comment != "a schema" || !cat.SchemaHolds(bob.OID, "app", acl.Usage) {
		t.Fatalf("schema after restart: %+v", gs)
	}

	tx = s.Begin()
	if err := tx.DropRole(b.OID); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, tx)
	s.Close()
	s = openStore(t, dir)
	if s.Begin().Catalog().Role("bob") != nil {
		t.Fatal("a dropped role came back")
	}
}

// TestRoleNameConflict checks that two transactions creating a role of the same name do not
// both commit: the second fails with 42710.
func TestRoleNameConflict(t *testing.T) {
	s := openStore(t, t.TempDir())
	t1, t2 := s.Begin(), s.Begin()
	for _, tx := range []*Txn{t1, t2} {
		if _, err := tx.PutRole(catalog.RoleDef{Name: "carol"}); err != nil {
			t.Fatal(err)
		}
	}
	mustCommit(t, t1)
	err := t2.Commit()
	if pe, ok := err.(*pgerror.Error); !ok || pe.Code != pgcode.DuplicateObject {
		t.Fatalf("second CREATE ROLE carol committed: %v", err)
	}
	// Within one transaction a taken name is refused at once.
	tx := s.Begin()
	defer tx.Rollback()
	if _, err := tx.PutRole(catalog.RoleDef{Name: "carol"}); err == nil {
		t.Fatal("CREATE ROLE of an existing name")
	}
}
