--
-- String and pattern functions: regular expressions, SIMILAR TO, LIKE ... ESCAPE, "char",
-- bytea, encode/decode, to_char/to_number for numbers
--

CREATE TABLE str_t (id int, s text, p text);
INSERT INTO str_t VALUES
  (1, 'abc', 'b'), (2, 'Hello World', '^h.*d$'), (3, 'foo bar baz', 'ba[rz]'),
  (4, 'a.b', '\.'), (5, NULL, 'x'), (6, 'xyz', NULL), (7, 'line1
line2', '^line2');

-- regex operators, per row patterns and NULLs
SELECT id, s ~ p AS m, s ~* p AS mi, s !~ p AS nm, s !~* p AS nmi FROM str_t ORDER BY id;
SELECT 'abc' ~ 'a|ab' AS alt, 'ABC' ~* '^abc$' AS ci, 'x' !~ 'y' AS neg;
SELECT 'foo' ~ '(', 'a' ~ 'a{3,2}';
SELECT 'foo' ~ 'x{256}';
SELECT 'abc' ~ '\q';

-- ARE escapes and classes
SELECT 'a b' ~ 'a\sb' AS s, 'word' ~ '^\w+$' AS w, 'x1' ~ '[[:digit:]]' AS digit,
       'tab	x' ~ '\t' AS tab, 'a]b' ~ '[]]' AS bracket, 'foo bar' ~ '\mbar\M' AS word_edges;
SELECT regexp_replace('foo bar', '\ybar\y', 'BAZ'), regexp_replace('a\b', '\B', '/');

-- newline sensitivity
SELECT 'a
b' ~ 'a.b' AS dot_nl, regexp_like('a
b', 'a.b', 'n') AS dot_n, regexp_like('x
line', '^line', 'n') AS anchor_n, regexp_like('x
line', '^line') AS anchor;

-- regexp_replace
SELECT regexp_replace('Thomas', '.[mN]a.', 'M');
SELECT regexp_replace('foobarbaz', 'b..', 'X', 'g');
SELECT regexp_replace('foobarbaz', 'B(..)', 'X\1Y\&Z', 'gi');
SELECT regexp_replace('abc', 'b*', '-', 'g');
SELECT regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 2);
SELECT regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 0, 'i');
SELECT regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 9);
SELECT regexp_replace('abc', 'b', 'x', 'z');
SELECT regexp_replace('abc', 'b', 'x', '1');
SELECT id, regexp_replace(s, '[aeiou]', '_', 'g') FROM str_t ORDER BY id;

-- regexp_count, regexp_instr, regexp_substr, regexp_like
SELECT regexp_count('123123123123123', '(12)3'), regexp_count('abcabc', 'B', 1, 'i'), regexp_count('abc', 'b*');
SELECT regexp_count('abc', 'b', 0);
SELECT regexp_instr('abcabc', 'b'), regexp_instr('abcabc', 'b', 3), regexp_instr('abcabc', 'b', 1, 2, 1),
       regexp_instr('abcdef', '(c)(d)', 1, 1, 0, '', 2), regexp_instr('abc', 'z');
SELECT regexp_instr('abc', 'b', 1, 0);
SELECT regexp_substr('abcabc', 'b.'), regexp_substr('abcabc', 'b.', 1, 2), regexp_substr('abc', 'z') IS NULL AS nomatch,
       regexp_substr('1234567890', '(\d)(\d)', 1, 3, '', 2);
SELECT regexp_like('Steven', '^ste(v|ph)en$', 'i'), regexp_like('abc', 'B');
SELECT regexp_like('abc', 'b', 'g');

-- substring with patterns
SELECT substring('Thomas' from '...$'), substring('Thomas' from 'T(.)o'), substring('Thomas' from 'x') IS NULL AS nomatch;
SELECT substring('abcdefg' similar 'a#"(b_d)#"%' escape '#');
SELECT substring('abcdefg' from 'a#"%#"g' for '#');
SELECT SUBSTRING('abcdefg' SIMILAR 'a*#"%#"g*' ESCAPE '#') AS "abcdefg";
SELECT SUBSTRING('abcdefg' SIMILAR 'a#"%#"x|g' ESCAPE '#') AS "bcdef";

-- regexp_split_to_table
SELECT * FROM regexp_split_to_table('the quick  brown fox', '\s+');
SELECT * FROM regexp_split_to_table('abc', '');
SELECT * FROM regexp_split_to_table('aXbxc', 'x', 'i');

-- SIMILAR TO and its escape
SELECT 'abc' SIMILAR TO 'abc' AS t1, 'abc' SIMILAR TO 'a' AS f1, 'abc' SIMILAR TO '%(b|d)%' AS t2,
       'abc' SIMILAR TO '(b|c)%' AS f2, 'abc' NOT SIMILAR TO '_b_' AS f3, 'a%c' SIMILAR TO 'a#%c' ESCAPE '#' AS t3;
SELECT similar_to_escape('a%_b(c|d)'), similar_to_escape('x#"y#"z', '#'), similar_to_escape('[]%]'), similar_to_escape('a.b', '');
SELECT 'abc' SIMILAR TO 'a' ESCAPE 'xy';

-- LIKE and ILIKE with ESCAPE
SELECT 'a_c' LIKE 'a!_c' ESCAPE '!' AS t1, 'abc' LIKE 'a!_c' ESCAPE '!' AS f1, 'a\c' LIKE 'a\c' ESCAPE '' AS t2,
       'A%C' ILIKE 'a$%c' ESCAPE '$' AS t3, 'abc' NOT LIKE 'a%' ESCAPE '' AS f2;
SELECT 'abc' LIKE 'a%' ESCAPE 'ab';

-- "char"
CREATE TABLE char_t (c "char");
INSERT INTO char_t VALUES ('a'), ('zebra'), (''), ('\101'), ('\377'), (NULL);
SELECT c, c::text AS t, c::int AS i, c = 'a' AS is_a FROM char_t ORDER BY c;
SELECT 65::"char", 'xy'::text::"char", '\000'::"char"::text = '' AS empty;
SELECT 300::"char";

-- bytea
SELECT '\x0102'::bytea || '\x03'::bytea AS cat, length('\x010203'::bytea), octet_length('abc'::bytea),
       'abc'::bytea < 'abd'::bytea AS lt, 'abc'::bytea = 'abc'::bytea AS eq;
SELECT substring('1234567890'::bytea from 3 for 4), substr('abc'::bytea, 2), position('\x03'::bytea in '\x010203'::bytea);
SELECT btrim('\x0001020000'::bytea, '\x00'::bytea), overlay('Th\000omas'::bytea placing '\x0203'::bytea from 5 for 3);
SELECT get_byte('\x1234567890'::bytea, 4), set_byte('\x1234'::bytea, 0, 255), get_bit('\x1234'::bytea, 2), set_bit('\x1234'::bytea, 0, 1);
SELECT get_byte('\x12'::bytea, 1);
SELECT 'abc'::bytea LIKE '_b%'::bytea AS t, 'a_c'::bytea NOT LIKE 'a$_c'::bytea ESCAPE '$'::bytea AS f;
SELECT md5('abc'::bytea), sha256('abc'::bytea), bit_count('\xff01'::bytea);
SET bytea_output TO escape;
SELECT 'a\\b\001\377'::bytea, decode('a\134b', 'escape');
RESET bytea_output;
SET bytea_output TO octal;

-- encode and decode
SELECT encode('\x00ff5c41'::bytea, 'hex'), encode('\x00ff5c41'::bytea, 'escape'), encode('hello'::bytea, 'base64');
SELECT decode('68656c6c6f', 'hex'), decode('aGVsbG8=', 'base64'), decode('aGVs bG8=', 'base64'), decode('a\000b', 'escape');
SELECT encode(decode(repeat('0123456789abcdef', 4), 'hex'), 'base64');
SELECT decode('abc', 'hex');
SELECT decode('a', 'base64');
SELECT decode('a!', 'base64');
SELECT encode('a'::bytea, 'foo');
SELECT convert_from('\xc3a9'::bytea, 'UTF8'), convert_to('é', 'utf8'), length('\xc3a9'::bytea, 'UTF8');
SELECT convert_from('\xff'::bytea, 'UTF8');
SELECT convert_from('a'::bytea, 'nonesuch');

-- to_hex, overlay, unistr, chr, ascii
SELECT to_hex(255), to_hex(-1), to_hex(-1::bigint), to_hex(0);
SELECT overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('abc' placing 'XY' from 2), overlay('abc' placing 'Z' from 5);
SELECT overlay('abc' placing 'X' from 0);
SELECT unistr('d\0061t\+000061'), unistr('\u00e9\U0001F600'), unistr('a\\b');
SELECT unistr('\db99');
SELECT ascii('é'), chr(233), chr(128512);
SELECT chr(0);

-- to_char for integers, floats and numerics
CREATE TABLE num_t (n numeric);
INSERT INTO num_t VALUES (0), (-34338492.215397047), (4.31), (7799461.4119), (-0.5), (100);
SELECT n, to_char(n, '9G999G999D999'), to_char(n, 'FM9999999.99'), to_char(n, 'S0999999.999'),
       to_char(n, '9999999.99PR'), to_char(n, 'MI99999999.9'), to_char(n, '9.999EEEE') FROM num_t ORDER BY n;
SELECT to_char(n::float8, '99999999.999'), to_char(n::float4, 'FM9999.99'), to_char(n, 'L99999999.99') FROM num_t ORDER BY n;
SELECT to_char(485, '999'), to_char(-485, '999'), to_char(485, 'FMRN'), to_char(1999, 'rn'), to_char(21, '99th'),
       to_char(12, 'FM99TH'), to_char(485, 'SG999'), to_char(485, '9 9 9'), to_char(12, '9V99');
SELECT to_char(123456789, '999'), to_char(1.5::float8, '9.9EEEE'), to_char(-1234567::int8, '9.99EEEE');
SELECT to_char(12, E'"Value:" 99 "\\"q\\""'), to_char(0.1, '0.9'), to_char(0.1, '9.9'), to_char(0, 'FM9.9');
SELECT to_char(1, '9.9.9');
SELECT to_char(1, 'S9MI');
SELECT to_char(1, '9EEEEFM');

-- to_number
SELECT to_number('-34,338,492', '99G999G999'), to_number('<564646.654564>', '999999.999999PR'),
       to_number('5.01-', 'FM9.999999MI'), to_number('$1,234.56', 'L99,999.99'), to_number('42nd', '99th'),
       to_number('.01-', '99.99S'), to_number('12345', '999V99');
SELECT to_number('123', '9.9EEEE');

DROP TABLE str_t, char_t, num_t;
