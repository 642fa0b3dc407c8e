package pgcatalog

import "github.com/pgfast/pgfast/catalog/types"

// The relations describing extensions, generated from the registry's built-in extensions
// (catalog.Extension). Every one is installed, in pg_catalog, owned by the bootstrap
// superuser; pg_depend ties each member function to its extension with an 'e' row, which
// psql's \dx+ lists through pg_describe_object.

// pgExtensionClass is pg_extension's OID, the classid of an extension's rows elsewhere
// (pg_description, pg_depend).
const pgExtensionClass types.OID = 3079

func (s *Source) extensions(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, e := range s.Registry.Extensions() {
		w.oid(e.OID).str(e.Name).oid(BootstrapSuperuser).oid(CatalogNamespace).boolean(false).
			str(e.Version).null().null().end()
	}
}

func (s *Source) availableExtensions(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, e := range s.Registry.Extensions() {
		w.str(e.Name).str(e.Version).str(e.Version).strOrNull(e.Comment).end()
	}
}

// depends lists the objects that belong to an extension (deptype 'e'), then those between
// user objects (rows_depend.go).
func (s *Source) depends(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, f := range s.Registry.All() {
		if f.Extension != nil {
			w.oid(pgProcClass).oid(f.OID).i32(0).oid(pgExtensionClass).oid(f.Extension.OID).i32(0).char('e').end()
		}
	}
	for _, fdw := range s.Registry.Wrappers() {
		if ext := fdw.Handler.Extension; ext != nil {
			w.oid(pgForeignDataWrapperClass).oid(fdw.OID).i32(0).oid(pgExtensionClass).oid(ext.OID).i32(0).char('e').end()
		}
	}
	s.userDepends(w)
}
