package settings

import (
	"testing"
	"time"

	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// TestDateStyleSettings checks SET, SHOW and RESET of DateStyle and IntervalStyle, which
// reset to the values the client sent at startup, as PostgreSQL's reset values are.
func TestDateStyleSettings(t *testing.T) {
	s := New(map[string]string{"datestyle": "Postgres, MDY", "options": "-c intervalstyle=postgres_verbose"})
	check := func(what, name, want string) {
		t.Helper()
		if got, err := s.Show(name); err != nil || got != want {
			t.Fatalf("%s: SHOW %s = %q, %v; want %q", what, name, got, err, want)
		}
	}
	check("startup", "datestyle", "Postgres, MDY")
	check("startup", "intervalstyle", "postgres_verbose")
	if io := s.IO(); io.DateStyle != types.DateStylePostgres || io.IntervalStyle != types.IntervalStylePostgresVerbose {
		t.Fatalf("startup io settings: %+v", io)
	}
	steps := []struct {
		name, value, want string
		code              pgcode.Code
	}{
		{"datestyle", "iso", "ISO, MDY", ""},
		{"datestyle", "dmy", "ISO, DMY", ""},
		{"datestyle", "German", "German, DMY", ""},
		{"datestyle", "sql, iso", "German, DMY", pgcode.InvalidParameterValue},
		{"datestyle", "", "Postgres, MDY", ""}, // RESET
		{"intervalstyle", "SQL_Standard", "sql_standard", ""},
		{"intervalstyle", "verbose", "sql_standard", pgcode.InvalidParameterValue},
		{"intervalstyle", "", "postgres_verbose", ""},
		{"timezone", "-7", "<-07>+07", ""},
		{"timezone", "PST8PDT,M3.2.0,M11.1.0", "PST8PDT,M3.2.0,M11.1.0", ""},
		{"timezone", "Mars/Olympus", "PST8PDT,M3.2.0,M11.1.0", pgcode.InvalidParameterValue},
	}
	for _, st := range steps {
		err := s.Set(st.name, st.value)
		if got := pgerror.GetCode(err); err != nil && got != st.code || err == nil && st.code != "" {
			t.Fatalf("SET %s = %q: error %v, want %s", st.name, st.value, err, st.code)
		}
		check("SET "+st.name+" = "+st.value, st.name, st.want)
	}
	if changed := s.TakeChanged(); changed["DateStyle"] != "Postgres, MDY" || changed["IntervalStyle"] != "postgres_verbose" {
		t.Fatalf("reported changes: %v", changed)
	}
	if err := s.Set("all", ""); err != nil {
		t.Fatal(err)
	}
	check("RESET ALL", "datestyle", "Postgres, MDY")
	if io := s.IO(); io.DateStyle != types.DateStylePostgres || io.DateOrder != types.DateOrderMDY || io.TimeZone.String() != "UTC" {
		t.Fatalf("RESET ALL io settings: %+v", io)
	}
}

// TestTypedValues checks the typed accessors the executor reads and the startup packet's
// options.
func TestTypedValues(t *testing.T) {
	s := New(map[string]string{"options": "-c statement_timeout=2s --work-mem=8MB", "lock_timeout": "bogus"})
	if got := s.Duration("statement_timeout"); got != 2*time.Second {
		t.Errorf("statement_timeout %v, want 2s", got)
	}
	if n, src := s.Bytes("work_mem"); n != 8<<20 || src != SourceClient {
		t.Errorf("work_mem %d from %s, want 8MiB from client", n, src)
	}
	if got := s.Duration("lock_timeout"); got != 0 {
		t.Errorf("an invalid startup value was kept: lock_timeout %v", got)
	}
	if err := s.Set("work_mem", "1MB"); err != nil {
		t.Fatal(err)
	}
	if n, src := s.Bytes("work_mem"); n != 1<<20 || src != SourceSession {
		t.Errorf("work_mem %d from %s after SET, want 1MiB from session", n, src)
	}
	if err := s.Set("work_mem", ""); err != nil {
		t.Fatal(err)
	}
	if n, src := s.Bytes("work_mem"); n != 8<<20 || src != SourceClient {
		t.Errorf("RESET work_mem gave %d from %s, want the startup value", n, src)
	}
	if got := s.Real("hash_mem_multiplier"); got != 2 {
		t.Errorf("hash_mem_multiplier %v, want 2", got)
	}
}

// TestStartupOptionWords splits the startup packet's options as PostgreSQL does: at
// whitespace, a backslash taking the next character as it is (PGOPTIONS values with
// spaces).
func TestStartupOptionWords(t *testing.T) {
	cases := []struct {
		options, param, want string
	}{
		{`-c default_transaction_isolation=repeatable\ read`, "default_transaction_isolation", "repeatable read"},
		{`  -c   default_transaction_isolation=serializable  `, "default_transaction_isolation", "serializable"},
		{`-capplication_name=a\\b\ c -c statement_timeout=1s`, "application_name", `a\b c`},
		{`--application-name=x\`, "application_name", `x\`},
	}
	for _, c := range cases {
		if got := New(map[string]string{"options": c.options}).Value(c.param); got != c.want {
			t.Errorf("options %q: %s = %q, want %q", c.options, c.param, got, c.want)
		}
	}
}
