package pgcatalog

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/acl"
	"github.com/pgfast/pgfast/catalog/types"
)

// The relations describing namespaces, relations, their columns and types.

func (s *Source) names() *Names {
	return &Names{Catalog: s.Catalog, Registry: s.Registry, User: s.User, Path: s.Path, TempSchema: s.TempSchema, ExprDef: s.ExprDef, DomainCheckDef: s.DomainCheckDef}
}

// relations returns every relation: the user's tables and views, then the system
// relations.
func (s *Source) relations() []*catalog.TableDef {
	var out []*catalog.TableDef
	if s.Catalog != nil {
		out = append(out, s.Catalog.Tables()...)
	}
	return append(out, defs...)
}

// relNamespace is a relation's or type's namespace OID (public for a session's temporary
// schema, which pgfast does not list).
func (s *Source) relNamespace(schema string) types.OID {
	if oid := namespaceOID(s.Catalog, schema); oid != 0 {
		return oid
	}
	return PublicNamespace
}

func (s *Source) namespaces(w *rowWriter) {
	for _, ns := range []struct {
		oid   types.OID
		name  string
		owner types.OID
		acl   []string
	}{
		{ToastNamespace, "pg_toast", BootstrapSuperuser, nil},
		{CatalogNamespace, CatalogSchema, BootstrapSuperuser, []string{"postgres=UC/postgres", "=U/postgres"}},
		{PublicNamespace, catalog.DefaultSchema, DatabaseOwnerRole, s.publicACL()},
		{InfoNamespace, InfoSchema, BootstrapSuperuser, []string{"postgres=UC/postgres", "=U/postgres"}},
	} {
		w.oid(ns.oid).str(ns.name).oid(ns.owner).strArray(ns.acl).end()
	}
	if s.Catalog == nil {
		return
	}
	names := s.names()
	for _, d := range s.Catalog.Schemas() {
		if d.Name == catalog.DefaultSchema {
			continue // listed above
		}
		owner, _ := names.ObjectOID(types.Regrole, d.Owner)
		w.oid(d.OID).str(d.Name).oid(cmp.Or(owner, BootstrapSuperuser)).strArray(s.aclStrings(d.ACL)).end()
	}
}

// publicACL is nspacl of schema public.
func (s *Source) publicACL() []string {
	if s.Catalog == nil || s.Catalog.SchemaACL(catalog.DefaultSchema) == nil {
		return []string{"pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"}
	}
	return s.aclStrings(s.Catalog.SchemaACL(catalog.DefaultSchema))
}

// sharedRelations are the system catalogs shared by all databases (relisshared).
var sharedRelations = map[string]bool{
	"pg_authid": true, "pg_auth_members": true, "pg_database": true, "pg_tablespace": true,
	"pg_shdescription": true, "pg_db_role_setting": true,
}

// compositeRelations returns the pg_class rows PostgreSQL keeps for composite types
// (relkind 'c'): one per type, its attributes as columns. They are pg_class's and
// pg_attribute's only, not relations anything reads.
func (s *Source) compositeRelations() []*catalog.TableDef {
	if s.Catalog == nil {
		return nil
	}
	return compositeRelations(s.Catalog)
}

// compositeRelations returns the pg_class rows of the composite types of cat.
func compositeRelations(cat *catalog.Catalog) []*catalog.TableDef {
	var out []*catalog.TableDef
	for _, d := range cat.Types() {
		if d.Kind != types.KindComposite || cat.RowTypeRelation(d) != nil {
			continue
		}
		rel := &catalog.TableDef{OID: d.RelOID, Schema: d.Schema, Name: d.Name, Kind: kindCompositeRel}
		for _, f := range d.Fields {
			rel.Columns = append(rel.Columns, catalog.Column{Name: f.Name, Type: f.Type})
		}
		out = append(out, rel)
	}
	return out
}

// kindCompositeRel is pg_class.relkind of a composite type's row.
const kindCompositeRel catalog.TableKind = 'c'

func (s *Source) classes(w *rowWriter) {
	triggers := s.triggerTables()
	for _, d := range append(s.relations(), s.compositeRelations()...) {
		isTable := d.HoldsRows()
		am, replident, persistence := types.OID(0), byte('n'), byte('p')
		if isTable {
			am, replident = heapAM, 'd'
		}
		frozen := types.OID(0)
		if isTable {
			frozen = 716 // any xid older than every transaction: pgfast has no xids
		}
		w.oid(d.OID).str(d.Name).oid(s.relNamespace(d.Schema)).
			oid(s.rowTypeOID(d)).oid(0). // reltype, reloftype
			oid(d.OwnerOID()).oid(am)
		if isTable {
			w.oid(d.OID) // relfilenode
		} else {
			w.oid(0)
		}
		w.oid(0).i32(0).f32(-1).i32(0). // reltablespace, relpages, reltuples, relallvisible
						oid(0).boolean(len(d.Indexes) > 0).boolean(d.Virtual && sharedRelations[d.Name]).
						char(persistence).char(byte(d.Kind)).i16(int16(len(d.Columns))).
						i16(int16(len(d.Checks))).boolean(d.Kind == catalog.KindView || d.Kind == catalog.KindMatView).boolean(triggers[d.OID]).boolean(false). // relchecks, relhasrules, relhastriggers, relhassubclass
						boolean(false).boolean(false).boolean(!d.Unpopulated).char(replident).boolean(false).                                                   // rowsecurity, forcerowsecurity, ispopulated, replident, ispartition
						oid(0).oid(frozen).oid(boolOID(isTable, 1)).                                                                                            // relrewrite, relfrozenxid, relminmxid
						strArray(s.aclStrings(d.ACL)).strArray(d.ViewOptions).null().end()                                                                      // relacl, reloptions, relpartbound
	}
	s.indexClasses(w)
}

// rowTypeOID is pg_class.reltype: the OID of the relation's row type, 0 for relations
// without one. A composite type's own pg_class row names the type.
func (s *Source) rowTypeOID(d *catalog.TableDef) types.OID {
	if s.Catalog == nil {
		return 0
	}
	if d.Kind == kindCompositeRel {
		for _, t := range s.Catalog.Types() {
			if t.RelOID == d.OID {
				return t.OID
			}
		}
		return 0
	}
	if rt := s.Catalog.RowType(d.OID); rt != nil {
		return rt.OID
	}
	return 0
}

// aclStrings spells an access control list as relacl and nspacl hold it.
func (s *Source) aclStrings(l acl.List) []string {
	names := s.names()
	return l.Strings(func(oid types.OID) string {
		name, ok := names.RoleName(oid)
		if !ok {
			return strconv.FormatUint(uint64(oid), 10)
		}
		return aclRoleName(name)
	})
}

// aclRoleName quotes a role name in an aclitem as PostgreSQL's putid does: when it holds
// anything but letters, digits and underscores.
func aclRoleName(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
		}
	}
	return name
}

func boolOID(b bool, v types.OID) types.OID {
	if b {
		return v
	}
	return 0
}

// storage returns typstorage/attstorage for a type: plain for fixed-length types, main for
// numeric, extended for other variable-length ones.
func storage(d *types.Type) byte {
	switch {
	case d.Len != -1 || types.IsVector(d.OID):
		return 'p'
	case d.OID == types.Numeric:
		return 'm'
	}
	return 'x'
}

// collationOf returns typcollation: the default collation for the collatable string
// types, C for name, none otherwise.
func collationOf(oid types.OID) types.OID {
	switch oid {
	case types.Text, types.Varchar, types.Bpchar:
		return defaultColl
	case types.Name:
		return cCollation
	}
	if d := types.ByOID(oid); d != nil && d.Category == types.CatArray && d.Elem != 0 && d.OID != types.Int2Vector && d.OID != types.OidVector {
		return collationOf(d.Elem)
	}
	return 0
}

func (s *Source) attributes(w *rowWriter) {
	for _, d := range append(s.relations(), s.compositeRelations()...) {
		for i, c := range d.Columns {
			td := types.ByOID(c.Type.OID)
			if td == nil {
				continue
			}
			ndims := int32(0)
			if td.Category == types.CatArray && td.OID != types.Int2Vector && td.OID != types.OidVector {
				ndims = 1
			}
			w.oid(d.OID).str(c.Name).oid(c.Type.OID).i32(-1).i16(td.Len).i16(int16(i + 1)).i32(ndims).
				i32(-1).i32(c.Type.Typmod).boolean(td.ByVal).char(td.Align).char(storage(td)).char(0).
				boolean(c.NotNull).boolean(c.Default != "").boolean(false).char(0).char(0).boolean(false). // hasdef, hasmissing, identity, generated, isdropped
				boolean(true).i32(0).oid(collationOf(c.Type.OID)).
				strArray(s.aclStrings(c.ACL)).null().null().null().end() // attacl, attoptions, attfdwoptions, attmissingval
		}
	}
	s.indexAttributes(w)
}

// indexAttributes lists the columns of every index, as PostgreSQL keeps them in
// pg_attribute under the index's OID (psql's \d of an index reads them).
func (s *Source) indexAttributes(w *rowWriter) {
	for _, ti := range s.indexes() {
		names := indexColumnNames(ti)
		for i := range names {
			col := catalog.Column{Name: names[i]}
			if k := i - len(ti.ix.Columns); k >= 0 {
				col.Type = ti.table.Columns[ti.ix.Include[k]].Type
			} else {
				col.Type = ti.ix.KeyType(ti.table, i)
			}
			td := types.ByOID(col.Type.OID)
			if td == nil {
				continue
			}
			w.oid(ti.ix.OID).str(col.Name).oid(col.Type.OID).i32(-1).i16(td.Len).i16(int16(i + 1)).i32(0).
				i32(-1).i32(col.Type.Typmod).boolean(td.ByVal).char(td.Align).char(storage(td)).char(0).
				boolean(false).boolean(false).boolean(false).char(0).char(0).boolean(false).
				boolean(true).i32(0).oid(collationOf(col.Type.OID)).
				null().null().null().null().end()
		}
	}
}

// indexColumnNames names the columns of an index as PostgreSQL's ChooseIndexColumnNames
// does: a key column by its name, an expression by the function it calls or "expr", numbered
// where names repeat.
func indexColumnNames(ti tableIndex) []string {
	out := make([]string, len(ti.ix.Columns))
	taken := map[string]bool{}
	for k, c := range ti.ix.Columns {
		name := "expr"
		if c >= 0 {
			name = ti.table.Columns[c].Name
		} else if e := ti.ix.Expr(k); !strings.HasPrefix(e, "(") {
			if i := strings.IndexByte(e, '('); i > 0 {
				name = strings.ToLower(e[strings.LastIndexByte(e[:i], '.')+1 : i])
			}
		}
		out[k] = uniqueName(name, taken)
	}
	for _, c := range ti.ix.Include {
		out = append(out, uniqueName(ti.table.Columns[c].Name, taken))
	}
	return out
}

// uniqueName returns name, numbered while taken, and takes it.
func uniqueName(name string, taken map[string]bool) string {
	base := name
	for n := 1; taken[name]; n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	taken[name] = true
	return name
}

// funcOID returns the OID of the registry's only function named name, or 0.
func (s *Source) funcOID(name string) types.OID {
	if s.Registry == nil {
		return 0
	}
	if fs := s.Registry.Funcs(name); len(fs) == 1 {
		return fs[0].OID
	}
	return 0
}

// ioFuncs returns the OIDs of type oid's I/O functions (typinput, typoutput, typreceive,
// typsend, typanalyze, typsubscript), 0 for those not in the registry.
func (s *Source) ioFuncs(oid types.OID) [6]types.OID {
	var out [6]types.OID
	for i, name := range types.IOFuncNames(oid) {
		if name != "" {
			out[i] = s.funcOID(name)
		}
	}
	return out
}

// pgTypeOrder is types.All() in builtinTypeOrder, types PostgreSQL lacks last.
var pgTypeOrder = sync.OnceValue(func() []*types.Type {
	rank := make(map[types.OID]int, len(builtinTypeOrder))
	for i, oid := range builtinTypeOrder {
		rank[types.OID(oid)] = i
	}
	out := slices.Clone(types.All())
	slices.SortStableFunc(out, func(a, b *types.Type) int {
		ra, oka := rank[a.OID]
		rb, okb := rank[b.OID]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
})

func (s *Source) typeRows(w *rowWriter) {
	for _, d := range pgTypeOrder() {
		if d.OID == types.Unknown {
			continue
		}
		typtype, category := byte('b'), d.Category
		if d.Category == types.CatPseudo || d.OID == types.RecordArray {
			// record[] is an array type to the executor, and a pseudo-type to pg_type.
			typtype, category = 'p', types.CatPseudo
		}
		io := s.ioFuncs(d.OID)
		w.oid(d.OID).str(d.Name).oid(CatalogNamespace).oid(BootstrapSuperuser).i16(d.Len).boolean(d.ByVal).
			char(typtype).char(byte(category)).boolean(d.Preferred).boolean(true).char(',')
		w.oid(0).oid(io[5]).oid(d.Elem).oid(d.ArrayOID)                        // typrelid, typsubscript, typelem, typarray
		w.oid(io[0]).oid(io[1]).oid(io[2]).oid(io[3]).oid(0).oid(0).oid(io[4]) // I/O, typmod, analyze
		w.char(d.Align).char(storage(d)).boolean(false).oid(0).i32(-1).i32(0).oid(collationOf(d.OID)).
			null().null().null().end()
	}
	s.userTypeRows(w)
}

func (s *Source) authid(w *rowWriter) {
	for _, r := range s.names().roles() {
		w.oid(r.OID).str(r.Name).boolean(r.Superuser).boolean(r.Inherit).boolean(r.CreateRole).boolean(r.CreateDB).
			boolean(r.Login).boolean(r.Replication).boolean(r.BypassRLS).i32(r.ConnLimit).strOrNull(r.Password).null().end()
	}
}

func (s *Source) roleRows(w *rowWriter) {
	for _, r := range s.names().roles() {
		w.str(r.Name).boolean(r.Superuser).boolean(r.Inherit).boolean(r.CreateRole).boolean(r.CreateDB).boolean(r.Login).
			boolean(r.Replication).i32(r.ConnLimit).str("********").null().boolean(r.BypassRLS).null().oid(r.OID).end()
	}
}

func (s *Source) users(w *rowWriter) {
	for _, r := range s.names().roles() {
		if !r.Login {
			continue
		}
		w.str(r.Name).oid(r.OID).boolean(r.CreateDB).boolean(r.Superuser).boolean(r.Replication).boolean(r.BypassRLS).
			str("********").null().null().end()
	}
}

// authMembers lists pg_auth_members: every membership of every role.
func (s *Source) authMembers(w *rowWriter) {
	for _, r := range s.names().roles() {
		for _, g := range r.MemberOf {
			w.oid(g.Role).oid(r.OID).oid(g.Grantor).boolean(g.Admin).end()
		}
	}
}

func (s *Source) accessMethods(w *rowWriter) {
	w.oid(heapAM).str("heap").oid(0).char('t').end()
	w.oid(btreeAM).str("btree").oid(0).char('i').end()
}

func (s *Source) tablespaces(w *rowWriter) {
	w.oid(defaultTblspc).str("pg_default").oid(BootstrapSuperuser).null().null().end()
	w.oid(globalTblspc).str("pg_global").oid(BootstrapSuperuser).null().null().end()
}

// IsCollation reports whether oid is one of the collations pgfast has (pg_collation).
func IsCollation(oid types.OID) bool { return oid == defaultColl || oid == cCollation }

func (s *Source) collations(w *rowWriter) {
	w.oid(defaultColl).str("default").oid(CatalogNamespace).oid(BootstrapSuperuser).char('d').boolean(true).
		i32(-1).null().null().null().null().end()
	w.oid(cCollation).str("C").oid(CatalogNamespace).oid(BootstrapSuperuser).char('c').boolean(true).
		i32(-1).str("C").str("C").null().null().end()
}

func (s *Source) languages(w *rowWriter) {
	w.oid(internalLang).str("internal").oid(BootstrapSuperuser).boolean(false).boolean(false).
		oid(0).oid(0).oid(2246).null().end()
	w.oid(cLang).str("c").oid(BootstrapSuperuser).boolean(false).boolean(false).
		oid(0).oid(0).oid(2247).null().end()
	w.oid(sqlLang).str("sql").oid(BootstrapSuperuser).boolean(false).boolean(true).
		oid(0).oid(0).oid(2248).null().end()
}

func (s *Source) settings(w *rowWriter) {
	if s.Settings == nil {
		return
	}
	for _, st := range s.Settings() {
		var enums []string
		if len(st.EnumVals) > 0 {
			enums = st.EnumVals
		}
		w.str(st.Name).str(st.Value).strOrNull(st.Unit).str(st.Category).str(st.ShortDesc).null().str(st.Context).str(st.VarType).
			str(st.Source).strOrNull(st.MinVal).strOrNull(st.MaxVal).strArray(enums).str(st.BootVal).str(st.ResetVal).
			null().null().boolean(false).end()
	}
}

func (s *Source) tables(w *rowWriter) {
	triggers := s.triggerTables()
	for _, d := range s.relations() {
		if d.Kind != catalog.KindTable {
			continue
		}
		w.str(d.Schema).str(d.Name).str(s.ownerName(d)).null().
			boolean(len(d.Indexes) > 0).boolean(false).boolean(triggers[d.OID]).boolean(false).end()
	}
}

// ownerName is the name of a relation's owner (the bootstrap superuser for the system
// relations).
func (s *Source) ownerName(d *catalog.TableDef) string {
	if s.Catalog != nil && !d.Virtual {
		if n := s.Catalog.RoleName(d.OwnerOID()); n != "" {
			return n
		}
	}
	return BootstrapSuperuserName
}

// ViewDefinition is a view's or materialized view's stored query, what pg_get_viewdef
// gives where nothing prints it as PostgreSQL does (no session).
func ViewDefinition(d *catalog.TableDef) string { return " " + d.ViewSQL + ";" }

// viewDef is a view's definition as pg_views and pg_matviews show it.
func (s *Source) viewDef(d *catalog.TableDef) string {
	if s.ViewDef != nil {
		return s.ViewDef(d)
	}
	return ViewDefinition(d)
}

// views lists the user's views (pg_views); the system views are generated, not defined
// by a query.
func (s *Source) views(w *rowWriter) {
	for _, d := range s.relations() {
		if d.Kind == catalog.KindView && !d.Virtual && d.ViewSQL != "" {
			w.str(d.Schema).str(d.Name).str(s.ownerName(d)).str(s.viewDef(d)).end()
		}
	}
}

// matviews lists the materialized views (pg_matviews).
func (s *Source) matviews(w *rowWriter) {
	for _, d := range s.relations() {
		if d.Kind == catalog.KindMatView {
			w.str(d.Schema).str(d.Name).str(s.ownerName(d)).null().
				boolean(len(d.Indexes) > 0).boolean(!d.Unpopulated).str(s.viewDef(d)).end()
		}
	}
}

// attrDefaults lists the columns' DEFAULT expressions. adbin holds the expression's SQL
// text, which pg_get_expr returns as it is. The rows have no OIDs of their own (0): nothing
// refers to a default by OID here.
func (s *Source) attrDefaults(w *rowWriter) {
	for _, d := range s.relations() {
		for i, c := range d.Columns {
			if c.Default != "" {
				w.oid(attrDefOID(d.OID, i+1)).oid(d.OID).i16(int16(i + 1)).str(c.Default).end()
			}
		}
	}
}
