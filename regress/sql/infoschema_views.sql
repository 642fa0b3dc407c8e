--
-- information_schema.views: every view with what pg_get_viewdef prints, shown only to
-- roles with the owner's privileges.
--
CREATE SCHEMA isv;
CREATE TABLE isv.t (a int, b text, c numeric);
CREATE VIEW isv.v1 AS SELECT a, b FROM isv.t WHERE b = 'x' AND c > 1.5;
CREATE VIEW isv.v2 AS SELECT a, count(*) AS n FROM isv.t GROUP BY a ORDER BY a;
CREATE VIEW isv.v3 AS SELECT v1.a, upper(v1.b) AS ub FROM isv.v1 JOIN isv.t USING (a);
CREATE MATERIALIZED VIEW isv.mv AS SELECT a FROM isv.t;
SELECT table_catalog = current_database() AS same_db, table_schema, table_name, view_definition,
       check_option, is_trigger_updatable, is_trigger_deletable, is_trigger_insertable_into
FROM information_schema.views WHERE table_schema = 'isv' ORDER BY table_name;
SELECT count(*) > 0 AS system_views_listed FROM information_schema.views
WHERE table_schema = 'pg_catalog' AND table_name = 'pg_tables';
CREATE ROLE isv_reader;
GRANT USAGE ON SCHEMA isv TO isv_reader;
GRANT SELECT ON isv.v1 TO isv_reader;
SET ROLE isv_reader;
SELECT table_name, view_definition IS NULL AS hidden FROM information_schema.views
WHERE table_schema = 'isv' ORDER BY table_name;
RESET ROLE;
DROP SCHEMA isv CASCADE;
DROP ROLE isv_reader;
