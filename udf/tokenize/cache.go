package tokenize

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
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

// namesFile is the file of a data directory that keeps the registered names.
const namesFile = "tokenizers.json"

// loaded holds the tokenizer files loaded so far, shared by every session (and by every
// server of a process: what a file holds does not depend on the server).
var loaded = newFileCache(maxCachedTokenizers)

// fileCache maps a tokenizer file's path to the loaded tokenizer. A file is read once and
// reused until its modification time or size changes.
type fileCache struct {
	mu    sync.Mutex
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

func newFileCache(limit int) *fileCache {
	return &fileCache{files: map[string]*cachedFile{}, limit: limit}
}

// names maps the names tokenizer_register gives to tokenizer files. There is one per
// server; when the server opens a data directory the names are kept in its
// tokenizers.json, so they survive a restart.
type names struct {
	mu     sync.Mutex
	byName map[string]string // name -> absolute path
	file   string            // "" until open: the names then last as long as the process
}

func newNames() *names { return &names{byName: map[string]string{}} }

// open reads the names kept in dataDir and keeps later ones there.
func (n *names) open(dataDir string) error {
	file := filepath.Join(dataDir, namesFile)
	data, err := os.ReadFile(file)
	byName := map[string]string{}
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal(data, &byName); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.byName, n.file = byName, file
	return nil
}

// isPath reports whether a tokenizer argument names a file rather than a registered
// tokenizer: registered names cannot contain a slash.
func isPath(ref string) bool { return strings.ContainsRune(ref, '/') }

// resolve returns the tokenizer a tokenizer argument (a registered name or a file's
// absolute path) names.
func (n *names) resolve(ref string) (*wordpiece.Tokenizer, error) {
	path := ref
	if !isPath(ref) {
		n.mu.Lock()
		p, ok := n.byName[ref]
		n.mu.Unlock()
		if !ok {
			return nil, pgerror.Newf(pgcode.UndefinedObject, "tokenizer \"%s\" does not exist", ref).
				WithHint("Give the path of a tokenizer.json or vocab.txt, or register a name with tokenizer_register(name, path).")
		}
		path = p
	} else if err := checkAbsolute(path); err != nil {
		return nil, err
	}
	return loaded.load(path)
}

// register names the tokenizer file at path, loading it to check it, and keeps the name
// in the data directory before it is used.
func (n *names) register(name, path string) (*wordpiece.Tokenizer, error) {
	if name == "" || isPath(name) {
		return nil, pgerror.Newf(pgcode.InvalidName, "invalid tokenizer name \"%s\"", name).
			WithDetail("A tokenizer name is not empty and has no slash.")
	}
	if err := checkAbsolute(path); err != nil {
		return nil, err
	}
	tok, err := loaded.load(path)
	if err != nil {
		return nil, err
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	byName := maps.Clone(n.byName)
	byName[name] = filepath.Clean(path)
	if n.file != "" {
		if err := writeDurably(n.file, byName); err != nil {
			return nil, err
		}
	}
	n.byName = byName
	return tok, nil
}

// writeDurably replaces file with the JSON of v so that a crash leaves the old or the new
// contents: a synced temporary file renamed over it, and the directory synced.
func writeDurably(file string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := file + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fileError(err, "could not create file \"%s\"", tmp)
	}
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
		return fileError(err, "could not write file \"%s\"", file)
	}
	dir, err := os.Open(filepath.Dir(file))
	if err != nil {
		return fileError(err, "could not open directory \"%s\"", filepath.Dir(file))
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fileError(err, "could not fsync directory \"%s\"", filepath.Dir(file))
	}
	return nil
}

func checkAbsolute(path string) error {
	if !filepath.IsAbs(path) {
		return pgerror.Newf(pgcode.InvalidName, "relative path not allowed for tokenizer file \"%s\"", path)
	}
	return nil
}

// load returns the tokenizer in the file at path, from the cache while the file is
// unchanged.
func (c *fileCache) load(path string) (*wordpiece.Tokenizer, error) {
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
func (c *fileCache) evict() {
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
