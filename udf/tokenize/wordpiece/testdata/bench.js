// The peer of BenchmarkWordPiece: Hugging Face's tokenizers encoding the same rows
// (testdata/prose.txt repeated to 6000 rows) with bert-base-uncased, on one thread.
//
//   npm install --prefix /some/tmp/dir tokenizers
//   TOKENIZERS_PARALLELISM=false NODE_PATH=/some/tmp/dir/node_modules node testdata/bench.js <bert-base-uncased dir>
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const tok = Tokenizer.fromFile(path.join(process.argv[2], 'tokenizer.json'));
const lines = fs.readFileSync(path.join(__dirname, 'prose.txt'), 'utf8').trim().split('\n');
const rows = Array.from({ length: 6000 }, (_, i) => lines[i % lines.length]);
const bytes = rows.reduce((n, r) => n + Buffer.byteLength(r), 0);

async function measure(name, run) {
  await run(); // warm up
  let iters = 0;
  const start = process.hrtime.bigint();
  let secs = 0;
  while (secs < 3) {
    await run();
    iters++;
    secs = Number(process.hrtime.bigint() - start) / 1e9;
  }
  console.log(`${name}\t${((bytes * iters) / secs / 1e6).toFixed(2)} MB/s`);
}

(async () => {
  await measure('hf-encodeBatch', () => tok.encodeBatch(rows));
  await measure('hf-encode', async () => {
    for (const r of rows) await tok.encode(r);
  });
})();
