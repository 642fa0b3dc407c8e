// Regenerates golden.json, Hugging Face's own encodings of sentences.json with
// bert-base-uncased, which golden_test.go compares the package with.
//
//   npm install --prefix /some/tmp/dir tokenizers
//   NODE_PATH=/some/tmp/dir/node_modules node testdata/gen_golden.js <bert-base-uncased dir>
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const dir = process.argv[2];
const tok = Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
const sentences = JSON.parse(fs.readFileSync(path.join(__dirname, 'sentences.json'), 'utf8'));

(async () => {
  const out = [];
  for (const text of sentences) {
    const withSpecial = await tok.encode(text);
    const plain = await tok.encode(text, null, { addSpecialTokens: false });
    out.push({
      tokens: withSpecial.getTokens(),
      ids: withSpecial.getIds(),
      offsets: withSpecial.getOffsets(),
      plain_ids: plain.getIds(),
    });
  }
  fs.writeFileSync(path.join(__dirname, 'golden.json'), JSON.stringify(out) + '\n');
  console.log(out.length + ' sentences');
})();
