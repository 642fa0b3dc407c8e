package regress

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// jdbcJar is where Debian's libpostgresql-jdbc-java puts the PostgreSQL JDBC driver.
const jdbcJar = "/usr/share/java/postgresql.jar"

// TestJDBC runs jdbc/JdbcCheck.java with the PostgreSQL JDBC driver against a server and
// compares its output, line for line, with PostgreSQL 15's (jdbc/expected.out): bind
// parameters of each type, result metadata, batches, transactions, errors, the
// DatabaseMetaData calls (getTables, getColumns, getPrimaryKeys, getImportedKeys,
// getIndexInfo, getSchemas, getTypeInfo, ...) and what Metabase sends on connect and sync.
// It needs a Java 11+ runtime (which runs the source file directly) and the driver (Debian:
// default-jdk-headless and libpostgresql-jdbc-java, which CI installs); without them the test
// is skipped, saying so.
func TestJDBC(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("no java: install default-jdk-headless to run the JDBC test")
	}
	if _, err := os.Stat(jdbcJar); err != nil {
		t.Skip("no PostgreSQL JDBC driver at " + jdbcJar + ": install libpostgresql-jdbc-java to run the JDBC test")
	}
	srv := newPgxServer(t)
	e := clientEndpointOf(t, srv.url)
	if srv.app != nil {
		e.user = "postgres" // the bootstrap superuser, as on PostgreSQL
	}
	q := url.Values{"user": {e.user}, "sslmode": {"disable"}, "ApplicationName": {"jdbc-check"}}
	if e.password != "" {
		q.Set("password", e.password)
	}
	jdbcURL := fmt.Sprintf("jdbc:postgresql://%s:%s/%s?%s", e.host, e.port, e.database, q.Encode())
	cmd := exec.CommandContext(t.Context(), java, "-Duser.timezone=UTC", "-cp", jdbcJar,
		filepath.Join("jdbc", "JdbcCheck.java"), jdbcURL)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("JdbcCheck: %v", err)
	}
	compareWithExpected(t, filepath.Join("jdbc", "expected.out"), string(out))
}
