package planner

import (
	"slices"
	"strings"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// FileFormat is the format of a foreign table's files.
type FileFormat byte

// File formats: COPY's text and CSV, and Parquet.
const (
	FileText FileFormat = iota
	FileCSV
	FileParquet
)

// FileOptions are a file_fdw foreign table's options, parsed and defaulted.
type FileOptions struct {
	// Filename is a file's absolute path or a glob over several files.
	Filename string
	Format   FileFormat
	// Copy holds the text and CSV formats' options, defaulted as COPY's are.
	Copy CopyOptions
}

// fileOptionNames are the options file_fdw accepts on a foreign table, in its order.
var fileOptionNames = []string{"filename", "program", "format", "header", "delimiter", "quote", "escape", "null", "encoding"}

// ParseFileOptions checks a foreign table's options as file_fdw's validator does (its
// messages and SQLSTATEs, COPY's for the format options) and returns them parsed. Format
// 'parquet' is pgfast's own.
func ParseFileOptions(opts catalog.Options) (*FileOptions, error) {
	for _, o := range opts {
		if !slices.Contains(fileOptionNames, o.Name) {
			return nil, pgerror.Newf(pgcode.FdwInvalidOptionName, "invalid option \"%s\"", o.Name).
				WithHint("Valid options in this context are: " + strings.Join(fileOptionNames, ", "))
		}
	}
	if _, ok := opts.Get("program"); ok {
		return nil, pgerror.New(pgcode.InsufficientPrivilege, "COPY to or from an external program is not supported")
	}
	out := &FileOptions{Copy: CopyOptions{Delimiter: '\t', Null: `\N`, Quote: '"', Escape: '"'}}
	out.Filename, _ = opts.Get("filename")
	if f, ok := opts.Get("format"); ok {
		switch strings.ToLower(f) {
		case "text":
		case "csv":
			out.Format, out.Copy.Format, out.Copy.Delimiter, out.Copy.Null = FileCSV, CopyCSV, ',', ""
		case "parquet":
			out.Format = FileParquet
		default:
			return nil, pgerror.Newf(pgcode.InvalidParameterValue, "COPY format \"%s\" not recognized", f)
		}
	}
	if err := parseCopyText(opts, &out.Copy); err != nil {
		return nil, err
	}
	if out.Filename == "" {
		return nil, pgerror.New(pgcode.FdwDynamicParameterValueNeeded, "either filename or program is required for file_fdw foreign tables")
	}
	return out, nil
}

// parseCopyText applies the text and CSV options of opts to c, whose Format is set.
func parseCopyText(opts catalog.Options, c *CopyOptions) error {
	csv := c.Format == CopyCSV
	oneByte := func(name, v string) (byte, error) {
		if len(v) != 1 {
			return 0, pgerror.Newf(pgcode.FeatureNotSupported, "COPY %s must be a single one-byte character", name)
		}
		if !csv && name != "delimiter" {
			return 0, pgerror.Newf(pgcode.FeatureNotSupported, "COPY %s available only in CSV mode", name)
		}
		return v[0], nil
	}
	for _, o := range opts {
		var err error
		switch o.Name {
		case "header":
			switch strings.ToLower(o.Value) {
			case "true", "on", "1", "yes":
				c.Header = true
			case "false", "off", "0", "no":
			default:
				return pgerror.New(pgcode.InvalidParameterValue, "header requires a Boolean value or \"match\"")
			}
		case "delimiter":
			c.Delimiter, err = oneByte("delimiter", o.Value)
		case "quote":
			c.Quote, err = oneByte("quote", o.Value)
		case "escape":
			c.Escape, err = oneByte("escape", o.Value)
		case "null":
			c.Null = o.Value
		}
		if err != nil {
			return err
		}
	}
	return nil
}
