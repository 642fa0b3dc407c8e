-- information_schema.table_constraints and key_column_usage
CREATE TABLE itc (id int PRIMARY KEY, a int NOT NULL, b text UNIQUE, c int, d int, CHECK (a > 0), UNIQUE NULLS NOT DISTINCT (c, d));
SELECT constraint_schema, table_name, constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct,
       CASE WHEN constraint_name LIKE '%not_null' THEN 'not null' ELSE constraint_name END AS name
  FROM information_schema.table_constraints WHERE table_name = 'itc' ORDER BY constraint_type, name;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
  FROM information_schema.key_column_usage WHERE table_name = 'itc' ORDER BY constraint_name, ordinal_position;
SELECT tc.constraint_name, kcu.column_name FROM information_schema.table_constraints tc
  JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
 WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = 'itc';
DROP TABLE itc;
