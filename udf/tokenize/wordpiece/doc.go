// Package wordpiece is a WordPiece tokenizer that gives the tokens and ids Hugging Face's
// tokenizers library gives for BERT-style models (bert-base-uncased and its kin), read
// from a tokenizer.json or a vocab.txt.
package wordpiece
