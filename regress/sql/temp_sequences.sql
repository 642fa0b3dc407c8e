-- Sequences of temporary tables: serial columns, temporary sequences and the regclass
-- names that find them through the session's temporary schema.
CREATE TEMP TABLE tseq_items (id serial, label text, qty int DEFAULT 42);
INSERT INTO tseq_items (label, qty) VALUES ('a', DEFAULT), ('b', 11) RETURNING *, id + qty AS total;
INSERT INTO tseq_items AS t DEFAULT VALUES RETURNING t.*;
SELECT 'tseq_items'::regclass, 'tseq_items_id_seq'::regclass;
SELECT currval('tseq_items_id_seq');
CREATE TEMP SEQUENCE tseq_counter START 5;
SELECT nextval('tseq_counter'), nextval('tseq_counter'::regclass);
SELECT setval('tseq_counter', 100), nextval('tseq_counter');
-- a temporary relation hides a permanent one of the same name
CREATE TABLE tseq_shadow (a int);
CREATE TEMP TABLE tseq_shadow (b text);
SELECT attname FROM pg_attribute WHERE attrelid = 'tseq_shadow'::regclass AND attnum > 0;
SELECT attname FROM pg_attribute WHERE attrelid = 'public.tseq_shadow'::regclass AND attnum > 0;
DROP TABLE tseq_shadow;
SELECT attname FROM pg_attribute WHERE attrelid = 'tseq_shadow'::regclass AND attnum > 0;
DROP TABLE tseq_shadow;
SELECT 'tseq_shadow'::regclass;
DROP SEQUENCE tseq_counter;
SELECT nextval('tseq_counter');
DROP TABLE tseq_items;
