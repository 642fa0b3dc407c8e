package cluster

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

const (
	registryName = "databases.json"
	registryTemp = "databases.json.tmp"
	baseDir      = "base"
	// registryFormat is the registry file's format number.
	registryFormat = 1
	// firstDatabaseOID is the OID of the first database CREATE DATABASE makes, as in
	// PostgreSQL (FirstNormalObjectId).
	firstDatabaseOID types.OID = 16384
)

// registry is the content of databases.json.
type registry struct {
	Format    int                    `json:"format"`
	NextOID   types.OID              `json:"next_oid"`
	Databases []*catalog.DatabaseDef `json:"databases"`
}

// initialRegistry is the registry of a new data directory: PostgreSQL's databases after
// initdb.
func initialRegistry() *registry {
	mk := func(oid types.OID, name string, template, conn bool) *catalog.DatabaseDef {
		d := &catalog.DatabaseDef{OID: oid, Name: name, Owner: catalog.BootstrapRoleOID, Encoding: catalog.UTF8Encoding,
			Collate: "C", Ctype: "C", IsTemplate: template, AllowConn: conn, ConnLimit: -1}
		if template {
			// initdb lets PUBLIC only connect to the templates.
			d.ACL = acl.List{{Grantee: acl.Public, Grantor: d.Owner, Privs: acl.Connect},
				{Grantee: d.Owner, Grantor: d.Owner, Privs: acl.Database.All()}}
		}
		return d
	}
	return &registry{Format: registryFormat, NextOID: firstDatabaseOID, Databases: []*catalog.DatabaseDef{
		mk(catalog.Template1OID, "template1", true, true),
		mk(catalog.Template0OID, "template0", true, false),
		mk(catalog.PostgresOID, "postgres", false, true),
	}}
}

// readRegistry reads dir's registry; nil when there is none yet.
func readRegistry(dir string) (*registry, error) {
	data, err := os.ReadFile(filepath.Join(dir, registryName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := &registry{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, registryName), err)
	}
	if r.Format != registryFormat {
		return nil, fmt.Errorf("%s: unknown format %d", filepath.Join(dir, registryName), r.Format)
	}
	return r, nil
}

// writeRegistry replaces dir's registry with r durably: a temporary file, synced, renamed
// over the old one, then the directory synced.
func writeRegistry(dir string, r *registry) error {
	slices.SortFunc(r.Databases, func(a, b *catalog.DatabaseDef) int { return int(a.OID) - int(b.OID) })
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, registryTemp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, registryName)); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
