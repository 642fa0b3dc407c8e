package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// manifestFormat is the version of the manifest layout. Format 2 added column IDs and
// deletion vectors, format 3 user-defined types, format 4 schemas; Open reads formats 1 to
// 4 and refuses others.
const manifestFormat = 4

// manifest is the persisted form of a version: the catalog and, for each table, the segment
// files holding its rows, in row order. It is the single source of truth on disk: a file the
// manifest does not name is garbage.
type manifest struct {
	Format   int             `json:"format"`
	Version  uint64          `json:"version"`
	NextOID  types.OID       `json:"next_oid"`
	NextFile uint64          `json:"next_file"`
	Tables   []manifestTable `json:"tables"`
	Types    []manifestType  `json:"types,omitempty"`
	// Servers are the foreign servers (format 3 onwards; absent when there are none).
	Servers []*catalog.ForeignServer `json:"servers,omitempty"`
	// Schemas are the schemas CREATE SCHEMA made (public is implicit).
	Schemas []*catalog.SchemaDef `json:"schemas,omitempty"`
	// Roles are the roles CREATE ROLE made (and the bootstrap superuser once altered).
	Roles []*catalog.RoleDef `json:"roles,omitempty"`
	// Functions are the functions and procedures CREATE FUNCTION and CREATE PROCEDURE made.
	Functions []*catalog.FuncDef `json:"functions,omitempty"`
}

// manifestType is one user-defined type: its pg_type identity, an enum's labels (value OIDs,
// which enum columns' files hold, with their labels and sort order) or a domain's
// definition.
type manifestType struct {
	OID      types.OID         `json:"oid"`
	ArrayOID types.OID         `json:"array_oid"`
	Schema   string            `json:"schema"`
	Name     string            `json:"name"`
	Kind     string            `json:"kind"`
	Labels   []types.EnumLabel `json:"labels,omitempty"`
	Domain   *manifestDomain   `json:"domain,omitempty"`
	// Fields and RelOID are a composite type's attributes and pg_class OID.
	Fields []manifestField `json:"fields,omitempty"`
	RelOID types.OID       `json:"rel_oid,omitempty"`
	// Comment is COMMENT ON TYPE's text.
	Comment string `json:"comment,omitempty"`
}

// manifestField is one attribute of a composite type.
type manifestField struct {
	Name   string    `json:"name"`
	Type   types.OID `json:"type"`
	Typmod int32     `json:"typmod"`
}

// manifestDomain is a domain's base type and constraints.
type manifestDomain struct {
	Base    types.OID             `json:"base"`
	Typmod  int32                 `json:"typmod"`
	NotNull bool                  `json:"not_null,omitempty"`
	Default string                `json:"default,omitempty"`
	Checks  []catalog.DomainCheck `json:"checks,omitempty"`
}

type manifestTable struct {
	OID       types.OID                `json:"oid"`
	Schema    string                   `json:"schema"`
	Name      string                   `json:"name"`
	Kind      string                   `json:"kind"`
	Columns   []manifestColumn         `json:"columns"`
	NextColID uint32                   `json:"next_column_id,omitempty"`
	ViewSQL   string                   `json:"view_sql,omitempty"`
	Sequence  *catalog.SequenceOptions `json:"sequence,omitempty"`
	Foreign   *catalog.ForeignTable    `json:"foreign,omitempty"`
	Segments  []manifestSegment        `json:"segments"`
	Indexes   []catalog.IndexDef       `json:"indexes,omitempty"`
	Checks    []catalog.CheckDef       `json:"checks,omitempty"`
	Owner     types.OID                `json:"owner,omitempty"`
	ACL       acl.List                 `json:"acl"`
	Comment   string                   `json:"comment,omitempty"`
	ViewDeps  []types.OID              `json:"view_deps,omitempty"`
	// ForeignKeys have been kept since format 2 without a format change: older manifests
	// have none.
	ForeignKeys []catalog.ForeignKeyDef `json:"foreign_keys,omitempty"`
	// Unpopulated marks a materialized view without data (absent: populated).
	Unpopulated bool `json:"unpopulated,omitempty"`
	// ViewOptions are a view's reloptions (absent: none).
	ViewOptions []string `json:"view_options,omitempty"`
}

// manifestColumn is one column. ID is its stable identity (format 1: absent, the ordinal
// plus one), which segment files written before an ALTER TABLE refer to.
type manifestColumn struct {
	ID      uint32    `json:"id,omitempty"`
	Name    string    `json:"name"`
	Type    types.OID `json:"type"`
	Typmod  int32     `json:"typmod"`
	NotNull bool      `json:"not_null,omitempty"`
	Default string    `json:"default,omitempty"`
	Comment string    `json:"comment,omitempty"`
	// ACL holds the column's own privileges (attacl), absent when none were granted.
	ACL acl.List `json:"acl,omitempty"`
}

// manifestSegment is one segment file. Columns lists the IDs of the columns the file holds,
// in file order, when they differ from the table's (the file predates an ALTER TABLE): the
// table's other columns read NULL, and the file's columns since dropped are skipped. Deletes
// names the deletion vector file hiding Deleted of its Rows rows.
type manifestSegment struct {
	File    string   `json:"file"`
	Rows    int64    `json:"rows"`
	Columns []uint32 `json:"columns,omitempty"`
	Deletes string   `json:"deletes,omitempty"`
	Deleted int64    `json:"deleted,omitempty"`
}

// manifestOf describes v, with the OID and file counters to persist.
func manifestOf(v *version, nextOID types.OID, nextFile uint64) *manifest {
	m := &manifest{Format: manifestFormat, Version: v.seq, NextOID: nextOID, NextFile: nextFile}
	oids := make([]types.OID, 0, len(v.tables))
	for oid := range v.tables {
		oids = append(oids, oid)
	}
	slices.Sort(oids)
	m.Tables = make([]manifestTable, 0, len(oids))
	for _, oid := range oids {
		td := v.tables[oid]
		mt := manifestTable{
			OID: oid, Schema: td.def.Schema, Name: td.def.Name, Kind: string(rune(td.def.Kind)),
			ViewSQL:     td.def.ViewSQL,
			Sequence:    td.def.Sequence,
			Foreign:     td.def.Foreign,
			Columns:     make([]manifestColumn, len(td.def.Columns)),
			NextColID:   td.nextColID,
			Segments:    make([]manifestSegment, len(td.segments)),
			Indexes:     td.def.Indexes,
			Checks:      td.def.Checks,
			Owner:       td.def.Owner,
			ACL:         td.def.ACL,
			Comment:     td.def.Comment,
			ViewDeps:    td.def.ViewDeps,
			ForeignKeys: td.def.ForeignKeys,
			Unpopulated: td.def.Unpopulated,
			ViewOptions: td.def.ViewOptions,
		}
		for i, c := range td.def.Columns {
			mt.Columns[i] = manifestColumn{ID: td.colIDs[i], Name: c.Name, Type: c.Type.OID, Typmod: c.Type.Typmod, NotNull: c.NotNull, Default: c.Default, Comment: c.Comment, ACL: c.ACL}
		}
		for i, sg := range td.segments {
			ms := manifestSegment{File: sg.file, Rows: sg.rows, Deletes: sg.delFile, Deleted: sg.deleted}
			if !slices.Equal(sg.cols, td.colIDs) {
				ms.Columns = sg.cols
			}
			mt.Segments[i] = ms
		}
		m.Tables = append(m.Tables, mt)
	}
	for _, d := range v.cat.Types() {
		mt := manifestType{OID: d.OID, ArrayOID: d.ArrayOID, Schema: d.Schema, Name: d.Name, Kind: string(rune(d.Kind)), Labels: d.Labels}
		if dom := d.Domain; dom != nil {
			mt.Domain = &manifestDomain{Base: dom.Base.OID, Typmod: dom.Base.Typmod, NotNull: dom.NotNull, Default: dom.Default, Checks: dom.Checks}
		}
		for _, f := range d.Fields {
			mt.Fields = append(mt.Fields, manifestField{Name: f.Name, Type: f.Type.OID, Typmod: f.Type.Typmod})
		}
		mt.RelOID, mt.Comment = d.RelOID, d.Comment
		m.Types = append(m.Types, mt)
	}
	m.Servers = v.cat.Servers()
	m.Schemas = v.cat.Schemas()
	m.Roles = v.cat.StoredRoles()
	m.Functions = v.cat.Functions()
	return m
}

// typeDef rebuilds the catalog definition of a persisted type.
func (mt *manifestType) typeDef() (*catalog.TypeDef, error) {
	if len(mt.Kind) != 1 {
		return nil, fmt.Errorf("type %d has kind %q", mt.OID, mt.Kind)
	}
	d := &catalog.TypeDef{OID: mt.OID, ArrayOID: mt.ArrayOID, Schema: mt.Schema, Name: mt.Name,
		Kind: types.TypeKind(mt.Kind[0]), Labels: mt.Labels, Comment: mt.Comment}
	switch d.Kind {
	case types.KindEnum:
	case types.KindComposite:
		d.RelOID = mt.RelOID
		for _, f := range mt.Fields {
			d.Fields = append(d.Fields, types.RecordField{Name: f.Name, Type: types.T{OID: f.Type, Typmod: f.Typmod}})
		}
	case types.KindDomain:
		if mt.Domain == nil {
			return nil, fmt.Errorf("domain %q has no definition", mt.Name)
		}
		dom := mt.Domain
		d.Domain = &catalog.DomainDef{Base: types.T{OID: dom.Base, Typmod: dom.Typmod}, NotNull: dom.NotNull, Default: dom.Default, Checks: dom.Checks}
	default:
		return nil, fmt.Errorf("type %q has kind %q", mt.Name, mt.Kind)
	}
	return d, nil
}

// columnIDs returns the IDs of the table's columns and the next free one, numbering the
// columns of format 1 manifests 1..n.
func (mt *manifestTable) columnIDs() ([]uint32, uint32, error) {
	ids := make([]uint32, len(mt.Columns))
	next := mt.NextColID
	seen := map[uint32]bool{}
	for i, c := range mt.Columns {
		ids[i] = c.ID
		if c.ID == 0 {
			ids[i] = uint32(i + 1)
		}
		if seen[ids[i]] {
			return nil, 0, fmt.Errorf("table %q has two columns with ID %d", mt.Name, ids[i])
		}
		seen[ids[i]] = true
		next = max(next, ids[i]+1)
	}
	return ids, next, nil
}

// tableDef rebuilds the catalog definition of a persisted table.
func (mt *manifestTable) tableDef() (*catalog.TableDef, error) {
	if len(mt.Kind) != 1 {
		return nil, fmt.Errorf("table %d has kind %q", mt.OID, mt.Kind)
	}
	def := &catalog.TableDef{OID: mt.OID, Schema: mt.Schema, Name: mt.Name, Kind: catalog.TableKind(mt.Kind[0]),
		ViewSQL: mt.ViewSQL, Sequence: mt.Sequence, Foreign: mt.Foreign, Columns: make([]catalog.Column, len(mt.Columns)), Indexes: mt.Indexes, Checks: mt.Checks,
		Owner: mt.Owner, ACL: mt.ACL, Comment: mt.Comment, ViewDeps: mt.ViewDeps,
		ForeignKeys: mt.ForeignKeys, Unpopulated: mt.Unpopulated, ViewOptions: mt.ViewOptions}
	for i := range def.Indexes {
		if def.Indexes[i].ConstraintOID != 0 {
			def.Indexes[i].Unique = true // written before indexes had the flag: all were
		}
	}
	for i, c := range mt.Columns {
		if types.ByOID(c.Type) == nil {
			return nil, fmt.Errorf("column %q of table %q has unknown type %d", c.Name, mt.Name, c.Type)
		}
		def.Columns[i] = catalog.Column{Name: c.Name, Type: types.T{OID: c.Type, Typmod: c.Typmod}, NotNull: c.NotNull, Default: c.Default, Comment: c.Comment, ACL: c.ACL}
	}
	return def, nil
}

// readManifest loads the manifest of dir; it returns nil, nil for a directory without one.
func readManifest(dir string) (*manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ioError(err, "could not read file \"%s\"", filepath.Join(dir, manifestName))
	}
	m := &manifest{}
	if err := json.Unmarshal(data, m); err != nil {
		return nil, corrupted(filepath.Join(dir, manifestName), err)
	}
	if m.Format < 1 || m.Format > manifestFormat {
		return nil, corrupted(filepath.Join(dir, manifestName), fmt.Errorf("unsupported format %d", m.Format))
	}
	return m, nil
}

// writeManifest replaces the manifest of the store atomically: the new one is written to a
// temporary file and flushed, renamed over the old one, and the directory is flushed so the
// rename itself survives a crash. The rename is the commit point. The returned flag reports
// whether the rename happened, after which the new manifest may be the one on disk even if
// an error is returned.
func (s *Store) writeManifest(m *manifest) (renamed bool, err error) {
	data, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	tmp := filepath.Join(s.dir, manifestTemp)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return false, ioError(err, "could not create file \"%s\"", tmp)
	}
	if _, err = f.Write(data); err == nil && s.opts.fsync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return false, ioError(err, "could not write file \"%s\"", tmp)
	}
	if err := s.runHook("before-manifest-rename"); err != nil {
		return false, err
	}
	if err := os.Rename(tmp, filepath.Join(s.dir, manifestName)); err != nil {
		os.Remove(tmp)
		return false, ioError(err, "could not rename file \"%s\"", tmp)
	}
	if err := s.runHook("after-manifest-rename"); err != nil {
		return true, err
	}
	return true, s.syncDir(s.dir)
}

// syncDir flushes a directory so the entries created or renamed in it are durable.
func (s *Store) syncDir(dir string) error {
	if !s.opts.fsync {
		return nil
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return ioError(err, "could not open directory \"%s\"", dir)
	}
	err = d.Sync()
	d.Close()
	if err != nil {
		return ioError(err, "could not fsync directory \"%s\"", dir)
	}
	return nil
}
