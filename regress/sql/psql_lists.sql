--
-- psql's list commands over the catalogs pgfast holds little or nothing of (tablespaces,
-- conversions, text search, operator classes and families, extended statistics, user
-- mappings, collations), and the functions they call
--
\db
\dc nosuch
\dF nosuch
\dFd nosuch
\dFp nosuch
\dFt nosuch
\dO
\dX
\deu
\dAc brin nosuch
\dAf brin nosuch
\dAo brin nosuch
\dAp brin nosuch
\do nosuch
SELECT pg_operator_is_visible(o.oid) FROM pg_operator o
  WHERE oprname = '+' AND oprleft = 'int4'::regtype AND oprright = 'int4'::regtype;
SELECT pg_collation_is_visible(100), pg_collation_is_visible(950), pg_collation_is_visible(0);
SELECT pg_opclass_is_visible(0), pg_opfamily_is_visible(0), pg_conversion_is_visible(0),
       pg_statistics_obj_is_visible(0), pg_ts_parser_is_visible(0), pg_ts_dict_is_visible(0),
       pg_ts_config_is_visible(0), pg_ts_template_is_visible(0);
SELECT pg_char_to_encoding('UTF8'), pg_char_to_encoding('utf-8'), pg_char_to_encoding('Unicode'),
       pg_char_to_encoding('latin1'), pg_char_to_encoding('ISO-8859-1'), pg_char_to_encoding('windows-1252'),
       pg_char_to_encoding('SQL_ASCII'), pg_char_to_encoding('nope');
SELECT i, pg_encoding_to_char(i), pg_char_to_encoding(pg_encoding_to_char(i)) = i AS round_trip
  FROM generate_series(0, 42) i WHERE i IN (0, 6, 8, 24, 41, 42);
SELECT spcname, pg_tablespace_location(oid) FROM pg_tablespace ORDER BY spcname;
