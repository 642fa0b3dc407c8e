package executor

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// ServerVersion is the PostgreSQL version pgfast reports to clients.
const ServerVersion = "15.0"

// reportedParams are the settings PostgreSQL reports with ParameterStatus (GUC_REPORT).
var reportedParams = []string{
	"server_version", "server_encoding", "client_encoding", "application_name", "DateStyle",
	"IntervalStyle", "TimeZone", "integer_datetimes", "standard_conforming_strings",
	"is_superuser", "session_authorization", "default_transaction_read_only", "in_hot_standby",
}

// settings holds a session's configuration parameters (GUCs) by lower-case name.
type settings struct {
	mu      sync.Mutex
	values  map[string]string
	changed map[string]bool
	tz      *time.Location
	extra   int
}

func defaultSettings() map[string]string {
	return map[string]string{
		"server_version":                  ServerVersion,
		"server_version_num":              "150000",
		"server_encoding":                 "UTF8",
		"client_encoding":                 "UTF8",
		"application_name":                "",
		"datestyle":                       "ISO, MDY",
		"intervalstyle":                   "postgres",
		"timezone":                        "UTC",
		"integer_datetimes":               "on",
		"standard_conforming_strings":     "on",
		"is_superuser":                    "on",
		"session_authorization":           "",
		"default_transaction_read_only":   "off",
		"in_hot_standby":                  "off",
		"extra_float_digits":              "1",
		"search_path":                     "\"$user\", public",
		"client_min_messages":             "notice",
		"transaction_isolation":           "repeatable read",
		"default_transaction_isolation":   "repeatable read",
		"max_identifier_length":           "63",
		"lc_collate":                      "C",
		"lc_ctype":                        "C",
		"statement_timeout":               "0",
		"work_mem":                        "4MB",
		"max_parallel_workers_per_gather": "2",
		"enable_seqscan":                  "on",
		"bytea_output":                    "hex",
	}
}

func newSettings(startup map[string]string) *settings {
	s := &settings{values: defaultSettings(), changed: map[string]bool{}, tz: time.UTC, extra: 1}
	for k, v := range startup {
		switch k {
		case "user":
			s.values["session_authorization"] = v
		case "database":
			s.values["database"] = v
		case "replication":
		case "options":
			// "-c name=value" pairs, as libpq sends PGOPTIONS.
			fields := strings.Fields(v)
			for i := 0; i < len(fields); i++ {
				f := fields[i]
				if f == "-c" && i+1 < len(fields) {
					i++
					f = fields[i]
				} else if strings.HasPrefix(f, "-c") {
					f = f[2:]
				} else if strings.HasPrefix(f, "--") {
					f = f[2:]
				}
				if name, val, ok := strings.Cut(f, "="); ok {
					_ = s.set(strings.ToLower(strings.ReplaceAll(name, "-", "_")), val)
				}
			}
		default:
			_ = s.set(strings.ToLower(k), v)
		}
	}
	s.changed = map[string]bool{}
	return s
}

// canonicalName returns the spelling PostgreSQL reports a parameter under.
func canonicalName(name string) string {
	for _, r := range reportedParams {
		if strings.EqualFold(r, name) {
			return r
		}
	}
	return name
}

func (s *settings) set(name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defaults := defaultSettings()
	if name == "all" {
		for k, v := range defaults {
			if k == "session_authorization" || k == "application_name" {
				continue
			}
			s.assign(k, v)
		}
		return nil
	}
	if name == "time zone" {
		name = "timezone"
	}
	if value == "" {
		if d, ok := defaults[name]; ok {
			value = d
		}
	}
	switch name {
	case "timezone":
		loc, canon, err := parseTimeZone(value)
		if err != nil {
			return err
		}
		s.tz, value = loc, canon
	case "datestyle":
		v := strings.ToUpper(value)
		if !strings.Contains(v, "ISO") && !strings.Contains(v, "MDY") && v != "DEFAULT" {
			return pgerror.Newf(pgcode.FeatureNotSupported, "DateStyle \"%s\" is not supported yet: only ISO, MDY is", value)
		}
		value = "ISO, MDY"
	case "extra_float_digits":
		n, err := strconv.Atoi(value)
		if err != nil || n < -15 || n > 3 {
			return pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"extra_float_digits\": \"%s\"", value)
		}
		s.extra = n
	case "client_encoding":
		v := strings.ToUpper(strings.ReplaceAll(value, "-", ""))
		if v != "UTF8" && v != "UNICODE" && v != "SQL_ASCII" {
			return pgerror.Newf(pgcode.FeatureNotSupported, "encoding \"%s\" is not supported: only UTF8 is", value)
		}
		value = "UTF8"
	case "bytea_output":
		v := strings.ToLower(value)
		if v != "hex" && v != "escape" {
			return pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"bytea_output\": \"%s\"", value).
				WithHint("Available values: escape, hex.")
		}
		value = v
	case "intervalstyle":
		if !strings.EqualFold(value, "postgres") {
			return pgerror.Newf(pgcode.FeatureNotSupported, "IntervalStyle \"%s\" is not supported yet", value)
		}
		value = "postgres"
	}
	s.assign(name, value)
	return nil
}

func (s *settings) assign(name, value string) {
	if s.values[name] != value {
		s.changed[name] = true
	}
	s.values[name] = value
}

// parseTimeZone accepts IANA names, UTC offsets in hours, and a few PostgreSQL spellings.
func parseTimeZone(v string) (*time.Location, string, error) {
	switch strings.ToLower(v) {
	case "utc", "gmt", "z", "zulu", "default", "local":
		return time.UTC, "UTC", nil
	}
	if h, err := strconv.ParseFloat(v, 64); err == nil {
		// A numeric zone is hours east of UTC, displayed as PostgreSQL does ("<+05>-05").
		secs := int(h * 3600)
		return time.FixedZone(v, secs), v, nil
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		return nil, "", pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"TimeZone\": \"%s\"", v)
	}
	return loc, v, nil
}

func (s *settings) show(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name == "time zone" {
		name = "timezone"
	}
	if name == "all" {
		keys := make([]string, 0, len(s.values))
		for k := range s.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return strings.Join(keys, ", "), nil
	}
	if name == "transaction isolation level" {
		name = "transaction_isolation"
	}
	v, ok := s.values[name]
	if !ok {
		return "", pgerror.Newf(pgcode.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	return v, nil
}

func (s *settings) value(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[name]
}

func (s *settings) reported() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, r := range reportedParams {
		out[r] = s.values[strings.ToLower(r)]
	}
	return out
}

func (s *settings) takeChanged() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for name := range s.changed {
		c := canonicalName(name)
		for _, r := range reportedParams {
			if r == c {
				out[c] = s.values[name]
			}
		}
	}
	s.changed = map[string]bool{}
	return out
}

func (s *settings) io() *types.IOSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &types.IOSettings{TimeZone: s.tz, ExtraFloatDigits: s.extra, ByteaEscape: s.values["bytea_output"] == "escape"}
}

// stringsRecord builds a one-column text record.
func stringsRecord(name string, lines []string) arrow.Record {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(lines, nil)
	col := b.NewArray()
	defer col.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: name, Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
	return array.NewRecord(schema, []arrow.Array{col}, int64(len(lines)))
}

// list returns the parameters for pg_settings, by name; a value other than the default
// counts as set by the session.
func (s *settings) list() []pgcatalog.Setting {
	s.mu.Lock()
	defer s.mu.Unlock()
	defaults := defaultSettings()
	out := make([]pgcatalog.Setting, 0, len(s.values))
	for name, v := range s.values {
		if name == "database" {
			continue // the startup packet's database, not a parameter
		}
		d, known := defaults[name]
		out = append(out, pgcatalog.Setting{Name: name, Value: v, Changed: !known || d != v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
