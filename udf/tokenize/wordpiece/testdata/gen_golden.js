// Regenerates golden.json and golden_<variant>.json, Hugging Face's own encodings of
// sentences.json with bert-base-uncased and with each variant of it variants.json
// describes, which golden_test.go compares the package with.
//
//   npm install --prefix /some/tmp/dir tokenizers
//   NODE_PATH=/some/tmp/dir/node_modules node testdata/gen_golden.js <bert-base-uncased dir>
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const dir = process.argv[2];
const config = fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8');
const sentences = JSON.parse(fs.readFileSync(path.join(__dirname, 'sentences.json'), 'utf8'));

// applyVariant changes a tokenizer.json as golden_test.go's applyVariant does.
function applyVariant(cfg, variant) {
  for (const [k, v] of Object.entries(variant)) {
    if (k === 'model') Object.assign(cfg.model, v);
    else if (k === 'added_tokens') cfg.added_tokens.push(...v);
    else cfg[k] = v;
  }
  return cfg;
}

async function golden(tok, file) {
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
  fs.writeFileSync(path.join(__dirname, file), JSON.stringify(out) + '\n');
  console.log(file + ': ' + out.length + ' sentences');
}

(async () => {
  await golden(Tokenizer.fromString(config), 'golden.json');
  const { variants } = JSON.parse(fs.readFileSync(path.join(__dirname, 'variants.json'), 'utf8'));
  for (const [name, variant] of Object.entries(variants)) {
    await golden(Tokenizer.fromString(JSON.stringify(applyVariant(JSON.parse(config), variant))), `golden_${name}.json`);
  }
})();
