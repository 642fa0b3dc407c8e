--
-- pg_get_keywords(): PostgreSQL 15's keyword list with its categories and bare-label flags.
--
SELECT count(*) FROM pg_get_keywords();
SELECT catcode, catdesc, barelabel, baredesc, count(*)
FROM pg_get_keywords() GROUP BY 1, 2, 3, 4 ORDER BY 1, 3;
SELECT * FROM pg_get_keywords()
WHERE word IN ('abort', 'all', 'between', 'select', 'xmltable', 'zone', 'merge', 'cross', 'over')
ORDER BY word;
SELECT word FROM pg_get_keywords() ORDER BY word LIMIT 3;
SELECT word FROM pg_get_keywords() ORDER BY word DESC LIMIT 3;
