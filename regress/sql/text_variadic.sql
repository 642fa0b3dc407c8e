-- concat, concat_ws and format called with a VARIADIC array: the array's elements are the
-- variadic arguments, per row, after the leading ones.
SELECT concat(VARIADIC ARRAY[1, 2, 3]), concat_ws(',', VARIADIC ARRAY[1, 2, 3]);
SELECT concat(VARIADIC NULL::int[]) IS NULL AS null_array, concat(VARIADIC '{}'::int[]) = '' AS empty_array,
  concat_ws(',', VARIADIC NULL::int[]) IS NULL AS ws_null_array, concat_ws(NULL, VARIADIC ARRAY[1]) IS NULL AS null_sep;
SELECT concat(VARIADIC '{{a,b},{c,d}}'::text[]), concat_ws('-', VARIADIC '{{a,b},{c,d}}'::text[]);
SELECT format('%s, %s', VARIADIC ARRAY['Hello', 'World']), format('%2$s, %1$s', VARIADIC ARRAY[1, 2]),
  format('%s, %s', VARIADIC ARRAY[true, false]::text[]);
-- a NULL array gives format no arguments, which is fine while none is referenced
SELECT format('Hello', VARIADIC NULL::int[]);
SELECT format(string_agg('%s', ','), VARIADIC array_agg(i)) FROM generate_series(1, 12) g(i);
-- per row, with leading arguments that vary too
SELECT sep, a, concat(VARIADIC a), concat_ws(sep, VARIADIC a), format('<%s>', VARIADIC a || sep)
  FROM (VALUES (',', '{x,y}'::text[]), (NULL, '{p,q}'), ('+', NULL), (':', '{m,NULL}')) v(sep, a)
  ORDER BY a;
-- errors
SELECT concat_ws(',', VARIADIC 10);
SELECT format('%s %s', VARIADIC ARRAY['only']);
SELECT format('Hello %s', VARIADIC NULL::int[]);
