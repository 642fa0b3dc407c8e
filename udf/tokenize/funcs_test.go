package tokenize

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/arrow/scalar"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// bertFile is the absolute path of a file of bert-base-uncased, which ships beside the
// repository.
func bertFile(t testing.TB, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", "bert-base-uncased", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("bert-base-uncased ships beside the repository as ../shared/data/bert-base-uncased: %v", err)
	}
	return p
}

// constBatch is a text array of n copies of s.
func constBatch(s string, n int) arrow.Array {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	for range n {
		b.Append(s)
	}
	return b.NewArray()
}

// listRows reads an array of arrays as one string per row ("NULL" for a NULL row).
func listRows(arr arrow.Array) []string {
	r := types.ReadArrays(arr)
	out := make([]string, arr.Len())
	for i := range out {
		if arr.IsNull(i) {
			out[i] = "NULL"
			continue
		}
		start, end := r.Range(i)
		var elems []string
		for k := start; k < end; k++ {
			switch e := r.Elements().(type) {
			case *array.String:
				elems = append(elems, e.Value(k))
			case *array.Int32:
				elems = append(elems, e.ValueStr(k))
			}
		}
		out[i] = "{" + strings.Join(elems, ",") + "}"
	}
	return out
}

// TestTokenizerFunctions runs tokenize(text, tokenizer) and token_ids over a batch with
// NULL rows, by path and by registered name, from tokenizer.json and vocab.txt.
func TestTokenizerFunctions(t *testing.T) {
	n := newNames()
	if _, err := n.register("bert-test", bertFile(t, "tokenizer.json")); err != nil {
		t.Fatal(err)
	}
	texts := []string{"Hello world! Rust makes infra fast.", "", "naïve [MASK] 東京", "x"}
	wantTokens := []string{"{hello,world,!,rust,makes,in,##fra,fast,.}", "{}", "NULL", "{x}"}
	wantIDs := []string{"{101,7592,2088,999,18399,3084,1999,27843,3435,1012,102}", "{101,102}", "NULL", "{101,1060,102}"}
	wantPlain := []string{"{7592,2088,999,18399,3084,1999,27843,3435,1012}", "{}", "NULL", "{1060}"}
	for _, ref := range []string{"bert-test", bertFile(t, "tokenizer.json"), bertFile(t, "vocab.txt")} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		in, valid := textBatch(texts, 3)
		refs := constBatch(ref, len(texts))
		env := &catalog.FuncEnv{Mem: mem, Valid: valid, Rows: len(texts)}
		check := func(name string, got arrow.Array, err error, want []string) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s with %s: %v", name, ref, err)
			}
			if rows := listRows(got); !slices.Equal(rows, want) {
				t.Errorf("%s with %s = %v, want %v", name, ref, rows, want)
			}
			got.Release()
		}
		got, err := n.tokenizeWith(env, []arrow.Array{in, refs})
		check("tokenize", got, err, wantTokens)
		got, err = n.tokenIDs(env, []arrow.Array{in, refs})
		check("token_ids", got, err, wantIDs)
		special := array.NewBooleanBuilder(memory.DefaultAllocator)
		special.AppendValues([]bool{false, false, false, false}, nil)
		noSpecial := special.NewArray()
		got, err = n.tokenIDs(env, []arrow.Array{in, refs, noSpecial})
		check("token_ids without special tokens", got, err, wantPlain)
		in.Release()
		refs.Release()
		noSpecial.Release()
		special.Release()
		mem.AssertSize(t, 0)
	}
}

// TestTokenizerPerRow checks a batch whose rows name different tokenizers.
func TestTokenizerPerRow(t *testing.T) {
	n := newNames()
	texts := []string{"Hello world", "Hello world", "Hello world"}
	in, _ := textBatch(texts, 0)
	defer in.Release()
	b := array.NewStringBuilder(memory.DefaultAllocator)
	b.AppendValues([]string{bertFile(t, "vocab.txt"), bertFile(t, "tokenizer.json"), bertFile(t, "vocab.txt")}, nil)
	refs := b.NewArray()
	defer refs.Release()
	b.Release()
	got, err := n.tokenIDs(&catalog.FuncEnv{Rows: len(texts)}, []arrow.Array{in, refs})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	want := []string{"{101,7592,2088,102}", "{101,7592,2088,102}", "{101,7592,2088,102}"}
	if rows := listRows(got); !slices.Equal(rows, want) {
		t.Errorf("token_ids = %v, want %v", rows, want)
	}
}

// TestTokenRows checks tokens(): a row per token, with character offsets into the text
// (the rows Hugging Face's tokenizers gives for the text).
func TestTokenRows(t *testing.T) {
	path := bertFile(t, "tokenizer.json")
	text := "Ça marche, 東京!"
	src, err := newNames().tokenRows(&catalog.FuncEnv{}, []scalar.Scalar{scalar.NewStringScalar(text), scalar.NewStringScalar(path), scalar.NewBooleanScalar(true)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		cols, n, err := src.Next(&catalog.FuncEnv{}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		for i := range n {
			got = append(got, strings.Join([]string{cols[0].ValueStr(i), cols[1].ValueStr(i), cols[2].ValueStr(i), cols[3].ValueStr(i)}, " "))
		}
		for _, c := range cols {
			c.Release()
		}
	}
	want := []string{"[CLS] 101 0 0", "ca 6187 0 2", "marche 28791 3 9", ", 1010 9 10", "東 1879 11 12", "京 1755 12 13", "! 999 13 14", "[SEP] 102 0 0"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens(%q) =\n%q\nwant\n%q", text, got, want)
	}
}

// TestTokenizerErrors checks the errors PostgreSQL would give for each kind of bad
// tokenizer argument.
func TestTokenizerErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "tokenizer.json")
	if err := os.WriteFile(bad, []byte(`{"model": {"type": "BPE"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ref  string
		code pgcode.Code
		msg  string
	}{
		{filepath.Join(dir, "missing.json"), pgcode.UndefinedFile, `could not open file "` + filepath.Join(dir, "missing.json") + `": No such file or directory`},
		{bad, pgcode.InvalidParameterValue, `invalid tokenizer file "` + bad + `": model type BPE is not supported (only WordPiece is)`},
		{dir, pgcode.IoError, `could not read file "` + dir + `": Is a directory`},
		{"no-such-tokenizer", pgcode.UndefinedObject, `tokenizer "no-such-tokenizer" does not exist`},
		{"relative/vocab.txt", pgcode.InvalidName, `relative path not allowed for tokenizer file "relative/vocab.txt"`},
	} {
		_, err := newNames().resolve(c.ref)
		if pgerror.GetCode(err) != c.code || err.Error() != c.msg {
			t.Errorf("resolve(%q): %v (%s), want %s: %s", c.ref, err, pgerror.GetCode(err), c.code, c.msg)
		}
	}
	if _, err := newNames().register("a/b", bertFile(t, "vocab.txt")); pgerror.GetCode(err) != pgcode.InvalidName {
		t.Errorf("register with a slash in the name: %v", err)
	}
}

// TestTokenizerCache checks that a file is loaded once, reloaded when it changes, and that
// the cache keeps at most its limit.
func TestTokenizerCache(t *testing.T) {
	dir := t.TempDir()
	c := newFileCache(2)
	write := func(name string, vocab ...string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Join(vocab, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := write("a.txt", "[UNK]", "a", "b")
	first, err := c.load(p)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := c.load(p); again != first {
		t.Error("an unchanged file was loaded again")
	}
	write("a.txt", "[UNK]", "a", "b", "c")
	os.Chtimes(p, time.Now(), time.Now().Add(time.Second))
	changed, err := c.load(p)
	if err != nil {
		t.Fatal(err)
	}
	if changed == first || changed.VocabSize() != 4 {
		t.Errorf("a changed file was not reloaded (vocabulary %d)", changed.VocabSize())
	}
	for _, name := range []string{"b.txt", "c.txt", "d.txt"} {
		if _, err := c.load(write(name, "[UNK]")); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.files) != 2 {
		t.Errorf("%d files cached, limit 2", len(c.files))
	}
	if _, ok := c.files[filepath.Join(dir, "d.txt")]; !ok {
		t.Error("the file used last was evicted")
	}
}

// TestNamesPersist checks that the names registered once a data directory is open are
// read back by the next server over it.
func TestNamesPersist(t *testing.T) {
	dir := t.TempDir()
	n := newNames()
	if err := n.open(dir); err != nil {
		t.Fatal(err)
	}
	vocab := bertFile(t, "vocab.txt")
	if _, err := n.register("bert-vocab", vocab); err != nil {
		t.Fatal(err)
	}
	if _, err := n.register("bad", filepath.Join(dir, "missing.txt")); pgerror.GetCode(err) != pgcode.UndefinedFile {
		t.Fatalf("registering a missing file: %v", err)
	}
	again := newNames()
	if err := again.open(dir); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(again.byName, map[string]string{"bert-vocab": vocab}) {
		t.Errorf("names read back: %v", again.byName)
	}
	if _, err := again.resolve("bert-vocab"); err != nil {
		t.Error(err)
	}
	if err := os.WriteFile(filepath.Join(dir, namesFile), []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := newNames().open(dir); err == nil {
		t.Error("a corrupt names file was accepted")
	}
}
