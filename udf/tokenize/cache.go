package tokenize

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pgfast/pgfast/udf/tokenize/wordpiece"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// maxCachedTokenizers bounds the loaded tokenizers kept in memory (bert-base-uncased
// takes a few MB); the least recently used goes first.
const maxCachedTokenizers = 16

// loaded is the server's tokenizers: the names registered with tokenizer_register and the
// files loaded so far, shared by every session.
var loaded = newTokenizerCache(maxCachedTokenizers)

// tokenizerCache maps a tokenizer argument (a registered name or a file's path) to a
// loaded tokenizer. A file is read once and reused until its modification time or size
// changes.
type tokenizerCache struct {
	mu    sync.Mutex
	names map[string]string // registered name -> absolute path
	files map[string]*cachedFile
	clock uint64
	limit int
}

type cachedFile struct {
	tok     *wordpiece.Tokenizer
	modTime time.Time
	size    int64
	used    uint64 // the clock at the last use
}

func newTokenizerCache(limit int) *tokenizerCache {
	return &tokenizerCache{names: map[string]string{}, files: map[string]*cachedFile{}, limit: limit}
}

// isPath reports whether a tokenizer argument names a file rather than a registered
// tokenizer: registered names cannot contain a slash.
func isPath(ref string) bool { return strings.ContainsRune(ref, '/') }

// resolve returns the tokenizer a tokenizer argument names.
func (c *tokenizerCache) resolve(ref string) (*wordpiece.Tokenizer, error) {
	path := ref
	if !isPath(ref) {
		c.mu.Lock()
		p, ok := c.names[ref]
		c.mu.Unlock()
		if !ok {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "tokenizer \"%s\" does not exist", ref).
				WithHint("Give the path of a tokenizer.json or vocab.txt, or register a name with tokenizer_register(name, path).")
		}
		path = p
	} else if err := checkAbsolute(path); err != nil {
		return nil, err
	}
	return c.load(path)
}

// register names the tokenizer file at path, loading it to check it.
func (c *tokenizerCache) register(name, path string) (*wordpiece.Tokenizer, error) {
	if name == "" || isPath(name) {
		return nil, pgerror.Newf(pgcode.InvalidName, "invalid tokenizer name \"%s\"", name).
			WithDetail("A tokenizer name is not empty and has no slash.")
	}
	if err := checkAbsolute(path); err != nil {
		return nil, err
	}
	tok, err := c.load(path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.names[name] = filepath.Clean(path)
	c.mu.Unlock()
	return tok, nil
}

func checkAbsolute(path string) error {
	if !filepath.IsAbs(path) {
		return pgerror.Newf(pgcode.InvalidName, "relative path not allowed for tokenizer file \"%s\"", path)
	}
	return nil
}

// load returns the tokenizer in the file at path, from the cache while the file is
// unchanged.
func (c *tokenizerCache) load(path string) (*wordpiece.Tokenizer, error) {
	path = filepath.Clean(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, fileError(err, "could not open file \"%s\"", path)
	}
	c.mu.Lock()
	c.clock++
	if f := c.files[path]; f != nil && f.modTime.Equal(st.ModTime()) && f.size == st.Size() {
		f.used = c.clock
		c.mu.Unlock()
		return f.tok, nil
	}
	c.mu.Unlock()

	tok, err := wordpiece.Load(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fileError(err, "could not read file \"%s\"", path)
		}
		return nil, pgerror.Newf(pgcode.InvalidParameterValue, "invalid tokenizer file \"%s\": %v", path, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[path] = &cachedFile{tok: tok, modTime: st.ModTime(), size: st.Size(), used: c.clock}
	c.evict()
	return tok, nil
}

// evict drops the least recently used files beyond the limit.
func (c *tokenizerCache) evict() {
	for len(c.files) > c.limit {
		var oldest string
		for p, f := range c.files {
			if oldest == "" || f.used < c.files[oldest].used {
				oldest = p
			}
		}
		delete(c.files, oldest)
	}
}

// fileError reports a file system error as PostgreSQL does ("...: No such file or
// directory", 58P01).
func fileError(err error, format, name string) error {
	code, msg := pgcode.IoError, err.Error()
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code, msg = pgcode.UndefinedFile, "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		code, msg = pgcode.InsufficientPrivilege, "Permission denied"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error() // "is a directory": PostgreSQL capitalizes strerror's text
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
	}
	return pgerror.Newf(code, format+": %s", name, msg)
}
