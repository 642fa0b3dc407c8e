package regress

import (
	"reflect"
	"testing"
)

// TestPgxCatalog reads pg_catalog the way drivers and tools do: through the extended
// protocol with binary results (oid, name, "char", arrays) and array parameters.
func TestPgxCatalog(t *testing.T) {
	srv := newPgxServer(t)
	conn := srv.connect(t)
	ctx := t.Context()
	mustExec(t, conn, "DROP TABLE IF EXISTS pgx_cat", "CREATE TABLE pgx_cat (id int NOT NULL, name varchar(20))")
	t.Cleanup(func() { conn.Exec(ctx, "DROP TABLE IF EXISTS pgx_cat") })

	var (
		oid        uint32
		relname    string
		relkind    string
		nspname    string
		reloptions []string
	)
	err := conn.QueryRow(ctx, `SELECT c.oid, c.relname, c.relkind, n.nspname, c.reloptions
		FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = 'pgx_cat'::regclass`).Scan(&oid, &relname, &relkind, &nspname, &reloptions)
	if err != nil {
		t.Fatal(err)
	}
	if oid < 16384 || relname != "pgx_cat" || relkind != "r" || nspname != "public" || reloptions != nil {
		t.Errorf("pg_class row: %d %q %q %q %v", oid, relname, relkind, nspname, reloptions)
	}

	var cols []string
	if err := conn.QueryRow(ctx, `SELECT array(SELECT attname FROM pg_catalog.pg_attribute
		WHERE attrelid = $1 AND attnum > 0 ORDER BY attnum)`, oid).Scan(&cols); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cols, []string{"id", "name"}) {
		t.Errorf("attributes %v", cols)
	}

	rows, err := conn.Query(ctx, `SELECT t.oid, t.typname FROM pg_catalog.pg_type t
		WHERE t.typname = ANY($1) ORDER BY t.oid`, []string{"int4", "text", "nosuch"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var typOID uint32
		var name string
		if err := rows.Scan(&typOID, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
	}
	if rows.Err() != nil || !reflect.DeepEqual(got, []string{"int4", "text"}) {
		t.Errorf("pg_type by name: %v %v", got, rows.Err())
	}

	var schemas []string
	if err := conn.QueryRow(ctx, "SELECT current_schemas(true)").Scan(&schemas); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(schemas, []string{"pg_catalog", "public"}) {
		t.Errorf("current_schemas %v", schemas)
	}

	var version, setting string
	if err := conn.QueryRow(ctx, "SELECT current_setting('server_version_num'), (SELECT setting FROM pg_settings WHERE name = 'max_identifier_length')").Scan(&version, &setting); err != nil {
		t.Fatal(err)
	}
	if version < "150000" || version >= "160000" || setting != "63" {
		t.Errorf("settings %q %q", version, setting)
	}
}
