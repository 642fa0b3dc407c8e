// JdbcCheck drives a server through the PostgreSQL JDBC driver (pgjdbc) the way Java
// applications and BI tools do, and prints every answer as text: parameters of each type,
// result metadata, batch inserts, transactions, DatabaseMetaData and the statements Metabase
// sends when it connects and syncs a database. The Go test TestJDBC compares this output with
// PostgreSQL 15's own (expected/jdbc.out), so the program asserts nothing itself beyond
// what must hold on any server; a difference in any line is a failure.
//
// usage: java -cp postgresql.jar JdbcCheck.java JDBC_URL
//
// Everything it creates lives in the schema jdbc_meta, dropped first, so the program can run
// in a database other tests share.

import java.math.BigDecimal;
import java.sql.*;
import java.util.*;

public class JdbcCheck {
    static final String SCHEMA = "jdbc_meta";

    static final String[] SETUP = {
        "DROP SCHEMA IF EXISTS jdbc_meta CASCADE",
        "CREATE SCHEMA jdbc_meta",
        "CREATE TYPE jdbc_meta.mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE TABLE jdbc_meta.customers (id serial PRIMARY KEY, name varchar(40) NOT NULL, "
            + "email text UNIQUE, balance numeric(12,2) DEFAULT 0, active boolean DEFAULT true, "
            + "joined date, code char(3), mood jdbc_meta.mood)",
        "COMMENT ON TABLE jdbc_meta.customers IS 'people who buy'",
        "COMMENT ON COLUMN jdbc_meta.customers.email IS 'where to write'",
        "CREATE TABLE jdbc_meta.orders (id bigint PRIMARY KEY, customer_id integer "
            + "REFERENCES jdbc_meta.customers (id), placed timestamp, total double precision, "
            + "weight real, flags smallint, note text)",
        "CREATE INDEX orders_placed_idx ON jdbc_meta.orders (placed)",
        "CREATE TABLE jdbc_meta.order_lines (order_id bigint REFERENCES jdbc_meta.orders (id), "
            + "line integer, qty smallint NOT NULL, PRIMARY KEY (order_id, line))",
        "CREATE VIEW jdbc_meta.big_orders AS SELECT id, total FROM jdbc_meta.orders WHERE total > 100",
        "INSERT INTO jdbc_meta.customers (name, email, balance, joined, code, mood) VALUES "
            + "('ann', 'ann@example.com', 12.50, '2024-01-31', 'AAA', 'happy'), "
            + "('bob', NULL, -3, NULL, 'B', NULL)",
    };

    static final PrintStreamOut out = new PrintStreamOut();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JdbcCheck JDBC_URL");
            System.exit(2);
        }
        String url = args[0];
        boolean failed = false;
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                for (String sql : SETUP) {
                    st.execute(sql);
                }
            }
            failed |= run(c, JdbcCheck::parameters);
            failed |= run(c, JdbcCheck::types);
            failed |= run(c, JdbcCheck::batches);
            failed |= run(c, JdbcCheck::transactions);
            failed |= run(c, JdbcCheck::errors);
            failed |= run(c, JdbcCheck::sessions);
            failed |= run(c, JdbcCheck::copy);
            failed |= run(c, JdbcCheck::metadata);
        }
        try (Connection c = DriverManager.getConnection(url)) {
            failed |= run(c, JdbcCheck::metabase);
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA jdbc_meta CASCADE"); // leave the database as it was
            }
        }
        System.out.print(out);
        System.exit(failed ? 1 : 0);
    }

    interface Section {
        void run(Connection c) throws SQLException;
    }

    // run runs one section; an exception ends the section, not the program, so that one
    // failure still shows the answers of every other section.
    static boolean run(Connection c, Section s) throws SQLException {
        try {
            s.run(c);
            return false;
        } catch (SQLException e) {
            out.line("FAILED: " + e.getSQLState() + " " + e.getMessage());
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            return true;
        }
    }

    // parameters sends each Java type as a bind parameter and prints what comes back.
    static void parameters(Connection c) throws SQLException {
        out.section("parameters");
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ?::int + 1, ? || '!', ?::numeric * 2, ?::boolean, ?::date, ?::timestamp, ?::bigint, ?::float8")) {
            ps.setInt(1, 41);
            ps.setString(2, "hi");
            ps.setBigDecimal(3, new BigDecimal("1.25"));
            ps.setBoolean(4, true);
            ps.setDate(5, java.sql.Date.valueOf("2024-02-29"));
            ps.setTimestamp(6, Timestamp.valueOf("2024-02-29 13:14:15.5"));
            ps.setLong(7, 9000000000L);
            ps.setDouble(8, 0.5);
            printRows(ps.executeQuery());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, balance FROM jdbc_meta.customers WHERE name = ? OR balance < ? ORDER BY id")) {
            ps.setString(1, "ann");
            ps.setBigDecimal(2, BigDecimal.ZERO);
            printRows(ps.executeQuery());
            // Run it enough times that the driver switches to a named server-side statement.
            for (int i = 0; i < 6; i++) {
                ps.setString(1, "nobody" + i);
                ps.setBigDecimal(2, new BigDecimal(i - 3));
                printRows(ps.executeQuery());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::text IS NULL, ?::int IS NULL")) {
            ps.setNull(1, Types.VARCHAR);
            ps.setNull(2, Types.INTEGER);
            printRows(ps.executeQuery());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::bytea, length(?::bytea)")) {
            ps.setBytes(1, new byte[] {1, 2, (byte) 255});
            ps.setBytes(2, new byte[] {1, 2, (byte) 255});
            printRows(ps.executeQuery());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::uuid, ?::int[]")) {
            ps.setObject(1, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            ps.setArray(2, c.createArrayOf("int4", new Integer[] {3, 1, 2}));
            printRows(ps.executeQuery());
        }
    }

    // types prints the metadata and Java values of a row of common types.
    static void types(Connection c) throws SQLException {
        out.section("types");
        String sql = "SELECT 1::smallint AS s, 2::int AS i, 3::bigint AS b, 1.5::real AS r, 2.25::float8 AS d, "
            + "123.450::numeric(10,3) AS n, 'x'::char(3) AS ch, 'v'::varchar(8) AS vc, 't'::text AS t, "
            + "true AS bo, '2024-03-01'::date AS da, '12:34:56'::time AS ti, "
            + "'2024-03-01 12:00:00'::timestamp AS ts, '2024-03-01 12:00:00+00'::timestamptz AS tz, "
            + "'\\xdead'::bytea AS by, '{\"a\": 1}'::jsonb AS jb, '{\"a\": 1}'::json AS js, "
            + "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, ARRAY['a', 'b'] AS arr, "
            + "'1 day 2 hours'::interval AS iv, NULL::int AS nul";
        try (Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                printMetadata(rs.getMetaData());
                rs.next();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    out.line(md.getColumnLabel(i) + ": " + (o == null ? "null" : o.getClass().getName())
                        + " " + rs.getString(i));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM jdbc_meta.customers ORDER BY id")) {
                printMetadata(rs.getMetaData());
                printRows(rs);
            }
        }
    }

    // batches inserts rows in JDBC batches, plain and with the rewritten multi-row form.
    static void batches(Connection c) throws SQLException {
        out.section("batches");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO jdbc_meta.orders (id, customer_id, placed, total, weight, flags, note) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                ps.setLong(1, i);
                ps.setInt(2, i % 2 + 1);
                ps.setTimestamp(3, Timestamp.valueOf("2024-05-0" + i + " 10:00:00"));
                ps.setDouble(4, i * 60.5);
                ps.setFloat(5, i / 4f);
                ps.setShort(6, (short) i);
                if (i == 3) {
                    ps.setNull(7, Types.VARCHAR);
                } else {
                    ps.setString(7, "note " + i);
                }
                ps.addBatch();
            }
            out.line("counts " + Arrays.toString(ps.executeBatch()));
        }
        try (Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO jdbc_meta.order_lines VALUES (1, 1, 3)");
            st.addBatch("INSERT INTO jdbc_meta.order_lines VALUES (1, 2, 4), (2, 1, 5)");
            st.addBatch("UPDATE jdbc_meta.order_lines SET qty = qty + 1 WHERE order_id = 1");
            out.line("statement counts " + Arrays.toString(st.executeBatch()));
            printRows(st.executeQuery("SELECT * FROM jdbc_meta.orders ORDER BY id"));
            printRows(st.executeQuery("SELECT * FROM jdbc_meta.order_lines ORDER BY 1, 2"));
        }
    }

    // transactions commits, rolls back and uses savepoints with autocommit off.
    static void transactions(Connection c) throws SQLException {
        out.section("transactions");
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO jdbc_meta.order_lines VALUES (3, 1, 1)");
            c.rollback();
            printRows(st.executeQuery("SELECT count(*) FROM jdbc_meta.order_lines WHERE order_id = 3"));
            st.executeUpdate("INSERT INTO jdbc_meta.order_lines VALUES (3, 1, 1)");
            Savepoint sp = c.setSavepoint("before_second");
            st.executeUpdate("INSERT INTO jdbc_meta.order_lines VALUES (3, 2, 2)");
            c.rollback(sp);
            c.commit();
            printRows(st.executeQuery("SELECT * FROM jdbc_meta.order_lines WHERE order_id = 3 ORDER BY line"));
            c.commit();
            out.line("isolation " + c.getTransactionIsolation());
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            printRows(st.executeQuery("SHOW transaction_isolation"));
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // A statement failing inside the transaction reports its own error; the next one
            // is refused until the rollback.
            try {
                st.executeQuery("SELECT 1/0");
            } catch (SQLException e) {
                out.line("error " + e.getSQLState());
            }
            try {
                st.executeQuery("SELECT 1");
            } catch (SQLException e) {
                out.line("error " + e.getSQLState());
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM jdbc_meta.no_such_table WHERE id = ?")) {
                ps.setInt(1, 1);
                ps.executeQuery();
            } catch (SQLException e) {
                out.line("error " + e.getSQLState());
            }
            c.rollback();
            printRows(st.executeQuery("SELECT count(*) FROM jdbc_meta.order_lines"));
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    // errors prints the SQLSTATE of statements that must fail, and checks the session survives.
    static void errors(Connection c) throws SQLException {
        out.section("errors");
        String[] bad = {
            "SELECT * FROM jdbc_meta.missing",
            "SELECT nosuchcolumn FROM jdbc_meta.customers",
            "INSERT INTO jdbc_meta.customers (id, name) VALUES (1, 'dup')",
            "INSERT INTO jdbc_meta.customers (name) VALUES (NULL)",
            "INSERT INTO jdbc_meta.orders (id, customer_id) VALUES (99, 99)",
            "SELECT 'abc'::int",
            "SELEC 1",
        };
        try (Statement st = c.createStatement()) {
            for (String sql : bad) {
                try {
                    st.execute(sql);
                    out.line("no error: " + sql);
                } catch (SQLException e) {
                    out.line(e.getSQLState() + " " + sql);
                }
            }
            printRows(st.executeQuery("SELECT count(*) FROM jdbc_meta.customers"));
        }
    }

    // sessions checks session characteristics and the query timeout, which the driver
    // implements with a cancel request on a connection of its own.
    static void sessions(Connection c) throws SQLException {
        out.section("sessions");
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            printRows(st.executeQuery("SHOW transaction_read_only"));
            for (String sql : new String[] {
                    "INSERT INTO jdbc_meta.order_lines VALUES (9, 1, 1)",
                    "CREATE TABLE jdbc_meta.never (a int)",
                    "UPDATE jdbc_meta.customers SET name = 'x'"}) {
                try {
                    st.execute(sql);
                    out.line("no error: " + sql);
                } catch (SQLException e) {
                    out.line(e.getSQLState() + " " + sql);
                }
            }
            st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            printRows(st.executeQuery("SHOW transaction_read_only"));
            st.setQueryTimeout(1);
            try {
                st.executeQuery("SELECT pg_sleep(30)");
                out.line("no error: pg_sleep past the query timeout");
            } catch (SQLException e) {
                out.line("timeout " + e.getSQLState());
            }
            st.setQueryTimeout(0);
            printRows(st.executeQuery("SELECT count(*) FROM jdbc_meta.order_lines"));
        }
    }

    // copy loads and reads rows with the driver's CopyManager (COPY FROM STDIN, TO STDOUT).
    static void copy(Connection c) throws SQLException {
        out.section("copy");
        org.postgresql.copy.CopyManager cm = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        try {
            long n = cm.copyIn("COPY jdbc_meta.order_lines FROM STDIN (FORMAT csv)",
                new java.io.StringReader("4,1,1\n4,2,2\n5,1,\"3\"\n"));
            out.line("copied in " + n);
            java.io.StringWriter w = new java.io.StringWriter();
            n = cm.copyOut("COPY (SELECT * FROM jdbc_meta.order_lines ORDER BY 1, 2) TO STDOUT (FORMAT csv, HEADER)", w);
            out.line("copied out " + n);
            out.line(w.toString().trim());
            try {
                cm.copyIn("COPY jdbc_meta.order_lines FROM STDIN (FORMAT csv)", new java.io.StringReader("5,2,x\n"));
                out.line("no error: bad COPY row");
            } catch (SQLException e) {
                out.line("bad row " + e.getSQLState());
            }
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    // metadata prints the DatabaseMetaData calls tools make to learn a schema.
    static void metadata(Connection c) throws SQLException {
        out.section("metadata");
        DatabaseMetaData md = c.getMetaData();
        out.line("product " + md.getDatabaseProductName() + " major " + md.getDatabaseMajorVersion());
        out.line("identifier quote " + md.getIdentifierQuoteString());
        out.line("user " + md.getUserName().isEmpty());
        out.line("read only " + md.isReadOnly());
        out.line("supports transactions " + md.supportsTransactions());
        out.line("default isolation " + md.getDefaultTransactionIsolation());
        out.line("max identifier length " + md.getMaxColumnNameLength());
        out.line("catalog term " + md.getCatalogTerm() + ", schema term " + md.getSchemaTerm());
        out.line("keywords " + md.getSQLKeywords());
        out.line("string functions " + md.getStringFunctions());
        out.line("catalog " + c.getCatalog() + ", schema " + c.getSchema());
        out.sub("getCatalogs");
        printRows(md.getCatalogs());
        out.sub("getSchemas");
        printRowsWhere(md.getSchemas(), "TABLE_SCHEM", "public", "pg_catalog", "information_schema", SCHEMA);
        out.sub("getSchemas jdbc%");
        printRows(md.getSchemas(null, "jdbc%"));
        out.sub("getTableTypes");
        printRows(md.getTableTypes());
        out.sub("getTables");
        printRows(md.getTables(null, SCHEMA, "%", null));
        out.sub("getTables TABLE");
        printRows(md.getTables(null, SCHEMA, "%", new String[] {"TABLE"}));
        out.sub("getTables VIEW");
        printRows(md.getTables(null, SCHEMA, "%", new String[] {"VIEW"}));
        out.sub("getTables SYSTEM TABLE pg_class");
        printRows(md.getTables(null, "pg_catalog", "pg_class", new String[] {"SYSTEM TABLE"}));
        out.sub("getColumns");
        printRows(md.getColumns(null, SCHEMA, "%", "%"));
        for (String table : new String[] {"customers", "orders", "order_lines", "big_orders"}) {
            out.sub("getPrimaryKeys " + table);
            printRows(md.getPrimaryKeys(null, SCHEMA, table));
            out.sub("getImportedKeys " + table);
            printRows(md.getImportedKeys(null, SCHEMA, table));
            out.sub("getExportedKeys " + table);
            printRows(md.getExportedKeys(null, SCHEMA, table));
            out.sub("getIndexInfo " + table);
            printRows(md.getIndexInfo(null, SCHEMA, table, false, true), "CARDINALITY", "PAGES");
            out.sub("getIndexInfo unique " + table);
            printRows(md.getIndexInfo(null, SCHEMA, table, true, true), "CARDINALITY", "PAGES");
        }
        out.sub("getCrossReference");
        printRows(md.getCrossReference(null, SCHEMA, "orders", null, SCHEMA, "order_lines"));
        out.sub("getTypeInfo");
        printRowsWhere(md.getTypeInfo(), "TYPE_NAME", "bool", "bytea", "char", "int8", "int2", "int4", "text",
            "oid", "json", "float4", "float8", "bpchar", "varchar", "date", "time", "timestamp", "timestamptz",
            "interval", "numeric", "uuid", "jsonb", "_int4", "_text");
        out.sub("getFunctions abs");
        printRows(md.getFunctions(null, "pg_catalog", "abs"));
        out.sub("getFunctionColumns abs");
        printRows(md.getFunctionColumns(null, "pg_catalog", "abs", null));
        out.sub("getProcedures");
        printRows(md.getProcedures(null, SCHEMA, "%"));
        out.sub("getColumnPrivileges");
        printRowsWhere(md.getColumnPrivileges(null, SCHEMA, "customers", "%"), "PRIVILEGE", "SELECT", "INSERT",
            "UPDATE", "REFERENCES");
        out.sub("getVersionColumns");
        printRows(md.getVersionColumns(null, SCHEMA, "customers"));
        out.sub("getClientInfoProperties");
        printRows(md.getClientInfoProperties());
        out.sub("getUDTs");
        printRows(md.getUDTs(null, SCHEMA, "%", null));
        out.sub("getBestRowIdentifier");
        printRows(md.getBestRowIdentifier(null, SCHEMA, "order_lines", DatabaseMetaData.bestRowSession, true));
        out.sub("getTablePrivileges");
        printRowsWhere(md.getTablePrivileges(null, SCHEMA, "customers"), "PRIVILEGE", "SELECT", "INSERT", "UPDATE",
            "DELETE");
    }

    // metabase replays what Metabase does on connect and when it syncs a database: its
    // connection settings, then its catalog queries (written here after the queries its
    // PostgreSQL driver sends) and a fingerprinting scan with a fetch size.
    static void metabase(Connection c) throws SQLException {
        out.section("metabase");
        c.setReadOnly(true);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
        c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(60);
            st.execute("SET SESSION TIMEZONE TO 'UTC'");
            printRows(st.executeQuery("SELECT 1"));
            DatabaseMetaData md = c.getMetaData();
            printRows(md.getTables(null, SCHEMA, "%",
                new String[] {"TABLE", "PARTITIONED TABLE", "VIEW", "FOREIGN TABLE", "MATERIALIZED VIEW"}));
            printRows(md.getColumns(null, SCHEMA, "customers", null));
            printRows(st.executeQuery("SHOW timezone"));
            printRows(st.executeQuery("SHOW transaction_read_only"));
            printRows(st.executeQuery("SELECT current_database() = current_catalog, current_schema()"));
            printRows(st.executeQuery(
                "SELECT nspname FROM pg_catalog.pg_namespace "
                    + "WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' AND nspname = '" + SCHEMA + "' "
                    + "AND has_schema_privilege(current_user, nspname, 'USAGE') ORDER BY nspname"));
            printRows(st.executeQuery(
                "SELECT n.nspname AS schema, c.relname AS name, "
                    + "CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' "
                    + "WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS type, "
                    + "d.description AS description, stat.n_live_tup IS NOT NULL AS has_estimate "
                    + "FROM pg_catalog.pg_class c "
                    + "INNER JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid "
                    + "LEFT JOIN pg_catalog.pg_description d ON c.oid = d.objoid AND d.objsubid = 0 "
                    + "AND d.classoid = 'pg_class'::regclass "
                    + "LEFT JOIN pg_stat_user_tables stat ON n.nspname = stat.schemaname AND c.relname = stat.relname "
                    + "WHERE c.relkind IN ('r', 'p', 'v', 'f', 'm') AND n.nspname = '" + SCHEMA + "' "
                    + "AND n.nspname !~ '^information_schema$' AND n.nspname <> 'pg_catalog' "
                    + "AND (has_table_privilege(current_user, '\"' || replace(n.nspname, '\"', '\"\"') || '\".\"' "
                    + "|| replace(c.relname, '\"', '\"\"') || '\"', 'SELECT') "
                    + "OR has_any_column_privilege(current_user, c.oid, 'SELECT')) "
                    + "ORDER BY 1, 2"));
            printRows(st.executeQuery(
                "SELECT c.column_name AS name, c.udt_name AS database_type, c.ordinal_position - 1 AS database_position, "
                    + "c.table_schema, c.table_name, pk.column_name IS NOT NULL AS pk, "
                    + "col_description((quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass::oid, "
                    + "c.ordinal_position) AS field_comment, "
                    + "((c.column_default IS NULL OR lower(c.column_default) = 'null') AND c.is_nullable = 'NO' "
                    + "AND NOT (c.is_identity = 'YES' AND c.identity_generation = 'ALWAYS')) AS database_required, "
                    + "(c.column_default LIKE '%nextval(%' OR c.is_identity = 'YES') AS database_is_auto_increment "
                    + "FROM information_schema.columns c "
                    + "LEFT JOIN (SELECT tc.table_schema, tc.table_name, kc.column_name "
                    + "FROM information_schema.table_constraints tc "
                    + "INNER JOIN information_schema.key_column_usage kc ON tc.constraint_name = kc.constraint_name "
                    + "AND tc.table_schema = kc.table_schema AND tc.table_name = kc.table_name "
                    + "WHERE tc.constraint_type = 'PRIMARY KEY') pk "
                    + "ON c.table_schema = pk.table_schema AND c.table_name = pk.table_name AND c.column_name = pk.column_name "
                    + "WHERE c.table_schema = '" + SCHEMA + "' "
                    + "ORDER BY c.table_schema, c.table_name, c.ordinal_position"));
            printRows(st.executeQuery(
                "SELECT fk_ns.nspname AS fk_table_schema, fk_table.relname AS fk_table_name, "
                    + "fk_column.attname AS fk_column_name, pk_ns.nspname AS pk_table_schema, "
                    + "pk_table.relname AS pk_table_name, pk_column.attname AS pk_column_name "
                    + "FROM pg_constraint c "
                    + "JOIN pg_class fk_table ON c.conrelid = fk_table.oid "
                    + "JOIN pg_namespace fk_ns ON c.connamespace = fk_ns.oid "
                    + "JOIN pg_attribute fk_column ON c.conrelid = fk_column.attrelid AND fk_column.attnum = ANY (c.conkey) "
                    + "JOIN pg_class pk_table ON c.confrelid = pk_table.oid "
                    + "JOIN pg_namespace pk_ns ON pk_table.relnamespace = pk_ns.oid "
                    + "JOIN pg_attribute pk_column ON c.confrelid = pk_column.attrelid AND pk_column.attnum = ANY (c.confkey) "
                    + "WHERE c.contype = 'f' AND fk_ns.nspname = '" + SCHEMA + "' "
                    + "ORDER BY 1, 2, 3"));
            printRows(st.executeQuery(
                "SELECT tmp.table_schema, tmp.table_name, tmp.type, tmp.value FROM ("
                    + "SELECT ns.nspname AS table_schema, t.relname AS table_name, 'normal-column-index' AS type, "
                    + "a.attname AS value, i.indisprimary AS is_pk, k.position AS pos "
                    + "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                    + "JOIN pg_namespace ns ON ns.oid = t.relnamespace "
                    + "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) "
                    + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
                    + "WHERE ns.nspname = '" + SCHEMA + "' AND k.position = 1) tmp "
                    + "ORDER BY 1, 2, 4"));
            printRows(st.executeQuery(
                "SELECT DISTINCT t.typname FROM pg_enum e LEFT JOIN pg_type t ON t.oid = e.enumtypid "
                    + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = '" + SCHEMA + "'"));
            st.setFetchSize(2);
            st.setMaxRows(10000);
            try (ResultSet rs = st.executeQuery(
                    "SELECT \"" + SCHEMA + "\".\"orders\".\"id\" AS \"id\", \"" + SCHEMA + "\".\"orders\".\"note\" AS \"note\" "
                        + "FROM \"" + SCHEMA + "\".\"orders\" ORDER BY \"id\" LIMIT 10000")) {
                printRows(rs);
            }
            printRows(st.executeQuery(
                "SELECT count(*) AS \"count\", count(DISTINCT \"customer_id\") AS \"distinct\", "
                    + "avg(\"total\") AS \"avg\", min(\"placed\") AS \"min\", max(\"placed\") AS \"max\" "
                    + "FROM \"" + SCHEMA + "\".\"orders\""));
            c.commit();
            // The connection is read-only: a write fails and the transaction with it.
            try {
                st.executeUpdate("DELETE FROM jdbc_meta.orders");
                out.line("no error: DELETE in a read-only transaction");
            } catch (SQLException e) {
                out.line("error " + e.getSQLState());
            }
            c.rollback();
            printRows(st.executeQuery("SELECT count(*) FROM jdbc_meta.orders"));
            c.commit();
        }
        c.setAutoCommit(true);
        c.setReadOnly(false);
    }

    static void printMetadata(ResultSetMetaData md) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.line("column " + md.getColumnLabel(i) + " type " + md.getColumnTypeName(i) + " sqltype "
                + md.getColumnType(i) + " class " + md.getColumnClassName(i) + " precision " + md.getPrecision(i)
                + " scale " + md.getScale(i) + " display " + md.getColumnDisplaySize(i) + " nullable "
                + md.isNullable(i) + " autoincrement " + md.isAutoIncrement(i) + " table " + md.getTableName(i)
                + " schema " + md.getSchemaName(i) + " signed " + md.isSigned(i));
        }
    }

    static void printRows(ResultSet rs, String... masked) throws SQLException {
        printRowsWhere(rs, null, masked, null);
    }

    static void printRowsWhere(ResultSet rs, String column, String... keep) throws SQLException {
        printRowsWhere(rs, column, new String[0], new HashSet<>(Arrays.asList(keep)));
    }

    // printRowsWhere prints a result set's column labels and rows, keeping only rows whose
    // column is one of keep (when column is not null) and printing masked columns as "*":
    // statistics such as an index's pages are estimates that differ between servers.
    static void printRowsWhere(ResultSet rs, String column, String[] masked, Set<String> keep) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            Set<String> mask = new HashSet<>(Arrays.asList(masked));
            StringBuilder head = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                head.append(i > 1 ? " | " : "").append(md.getColumnLabel(i));
            }
            out.line(head.toString());
            int rows = 0;
            while (rs.next()) {
                if (column != null && !keep.contains(rs.getString(column))) {
                    continue;
                }
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = mask.contains(md.getColumnLabel(i)) ? "*" : rs.getString(i);
                    row.append(i > 1 ? " | " : "").append(v == null ? "NULL" : v);
                }
                out.line(row.toString());
                rows++;
            }
            out.line("(" + rows + " rows)");
        }
    }

    // PrintStreamOut collects the output, so that a crash midway prints nothing partial that
    // could pass for a short answer.
    static final class PrintStreamOut {
        private final StringBuilder sb = new StringBuilder();

        void section(String name) {
            sb.append("\n=== ").append(name).append('\n');
        }

        void sub(String name) {
            sb.append("--- ").append(name).append('\n');
        }

        void line(String s) {
            sb.append(s).append('\n');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
