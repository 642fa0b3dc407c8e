-- COMMENT ON CONSTRAINT: foreign key, CHECK and PRIMARY KEY constraints keep a comment,
-- which pg_description and obj_description show; an unknown name is 42704.
CREATE TABLE cpk (a int PRIMARY KEY, b int CONSTRAINT cb CHECK (b > 0));
CREATE TABLE cfk (x int CONSTRAINT constrname REFERENCES cpk);
COMMENT ON CONSTRAINT constrname_wrong ON cfk IS 'fk constraint comment';
COMMENT ON CONSTRAINT constrname ON cfk IS 'fk constraint comment';
COMMENT ON CONSTRAINT cb ON cpk IS 'check comment';
COMMENT ON CONSTRAINT cpk_pkey ON cpk IS 'pk comment';
SELECT c.conname, d.description FROM pg_description d JOIN pg_constraint c ON c.oid = d.objoid AND d.classoid = 'pg_constraint'::regclass ORDER BY 1;
COMMENT ON CONSTRAINT constrname ON cfk IS NULL;
SELECT c.conname, obj_description(c.oid, 'pg_constraint') FROM pg_constraint c WHERE conrelid IN ('cpk'::regclass, 'cfk'::regclass) ORDER BY 1;
DROP TABLE cfk, cpk;
