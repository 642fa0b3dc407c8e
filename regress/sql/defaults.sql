-- Column DEFAULT expressions
CREATE TABLE dflt (id int NOT NULL, name text DEFAULT 'x', n numeric DEFAULT 1.5, k int DEFAULT 1 + 1, flag bool DEFAULT true, created timestamptz DEFAULT now());
INSERT INTO dflt (id) VALUES (1);
INSERT INTO dflt (id, name) VALUES (2, 'two'), (3, DEFAULT);
INSERT INTO dflt VALUES (4, DEFAULT, DEFAULT, 40);
INSERT INTO dflt VALUES (5);
INSERT INTO dflt (id, k) SELECT 6, 60;
INSERT INTO dflt (name, id) VALUES (DEFAULT, 7);
SELECT id, name, n, k, flag, created IS NOT NULL AS has_created FROM dflt ORDER BY id;
UPDATE dflt SET name = 'changed', k = 9 WHERE id = 1;
UPDATE dflt SET name = DEFAULT, k = DEFAULT WHERE id = 1;
SELECT id, name, k FROM dflt WHERE id = 1;
ALTER TABLE dflt ALTER COLUMN name SET DEFAULT 'y' || 'z';
ALTER TABLE dflt ALTER COLUMN k DROP DEFAULT;
INSERT INTO dflt (id) VALUES (8);
SELECT id, name, k FROM dflt WHERE id = 8;
ALTER TABLE dflt ALTER COLUMN nosuch SET DEFAULT 1;
ALTER TABLE dflt ALTER COLUMN k SET DEFAULT 'abc';
ALTER TABLE dflt ALTER COLUMN k SET DEFAULT true;
DROP TABLE dflt;
-- DEFAULT VALUES
CREATE TABLE dv (a int DEFAULT 7, b text, c date DEFAULT '2020-01-02');
INSERT INTO dv DEFAULT VALUES;
INSERT INTO dv DEFAULT VALUES;
SELECT * FROM dv ORDER BY a;
UPDATE dv SET b = DEFAULT, a = DEFAULT;
SELECT count(*) FROM dv WHERE a = 7 AND b IS NULL;
DROP TABLE dv;
CREATE TABLE nodef (a int, b text);
INSERT INTO nodef DEFAULT VALUES;
INSERT INTO nodef (b) VALUES (DEFAULT);
SELECT * FROM nodef ORDER BY b;
DROP TABLE nodef;
-- errors in DEFAULT expressions
CREATE TABLE bad (a int DEFAULT b, b int);
CREATE TABLE bad (a int DEFAULT (SELECT 1));
CREATE TABLE bad (a int DEFAULT 'x');
CREATE TABLE bad (a int DEFAULT sum(1));
CREATE TABLE bad (a int DEFAULT true);
CREATE TABLE bad (a int DEFAULT 1, b text DEFAULT NULL);
INSERT INTO bad (b) VALUES ('q');
SELECT * FROM bad;
DROP TABLE bad;
-- COPY FROM with a column list fills the other columns' defaults
CREATE TABLE cdf (id int, name text DEFAULT 'anon', k int DEFAULT 10 * 2, note text);
COPY cdf (id, note) FROM STDIN;
1	first
2	second
\.
COPY cdf (note, id, name) FROM STDIN (FORMAT csv);
third,3,named
\.
SELECT * FROM cdf ORDER BY id;
DROP TABLE cdf;
-- ALTER TABLE ADD COLUMN ... DEFAULT: existing rows take the default
CREATE TABLE adc (id int);
INSERT INTO adc VALUES (1), (2), (3);
ALTER TABLE adc ADD COLUMN name text DEFAULT 'filled';
ALTER TABLE adc ADD COLUMN k int NOT NULL DEFAULT 5 * 2, ADD COLUMN z int DEFAULT NULL;
INSERT INTO adc (id) VALUES (4);
INSERT INTO adc (id, name, k) VALUES (5, 'own', 1);
SELECT * FROM adc ORDER BY id;
ALTER TABLE adc ADD COLUMN bad int NOT NULL DEFAULT NULL;
ALTER TABLE adc ADD COLUMN bad2 int NOT NULL;
SELECT count(*) FROM adc WHERE k IS NOT NULL;
DELETE FROM adc;
ALTER TABLE adc ADD COLUMN e int NOT NULL;
ALTER TABLE adc ADD COLUMN d date DEFAULT '2024-02-03';
INSERT INTO adc (id, e) VALUES (9, 0);
SELECT id, d FROM adc;
DROP TABLE adc;
BEGIN;
CREATE TABLE adt (id int);
INSERT INTO adt VALUES (1);
ALTER TABLE adt ADD COLUMN v numeric DEFAULT 2.5;
SELECT * FROM adt;
ROLLBACK;
