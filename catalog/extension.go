package catalog

import (
	"sort"

	"github.com/pgfast/pgfast/catalog/types"
)

// Extension describes a built-in extension: a named family of objects (today functions)
// that pg_extension lists, that psql's \dx shows, and that CREATE EXTENSION names. It is
// what PostgreSQL reads from an extension's control file, plus the OID its pg_extension
// row has.
//
// pgfast's extensions are part of the server: they are installed in every database from
// the start, as plpgsql is in PostgreSQL, and cannot be dropped. CREATE EXTENSION of one
// therefore changes nothing and succeeds, so migration scripts and dbt packages that
// create the extensions they use run unchanged.
//
// To add a family as an extension, register the Extension once and set Func.Extension on
// every function it owns:
//
//	ext := reg.AddExtension(&catalog.Extension{Name: "qsim", Version: "1.0",
//		Comment: "quantum circuit simulator"})
//	reg.AddFunc(&catalog.Func{Name: "qsim_counts", ..., Extension: ext})
//
// An extension with state of its own that must survive a restart sets Open and keeps the
// state in a file of the data directory.
//
// Membership is all the rest of the system needs: pg_depend gets the rows psql's \dx+
// lists, and pg_describe_object names the members. Objects of other kinds (a foreign-data
// wrapper for file_fdw) would join the same way, by pointing at their Extension.
type Extension struct {
	OID     types.OID
	Name    string
	Version string // extversion and pg_available_extensions.default_version
	Comment string // the control file's comment: \dx's Description
	// Open, when set, is called once when a server opens its data directory, for an
	// extension that keeps server-wide state there (the names tokenizer_register gives).
	Open func(dataDir string) error
}

// AddExtension registers a built-in extension and returns it. OID 0 gets a fresh OID. Names
// are unique; registering one twice is a programming error and panics.
func (r *Registry) AddExtension(e *Extension) *Extension {
	if r.exts == nil {
		r.exts = map[string]*Extension{}
	}
	if _, dup := r.exts[e.Name]; dup {
		panic("catalog: extension " + e.Name + " registered twice")
	}
	if e.OID == 0 {
		e.OID = r.nextOID
		r.nextOID++
	}
	r.exts[e.Name] = e
	return e
}

// Extension returns the built-in extension called name, or nil.
func (r *Registry) Extension(name string) *Extension { return r.exts[name] }

// Extensions returns every built-in extension ordered by name.
func (r *Registry) Extensions() []*Extension {
	out := make([]*Extension, 0, len(r.exts))
	for _, e := range r.exts {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ExtensionFuncs returns the functions that belong to e, ordered by OID.
func (r *Registry) ExtensionFuncs(e *Extension) []*Func {
	var out []*Func
	for _, f := range r.All() {
		if f.Extension == e {
			out = append(out, f)
		}
	}
	return out
}
