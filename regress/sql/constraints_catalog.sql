-- Unique indexes and key constraints in the catalogs and psql's descriptions
CREATE TABLE dk (id int PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE NULLS NOT DISTINCT (a, b), CONSTRAINT named UNIQUE (b));
\d dk
SELECT indexrelid::regclass, indrelid::regclass, indnatts, indisunique, indisprimary, indnullsnotdistinct, indkey FROM pg_index WHERE indrelid = 'dk'::regclass ORDER BY 1;
SELECT conname, contype, conkey, conindid::regclass, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'dk'::regclass ORDER BY conname;
SELECT * FROM pg_indexes WHERE tablename = 'dk' ORDER BY indexname;
SELECT relname, relkind, relhasindex FROM pg_class WHERE relname LIKE 'dk%' OR relname = 'named' ORDER BY relname;
SELECT pg_get_indexdef('dk_pkey'::regclass), pg_get_indexdef('dk_a_b_key'::regclass, 2, true);
SELECT hasindexes FROM pg_tables WHERE tablename = 'dk';
\di
DROP TABLE dk;
