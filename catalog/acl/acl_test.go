package acl

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pgfast/pgfast/catalog/types"
)

var roleNames = map[types.OID]string{10: "postgres", 20: "alice", 30: "bob"}

func name(oid types.OID) string { return roleNames[oid] }

func TestDefaultAndFormat(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		want []string
	}{
		{Table, []string{"postgres=arwdDxt/postgres"}},
		{Sequence, []string{"postgres=rwU/postgres"}},
		{Schema, []string{"postgres=UC/postgres"}},
		{Function, []string{"=X/postgres", "postgres=X/postgres"}},
		{Database, []string{"=Tc/postgres", "postgres=CTc/postgres"}},
	} {
		if got := Default(tc.kind, 10).Strings(name); !slices.Equal(got, tc.want) {
			t.Errorf("Default(%d) = %v, want %v", tc.kind, got, tc.want)
		}
	}
	if got := List(nil).Strings(name); got != nil {
		t.Errorf("nil list spells %v, want nil (NULL)", got)
	}
}

func TestGrantRevoke(t *testing.T) {
	l := Default(Table, 10)
	l = l.Grant([]types.OID{20}, 10, Select, false)
	l = l.Grant([]types.OID{30, Public}, 10, Insert|Update, true)
	l = l.Grant([]types.OID{20}, 10, Delete, false) // merges into alice's item
	want := []string{"postgres=arwdDxt/postgres", "alice=rd/postgres", "bob=a*w*/postgres", "=aw/postgres"}
	if got := l.Strings(name); !slices.Equal(got, want) {
		t.Fatalf("after grants: %v, want %v", got, want)
	}
	l = l.Revoke([]types.OID{30}, 10, Update, true) // GRANT OPTION FOR: privilege stays
	l = l.Revoke([]types.OID{20}, 10, Select|Delete, false)
	l = l.Revoke([]types.OID{Public}, 10, Insert, false)
	want = []string{"postgres=arwdDxt/postgres", "bob=a*w/postgres", "=w/postgres"}
	if got := l.Strings(name); !slices.Equal(got, want) {
		t.Fatalf("after revokes: %v, want %v", got, want)
	}
	// Revoking what another grantor gave changes nothing.
	if got := l.Revoke([]types.OID{30}, 20, Insert, false).Strings(name); !slices.Equal(got, want) {
		t.Fatalf("revoke by another grantor: %v", got)
	}
}

func TestHolds(t *testing.T) {
	l := Default(Table, 10).Grant([]types.OID{20}, 10, Select|Insert, false).Grant([]types.OID{Public}, 10, Truncate, false)
	member := func(of ...types.OID) func(types.OID) bool {
		return func(r types.OID) bool { return slices.Contains(of, r) }
	}
	for _, tc := range []struct {
		roles []types.OID
		want  Priv
		holds bool
	}{
		{[]types.OID{20}, Select, true},
		{[]types.OID{20}, Select | Insert, true},
		{[]types.OID{20}, Select | Update, false},
		{[]types.OID{30}, Select, false},
		{[]types.OID{30}, Truncate, true},   // through PUBLIC
		{[]types.OID{30, 20}, Insert, true}, // bob as a member of alice
		{[]types.OID{10}, Table.All(), true},
	} {
		if got := l.Holds(Table, 10, tc.want, member(tc.roles...)); got != tc.holds {
			t.Errorf("roles %v want %s: %v, want %v", tc.roles, Letters(tc.want), got, tc.holds)
		}
	}
	// A nil list is the default: only the owner holds anything.
	if List(nil).Holds(Table, 10, Select, member(20)) || !List(nil).Holds(Table, 10, Select, member(10)) {
		t.Error("default list")
	}
}

func TestNames(t *testing.T) {
	for word, p := range map[string]Priv{"select": Select, "temp": Temporary, "alter system": AlterSystem} {
		if got, ok := ByName(word); !ok || got != p {
			t.Errorf("ByName(%q) = %v, %v", word, got, ok)
		}
	}
	if _, ok := ByName("fly"); ok {
		t.Error("ByName(fly) ok")
	}
	if got := fmt.Sprint(Names(Select | Update)); got != "[SELECT UPDATE]" {
		t.Errorf("Names = %s", got)
	}
}
