package pgcatalog

import (
	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// pgForeignDataWrapperClass is pg_foreign_data_wrapper's OID, the classid of a wrapper's
// rows elsewhere (pg_depend).
const pgForeignDataWrapperClass types.OID = 2328

// The relations describing foreign data (catalog/foreign.go): the registry's wrappers, the
// catalog's servers and its foreign tables with their options, owned like everything else by
// the bootstrap superuser.

func (s *Source) foreignWrappers(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	for _, fdw := range s.Registry.Wrappers() {
		w.oid(fdw.OID).str(fdw.Name).oid(BootstrapSuperuser).oid(fdw.Handler.OID).oid(fdw.Validator.OID).null().null().end()
	}
}

func (s *Source) foreignServers(w *rowWriter) {
	if s.Registry == nil {
		return
	}
	fdw := s.Registry.Wrapper(catalog.FileFDW)
	for _, srv := range s.Catalog.Servers() {
		w.oid(srv.OID).str(srv.Name).oid(BootstrapSuperuser).oid(fdw.OID).strOrNull(srv.Type).strOrNull(srv.Version).
			null().strArray(srv.Options.Text()).end()
	}
}

func (s *Source) foreignTables(w *rowWriter) {
	for _, t := range s.Catalog.Tables() {
		if t.Foreign == nil {
			continue
		}
		srv := s.Catalog.Server(t.Foreign.Server)
		w.oid(t.OID).oid(srv.OID).strArray(t.Foreign.Options.Text()).end()
	}
}

func (s *Source) isForeignTables(w *rowWriter) {
	for _, t := range s.Catalog.Tables() {
		if t.Foreign == nil {
			continue
		}
		w.str(s.Database).str(t.Schema).str(t.Name).str(s.Database).str(t.Foreign.Server).end()
	}
}
