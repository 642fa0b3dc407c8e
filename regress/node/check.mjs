// check.mjs drives a server through the Node.js drivers applications use: node-postgres
// (pg) with pg-cursor and pg-query-stream, and postgres.js. It prints every answer as text;
// the Go test TestNodeDrivers compares the output with PostgreSQL 15's own
// (node/expected.out), so a difference in any line is a failure.
//
// usage: node check.mjs HOST PORT USER DATABASE   (run from the directory holding the
// drivers' node_modules; TZ=UTC)
//
// Everything it creates lives in the schema node_check, dropped first.

import pg from 'pg';
import Cursor from 'pg-cursor';
import QueryStream from 'pg-query-stream';
import postgres from 'postgres';

const [host, portText, user, database] = process.argv.slice(2);
const port = Number(portText);
const lines = [];
const out = (s) => lines.push(s);
let failed = false;

// show prints a value so that its JavaScript type shows: dates as ISO strings, buffers as
// hex, everything else as JSON.
function show(v) {
  return JSON.stringify(v, (k, x) => {
    if (x && x.type === 'Buffer' && Array.isArray(x.data)) return 'buffer:' + Buffer.from(x.data).toString('hex');
    if (typeof x === 'bigint') return 'bigint:' + x.toString();
    return x;
  });
}

function showRows(rows) {
  for (const r of rows) out(show(r));
  out(`(${rows.length} rows)`);
}

async function section(name, fn) {
  out(`\n=== ${name}`);
  try {
    await fn();
  } catch (e) {
    failed = true;
    out(`FAILED: ${e.code || ''} ${e.message}`);
  }
}

async function expectError(label, fn) {
  try {
    await fn();
    out(`${label}: no error`);
  } catch (e) {
    out(`${label}: ${e.code}`);
  }
}

const config = { host, port, user, database };

async function nodePostgres() {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await section('pg setup', async () => {
      await client.query('SET client_min_messages = warning');
      await client.query('DROP SCHEMA IF EXISTS node_check CASCADE');
      await client.query('CREATE SCHEMA node_check');
      await client.query(`CREATE TABLE node_check.items (id serial PRIMARY KEY, name text NOT NULL,
        price numeric(10,2), tags text[], meta jsonb, added timestamptz, day date, big bigint, ok boolean)`);
      const r = await client.query(`INSERT INTO node_check.items (name, price, tags, meta, added, day, big, ok)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8), ($9, NULL, NULL, NULL, NULL, NULL, NULL, NULL) RETURNING id`,
        ['apple', '1.25', ['red', 'fruit'], { kind: 'fruit', n: [1, 2] }, new Date('2024-01-02T03:04:05Z'),
          '2024-02-29', '9007199254740993', true, 'pear']);
      out(`${r.command} ${r.rowCount}`);
      showRows(r.rows);
    });
    await section('pg parameters and types', async () => {
      const r = await client.query('SELECT $1::int + 1 AS a, $2::text || $3 AS b, $4::float8 * 2 AS c, $5::bool AS d, $6::bytea AS e, $7::int[] AS f, $8::json AS g, $9::text IS NULL AS h',
        [41, 'x', 'y', 1.5, false, Buffer.from([0, 1, 255]), [1, 2, 3], JSON.stringify({ a: 1 }), null]);
      showRows(r.rows);
      out(r.fields.map((f) => `${f.name}:${f.dataTypeID}`).join(' '));
      showRows((await client.query('SELECT * FROM node_check.items ORDER BY id')).rows);
      const arr = await client.query({ text: 'SELECT id, name FROM node_check.items ORDER BY id', rowMode: 'array' });
      showRows(arr.rows);
      out(`interval ${show((await client.query("SELECT '1 day 02:03:04'::interval AS i")).rows[0].i)}`);
    });
    await section('pg prepared', async () => {
      for (const id of [1, 2, 3]) {
        const r = await client.query({ name: 'item_by_id', text: 'SELECT name FROM node_check.items WHERE id = $1', values: [id] });
        out(`${id}: ${show(r.rows)}`);
      }
    });
    await section('pg transactions', async () => {
      await client.query('BEGIN');
      await client.query("INSERT INTO node_check.items (name) VALUES ('gone')");
      await client.query('ROLLBACK');
      showRows((await client.query('SELECT count(*) FROM node_check.items')).rows);
      await client.query('BEGIN');
      await expectError('division', () => client.query('SELECT 1/0'));
      await expectError('after error', () => client.query('SELECT 1'));
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query("INSERT INTO node_check.items (name) VALUES ('kept')");
      await client.query('SAVEPOINT s');
      await expectError('duplicate', () => client.query('INSERT INTO node_check.items (id, name) VALUES (1, $1)', ['dup']));
      await client.query('ROLLBACK TO SAVEPOINT s');
      await client.query('COMMIT');
      showRows((await client.query('SELECT id, name FROM node_check.items ORDER BY id')).rows);
    });
    await section('pg errors', async () => {
      await expectError('missing table', () => client.query('SELECT * FROM node_check.nothing'));
      await expectError('bad int', () => client.query('SELECT $1::int', ['abc']));
      await expectError('not null', () => client.query('INSERT INTO node_check.items (name) VALUES (NULL)'));
      await expectError('syntax', () => client.query('SELEC 1'));
      await client.query("SET statement_timeout = '50ms'");
      await expectError('timeout', () => client.query('SELECT pg_sleep(5)'));
      await client.query('RESET statement_timeout');
      showRows((await client.query('SELECT 1 AS alive')).rows);
    });
    await section('pg-cursor', async () => {
      const cursor = client.query(new Cursor('SELECT n, n * n AS sq FROM generate_series(1, 10) AS n WHERE n > $1 ORDER BY n', [2]));
      for (;;) {
        const rows = await cursor.read(3);
        out(`batch ${show(rows)}`);
        if (rows.length === 0) break;
      }
      await cursor.close();
      const partial = client.query(new Cursor('SELECT n FROM generate_series(1, 100) AS n'));
      out(`first ${show(await partial.read(2))}`);
      await partial.close();
      showRows((await client.query('SELECT 2 AS after_cursor')).rows);
    });
    await section('pg-query-stream', async () => {
      const stream = client.query(new QueryStream('SELECT n, md5(n::text) AS h FROM generate_series(1, 25) AS n ORDER BY n', [], { batchSize: 4 }));
      let count = 0;
      let sum = 0;
      let last = null;
      for await (const row of stream) {
        count++;
        sum += row.n;
        last = row;
      }
      out(`streamed ${count} rows, sum ${sum}, last ${show(last)}`);
    });
    await section('pg pool', async () => {
      const pool = new pg.Pool({ ...config, max: 2 });
      try {
        const results = await Promise.all([1, 2, 3, 4].map((i) => pool.query('SELECT $1::int * 10 AS v', [i])));
        out(results.map((r) => r.rows[0].v).join(' '));
      } finally {
        await pool.end();
      }
    });
  } finally {
    await client.end();
  }
}

async function postgresJS() {
  const sql = postgres({ ...config, username: user, max: 2, onnotice: () => {} });
  try {
    await section('postgres.js queries', async () => {
      const id = 1;
      showRows(await sql`SELECT id, name, price, tags, meta, added, day, ok FROM node_check.items WHERE id = ${id}`);
      showRows(await sql`SELECT ${41}::int + 1 AS a, ${'x'} || 'y' AS b, ${new Date('2024-05-06T07:08:09Z')}::timestamptz AS c`);
      showRows(await sql`SELECT * FROM node_check.items WHERE name IN ${sql(['apple', 'kept'])} ORDER BY id`.then((rs) => rs.map((r) => ({ id: r.id, name: r.name }))));
      const inserted = await sql`INSERT INTO node_check.items ${sql({ name: 'plum', price: '3.50', ok: false }, 'name', 'price', 'ok')} RETURNING id, name, price`;
      showRows(inserted);
      showRows(await sql.unsafe('SELECT $1::text AS u, count(*) AS n FROM node_check.items', ['unsafe']));
      showRows(await sql`SELECT ${sql.json({ a: [1, 2] })}::jsonb AS j, ${[1, 2, 3]}::int[] AS arr`);
    });
    await section('postgres.js transactions', async () => {
      const [row] = await sql.begin(async (tx) => {
        await tx`INSERT INTO node_check.items (name) VALUES ('in tx')`;
        return tx`SELECT count(*)::int AS n FROM node_check.items`;
      });
      out(`inside ${row.n}`);
      await expectError('rolled back', () => sql.begin(async (tx) => {
        await tx`INSERT INTO node_check.items (name) VALUES ('never')`;
        await tx`SELECT 1/0`;
      }));
      await sql.begin(async (tx) => {
        await tx.savepoint(async (sp) => {
          await sp`INSERT INTO node_check.items (name) VALUES ('savepoint')`;
        });
        await expectError('savepoint rolled back', () => tx.savepoint(async (sp) => {
          await sp`INSERT INTO node_check.items (name) VALUES ('not kept')`;
          await sp`SELECT nope`;
        }));
      });
      showRows(await sql`SELECT name FROM node_check.items ORDER BY id`);
    });
    await section('postgres.js cursor', async () => {
      const batches = [];
      await sql`SELECT n FROM generate_series(1, 7) AS n ORDER BY n`.cursor(3, (rows) => {
        batches.push(rows.map((r) => r.n));
      });
      out(show(batches));
      let seen = 0;
      for await (const [row] of sql`SELECT n FROM generate_series(1, 5) AS n`.cursor()) {
        seen += row.n;
      }
      out(`sum ${seen}`);
    });
    await section('postgres.js errors', async () => {
      await expectError('missing column', () => sql`SELECT nope FROM node_check.items`);
      await expectError('bad cast', () => sql`SELECT ${'zz'}::int`);
      showRows(await sql`SELECT 'alive' AS s`);
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await nodePostgres();
await postgresJS();
const cleanup = new pg.Client(config);
await cleanup.connect();
await cleanup.query('DROP SCHEMA node_check CASCADE'); // leave the database as it was
await cleanup.end();
process.stdout.write(lines.join('\n') + '\n');
process.exit(failed ? 1 : 0);
