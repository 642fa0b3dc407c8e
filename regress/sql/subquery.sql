-- Correlated subqueries: EXISTS, IN, scalar aggregates, and the shapes of TPC-H Q2, Q4,
-- Q17, Q20, Q21 and Q22 on small tables.
CREATE TABLE sq_a (k int, x int);
CREATE TABLE sq_b (k int, y int);
INSERT INTO sq_a VALUES (1, 10), (1, 20), (2, 5), (3, NULL), (NULL, 7), (4, 1), (5, 2);
INSERT INTO sq_b VALUES (1, 15), (1, 25), (2, 10), (4, NULL), (4, 6), (NULL, 3), (5, 7);

-- EXISTS / NOT EXISTS
SELECT * FROM sq_a WHERE EXISTS (SELECT 1 FROM sq_b WHERE sq_b.k = sq_a.k) ORDER BY k, x;
SELECT * FROM sq_a a WHERE NOT EXISTS (SELECT * FROM sq_b b WHERE b.k = a.k) ORDER BY k, x;
SELECT * FROM sq_a a WHERE EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.k AND b.y > a.x) ORDER BY k, x;
SELECT * FROM sq_a a WHERE NOT EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.k AND b.y > a.x) ORDER BY k, x;
SELECT * FROM sq_a a WHERE EXISTS (SELECT 1 FROM sq_b b WHERE b.y < a.x) ORDER BY k, x;
SELECT * FROM sq_a a WHERE EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.k LIMIT 1) AND a.x > 1 ORDER BY k, x;

-- IN / NOT IN with correlation, NULLs included: NOT IN is NULL (so false) when the
-- group of subquery rows holds a NULL or the tested value is NULL, unless the group is empty
SELECT * FROM sq_a a WHERE x IN (SELECT y - 5 FROM sq_b b WHERE b.k = a.k) ORDER BY k, x;
SELECT * FROM sq_a a WHERE x NOT IN (SELECT y - 5 FROM sq_b b WHERE b.k = a.k) ORDER BY k, x;
SELECT * FROM sq_a a WHERE x NOT IN (SELECT y FROM sq_b b WHERE b.k = a.k AND b.y IS NOT NULL) ORDER BY k, x;
SELECT * FROM sq_a a WHERE a.x + 1 NOT IN (SELECT b.y FROM sq_b b WHERE b.k <> a.k) ORDER BY k, x;
SELECT k, x, x IN (SELECT y - 5 FROM sq_b b WHERE b.k = a.k) AS in_b,
       x NOT IN (SELECT y - 5 FROM sq_b b WHERE b.k = a.k) AS not_in_b
FROM sq_a a ORDER BY k, x;

-- scalar subqueries with aggregates: grouped by the correlation and left-joined; an empty
-- group gives count() = 0 and NULL for the others
SELECT * FROM sq_a a WHERE x > (SELECT avg(y) FROM sq_b b WHERE b.k = a.k) ORDER BY k, x;
SELECT k, x, (SELECT count(*) FROM sq_b b WHERE b.k = a.k) AS n,
       (SELECT count(b.y) + 1 FROM sq_b b WHERE b.k = a.k) AS n1,
       (SELECT sum(y) FROM sq_b b WHERE b.k = a.k) AS total,
       (SELECT coalesce(max(y), -1) FROM sq_b b WHERE b.k = a.k) AS top
FROM sq_a a ORDER BY k, x;
SELECT k FROM sq_a a WHERE (SELECT count(*) FROM sq_b b WHERE b.k = a.k) = 0 ORDER BY k;

-- shapes evaluated per row
SELECT k, x, (SELECT max(y) FROM sq_b b WHERE b.k = a.k OR b.y > a.x) AS m FROM sq_a a ORDER BY k, x;
SELECT k, x, (SELECT b.y FROM sq_b b WHERE b.k = a.k AND b.y > 20) AS big FROM sq_a a ORDER BY k, x;
SELECT * FROM sq_a a WHERE x < 3 OR EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.k AND b.y = 10) ORDER BY k, x;
SELECT k, x FROM sq_a a
WHERE EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.k AND EXISTS (SELECT 1 FROM sq_a a2 WHERE a2.x = a.x AND a2.k = b.k))
ORDER BY k, x;
SELECT k, (SELECT count(*) FROM sq_b b WHERE b.k = a.k) AS n FROM sq_a a GROUP BY k ORDER BY k;
SELECT k, x FROM sq_a a WHERE x = (SELECT min(x) FROM sq_a a2 WHERE a2.k = a.k) ORDER BY k;
SELECT k, x, (SELECT y FROM sq_b b WHERE b.k = a.k) FROM sq_a a WHERE k = 1;

-- TPC-H on small tables
CREATE TABLE sq_region (r_regionkey int, r_name text);
CREATE TABLE sq_nation (n_nationkey int, n_name text, n_regionkey int);
CREATE TABLE sq_supplier (s_suppkey int, s_name text, s_nationkey int, s_acctbal numeric(12,2));
CREATE TABLE sq_part (p_partkey int, p_name text, p_brand text, p_container text, p_size int, p_type text);
CREATE TABLE sq_partsupp (ps_partkey int, ps_suppkey int, ps_availqty int, ps_supplycost numeric(12,2));
CREATE TABLE sq_customer (c_custkey int, c_name text, c_phone text, c_acctbal numeric(12,2));
CREATE TABLE sq_orders (o_orderkey int, o_custkey int, o_orderstatus text, o_orderdate date, o_orderpriority text);
CREATE TABLE sq_lineitem (l_orderkey int, l_partkey int, l_suppkey int, l_quantity numeric(12,2),
  l_extendedprice numeric(12,2), l_shipdate date, l_commitdate date, l_receiptdate date);
INSERT INTO sq_region VALUES (0, 'AFRICA'), (1, 'EUROPE');
INSERT INTO sq_nation VALUES (0, 'ALGERIA', 0), (1, 'FRANCE', 1), (2, 'GERMANY', 1), (3, 'KENYA', 0);
INSERT INTO sq_supplier VALUES (1, 'Supplier#1', 1, 100.00), (2, 'Supplier#2', 2, 200.00),
  (3, 'Supplier#3', 0, 300.00), (4, 'Supplier#4', 1, 50.00);
INSERT INTO sq_part VALUES (1, 'forest green', 'Brand#23', 'MED BOX', 15, 'SMALL BRASS'),
  (2, 'forest blue', 'Brand#23', 'MED BOX', 15, 'LARGE BRASS'),
  (3, 'red metal', 'Brand#11', 'SM CASE', 15, 'SMALL BRASS'),
  (4, 'forest dark', 'Brand#23', 'MED BOX', 3, 'STANDARD TIN');
INSERT INTO sq_partsupp VALUES (1, 1, 100, 10.00), (1, 2, 200, 8.00), (1, 3, 50, 5.00),
  (2, 2, 10, 20.00), (2, 4, 500, 20.00), (3, 1, 30, 3.00), (4, 1, 1000, 1.00), (4, 4, 40, 2.00);
INSERT INTO sq_customer VALUES (1, 'Customer#1', '13-111', 500.00), (2, 'Customer#2', '31-222', 800.00),
  (3, 'Customer#3', '13-333', 900.00), (4, 'Customer#4', '23-444', -10.00), (5, 'Customer#5', '31-555', 100.00),
  (6, 'Customer#6', '13-666', 1000.00);
INSERT INTO sq_orders VALUES (1, 1, 'F', '1993-07-05', '1-URGENT'), (2, 2, 'O', '1993-08-10', '2-HIGH'),
  (3, 1, 'F', '1993-09-20', '1-URGENT'), (4, 3, 'F', '1994-01-02', '3-MEDIUM'), (5, 5, 'F', '1993-07-30', '2-HIGH');
INSERT INTO sq_lineitem VALUES
  (1, 1, 1, 10, 100.00, '1994-03-01', '1993-07-10', '1993-07-15'),
  (1, 2, 2, 5, 100.00, '1994-05-01', '1993-07-20', '1993-07-12'),
  (2, 1, 2, 2, 20.00, '1994-06-01', '1993-08-15', '1993-08-20'),
  (2, 3, 1, 20, 60.00, '1995-01-01', '1993-08-15', '1993-08-14'),
  (3, 1, 3, 1, 10.00, '1994-02-01', '1993-09-25', '1993-09-30'),
  (3, 4, 1, 30, 30.00, '1994-07-01', '1993-09-25', '1993-09-20'),
  (4, 2, 4, 8, 160.00, '1994-08-01', '1994-01-10', '1994-01-05'),
  (5, 2, 2, 1, 20.00, '1994-09-01', '1993-08-01', '1993-08-05'),
  (5, 2, 4, 3, 60.00, '1994-10-01', '1993-08-01', '1993-08-09');

-- Q2: the cheapest supplier of each part in a region
SELECT s_acctbal, s_name, n_name, p_partkey, p_brand
FROM sq_part, sq_supplier, sq_partsupp, sq_nation, sq_region
WHERE p_partkey = ps_partkey AND s_suppkey = ps_suppkey AND p_size = 15 AND p_type LIKE '%BRASS'
  AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey AND r_name = 'EUROPE'
  AND ps_supplycost = (
    SELECT min(ps_supplycost) FROM sq_partsupp, sq_supplier, sq_nation, sq_region
    WHERE p_partkey = ps_partkey AND s_suppkey = ps_suppkey AND s_nationkey = n_nationkey
      AND n_regionkey = r_regionkey AND r_name = 'EUROPE')
ORDER BY s_acctbal DESC, n_name, s_name, p_partkey;

-- Q4: orders with a late line
SELECT o_orderpriority, count(*) AS order_count
FROM sq_orders
WHERE o_orderdate >= date '1993-07-01' AND o_orderdate < date '1993-10-01'
  AND EXISTS (SELECT * FROM sq_lineitem WHERE l_orderkey = o_orderkey AND l_commitdate < l_receiptdate)
GROUP BY o_orderpriority ORDER BY o_orderpriority;

-- Q17: small-quantity lines against the part's average
SELECT sum(l_extendedprice) / 7.0 AS avg_yearly
FROM sq_lineitem, sq_part
WHERE p_partkey = l_partkey AND p_brand = 'Brand#23' AND p_container = 'MED BOX'
  AND l_quantity < (SELECT 0.5 * avg(l_quantity) FROM sq_lineitem WHERE l_partkey = p_partkey);

-- Q20: suppliers with excess stock of forest parts
SELECT s_name, n_name
FROM sq_supplier, sq_nation
WHERE s_suppkey IN (
    SELECT ps_suppkey FROM sq_partsupp
    WHERE ps_partkey IN (SELECT p_partkey FROM sq_part WHERE p_name LIKE 'forest%')
      AND ps_availqty > (
        SELECT 0.5 * sum(l_quantity) FROM sq_lineitem
        WHERE l_partkey = ps_partkey AND l_suppkey = ps_suppkey
          AND l_shipdate >= date '1994-01-01' AND l_shipdate < date '1995-01-01'))
  AND s_nationkey = n_nationkey AND n_name IN ('FRANCE', 'GERMANY')
ORDER BY s_name;

-- Q21: suppliers who alone kept an order waiting
SELECT s_name, count(*) AS numwait
FROM sq_supplier, sq_lineitem l1, sq_orders, sq_nation
WHERE s_suppkey = l1.l_suppkey AND o_orderkey = l1.l_orderkey AND o_orderstatus = 'F'
  AND l1.l_receiptdate > l1.l_commitdate
  AND EXISTS (SELECT * FROM sq_lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
  AND NOT EXISTS (SELECT * FROM sq_lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey
                  AND l3.l_suppkey <> l1.l_suppkey AND l3.l_receiptdate > l3.l_commitdate)
  AND s_nationkey = n_nationkey
GROUP BY s_name ORDER BY numwait DESC, s_name;

-- Q22: rich customers without orders, by country code
SELECT cntrycode, count(*) AS numcust, sum(c_acctbal) AS totacctbal
FROM (
  SELECT substring(c_phone FROM 1 FOR 2) AS cntrycode, c_acctbal
  FROM sq_customer
  WHERE substring(c_phone FROM 1 FOR 2) IN ('13', '31', '23')
    AND c_acctbal > (SELECT avg(c_acctbal) FROM sq_customer
                     WHERE c_acctbal > 0.00 AND substring(c_phone FROM 1 FOR 2) IN ('13', '31', '23'))
    AND NOT EXISTS (SELECT * FROM sq_orders WHERE o_custkey = c_custkey)
) AS custsale
GROUP BY cntrycode ORDER BY cntrycode;

-- errors
SELECT k, (SELECT y FROM sq_b b WHERE b.k = a.k) FROM sq_a a ORDER BY k;
SELECT (SELECT a.x FROM sq_b b LIMIT 1) FROM sq_a a GROUP BY k;
SELECT * FROM sq_a a WHERE EXISTS (SELECT 1 FROM sq_b b WHERE b.k = a.nosuch);
SELECT * FROM sq_a a WHERE EXISTS (SELECT 1 FROM sq_b a WHERE a.x = 1);

DROP TABLE sq_a;
DROP TABLE sq_b;
DROP TABLE sq_region;
DROP TABLE sq_nation;
DROP TABLE sq_supplier;
DROP TABLE sq_part;
DROP TABLE sq_partsupp;
DROP TABLE sq_customer;
DROP TABLE sq_orders;
DROP TABLE sq_lineitem;
