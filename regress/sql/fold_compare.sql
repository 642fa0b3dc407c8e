-- Comparisons the optimizer rewrites or the executor takes fast paths for: dates against
-- timestamp constants, numerics against constants of another scale, character(n) against
-- literals, AND/OR chains of comparisons with NULLs.
CREATE TABLE fc (d date, q numeric(15,2), c char(10), v varchar(10), i int);
INSERT INTO fc VALUES ('1994-01-01', 23.99, 'MAIL', 'MAIL', 1), ('1994-01-02', 24, 'SHIP ', 'SHIP', 2),
  ('1993-12-31', 24.01, 'AIR', 'AIR ', 3), (NULL, NULL, NULL, NULL, NULL),
  ('infinity', -24, '', '', 5), ('-infinity', 0.5, ' MAIL', ' MAIL', 6);
SELECT i FROM fc WHERE d < date '1993-12-01' + interval '1' month ORDER BY i;
SELECT i FROM fc WHERE d <= timestamp '1994-01-01 12:00' ORDER BY i;
SELECT i FROM fc WHERE d < timestamp '1994-01-01 12:00' ORDER BY i;
SELECT i FROM fc WHERE d > timestamp '1994-01-01 12:00' ORDER BY i;
SELECT i FROM fc WHERE d >= timestamp '1994-01-01 12:00' ORDER BY i;
SELECT i FROM fc WHERE d = timestamp '1994-01-01 12:00' ORDER BY i;
SELECT i FROM fc WHERE d = timestamp '1994-01-01' ORDER BY i;
SELECT i FROM fc WHERE timestamp '1994-01-01 00:00:01' > d ORDER BY i;
SELECT i FROM fc WHERE d <> date '1994-01-01' + interval '0' day ORDER BY i;
SELECT i FROM fc WHERE q < 24 ORDER BY i;
SELECT i FROM fc WHERE q >= 24 AND q <= 24.005 ORDER BY i;
SELECT i FROM fc WHERE q BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 OR q = -24.000 ORDER BY i;
SELECT i FROM fc WHERE q < 1 + 10 * 2.4 ORDER BY i;
SELECT i FROM fc WHERE c = 'MAIL' ORDER BY i;
SELECT i FROM fc WHERE c = 'SHIP' OR c = '' ORDER BY i;
SELECT i FROM fc WHERE c IN ('AIR', 'MAIL   ') ORDER BY i;
SELECT i FROM fc WHERE c < 'B' ORDER BY i;
SELECT i FROM fc WHERE c = v ORDER BY i;
SELECT i FROM fc WHERE c::text = v ORDER BY i;
SELECT i, c = 'MAIL' AND q > 0, c = 'MAIL' OR q > 0, NOT (d > '1994-01-01') FROM fc ORDER BY i;
SELECT count(*) FROM fc WHERE i > 1 AND 10 / i > 3;
SELECT count(*) FROM fc WHERE i = 0 OR 10 / i > 3;
SELECT i FROM fc WHERE i NOT IN (1, 2) ORDER BY i;
SELECT i, i IN (1, 5), d IN ('1994-01-01', '1993-12-31'), v IN ('AIR', 'MAIL'), v NOT IN ('AIR ', ''),
       q IN (24, 0.50), c NOT IN ('MAIL', 'AIR') FROM fc ORDER BY i;
DROP TABLE fc;
