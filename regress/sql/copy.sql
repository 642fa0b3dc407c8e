--
-- COPY FROM STDIN and TO STDOUT in text and csv format
--
CREATE TABLE copy_t (id int, name text, score numeric(5,2), born date);

-- text format: tab separated, \N is NULL, backslash escapes
COPY copy_t FROM STDIN;
1	alice	90.50	2000-01-01
2	bob	\N	2001-02-03
3	tab\there	7	\N
4	back\\slash	0.5	1999-12-31
\.
SELECT * FROM copy_t ORDER BY id;

-- csv with a header: quoted fields, embedded commas, quotes and newlines; an unquoted empty
-- field is NULL, a quoted one the empty string
COPY copy_t FROM STDIN (FORMAT csv, HEADER true);
id,name,score,born
5,"carol, jr",77.25,1999-12-31
6,,88,
7,"",1,2020-02-29
8,"say ""hi""",2.5,2021-01-01
9,"two
lines",3,2022-03-04
\.
SELECT id, name, name IS NULL AS null_name, score, born FROM copy_t WHERE id >= 5 ORDER BY id;

-- a column list, the others are NULL
COPY copy_t (name, id) FROM STDIN WITH (FORMAT csv);
zed,10
\.
SELECT * FROM copy_t WHERE id = 10;

-- other delimiters and NULL strings
COPY copy_t FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL 'NA');
11;semi;NA;2011-11-11
\.
SELECT * FROM copy_t WHERE id = 11;
SELECT count(*) FROM copy_t;

-- TO STDOUT
COPY copy_t TO STDOUT;
COPY copy_t TO STDOUT WITH (FORMAT csv, HEADER);
COPY copy_t (id, name) TO STDOUT WITH (FORMAT csv);
COPY (SELECT id, name, score * 2 AS double FROM copy_t WHERE score IS NOT NULL ORDER BY id DESC) TO STDOUT;
COPY (SELECT id, born FROM copy_t ORDER BY id LIMIT 3) TO STDOUT WITH (FORMAT csv, HEADER true);
COPY (SELECT 1 AS one, NULL::text AS nothing, true AS yes, '2024-01-01 10:00:00'::timestamp AS ts) TO STDOUT;

-- errors leave the table unchanged
COPY copy_t FROM STDIN;
12	bad	notanumber	2020-01-01
\.
COPY copy_t FROM STDIN;
13	short
\.
COPY copy_t FROM STDIN;
14	long	1	2020-01-01	extra
\.
COPY nope FROM STDIN;
COPY copy_t (nope) TO STDOUT;
SELECT count(*) FROM copy_t;

DROP TABLE copy_t;
