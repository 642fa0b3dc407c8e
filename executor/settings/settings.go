package settings

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

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

// Settings holds one session's configuration parameters (GUCs) by lower-case name. Its
// methods may be called from several goroutines (a statement's workers read settings
// through current_setting while the session waits).
type Settings struct {
	mu      sync.Mutex
	values  map[string]string
	changed map[string]bool
	tz      *time.Location
	extra   int
	// The parsed DateStyle and IntervalStyle, kept beside their text.
	dateStyle     types.DateStyle
	dateOrder     types.DateOrder
	intervalStyle types.IntervalStyle
	// resets holds the values RESET and SET ... TO DEFAULT restore: the defaults as changed
	// by the startup packet, as PostgreSQL's reset values are.
	resets map[string]string
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

// New returns the settings of a session whose client sent the given startup parameters
// (user, database, options, and any parameter by name). Values the startup packet sets
// become the session's reset values, as in PostgreSQL.
func New(startup map[string]string) *Settings {
	s := &Settings{values: defaultSettings(), changed: map[string]bool{}, tz: time.UTC, extra: 1}
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
					_ = s.Set(strings.ToLower(strings.ReplaceAll(name, "-", "_")), val)
				}
			}
		default:
			_ = s.Set(strings.ToLower(k), v)
		}
	}
	s.changed = map[string]bool{}
	s.resets = make(map[string]string, len(s.values))
	for k, v := range s.values {
		s.resets[k] = v
	}
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

// Set assigns a parameter (SET name = value). An empty value restores the reset value
// (RESET, SET ... TO DEFAULT); name "all" resets every parameter but the session's
// identity. Invalid values give PostgreSQL's errors.
func (s *Settings) Set(name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	defaults := s.resets
	if defaults == nil {
		defaults = defaultSettings()
	}
	if name == "all" {
		for k, v := range defaults {
			if k == "session_authorization" || k == "application_name" {
				continue
			}
			s.assign(k, v)
		}
		s.tz, _, _ = parseTimeZone(s.values["timezone"])
		s.extra, _ = strconv.Atoi(s.values["extra_float_digits"])
		s.dateStyle, s.dateOrder, _, _ = types.ParseDateStyle(s.values["datestyle"], 0, 0)
		s.intervalStyle, _ = types.ParseIntervalStyle("IntervalStyle", s.values["intervalstyle"])
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
		st, ord, canon, err := types.ParseDateStyle(value, s.dateStyle, s.dateOrder)
		if err != nil {
			return err
		}
		s.dateStyle, s.dateOrder, value = st, ord, canon
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
		st, err := types.ParseIntervalStyle(name, value)
		if err != nil {
			return err
		}
		s.intervalStyle, value = st, st.String()
	}
	s.assign(name, value)
	return nil
}

func (s *Settings) assign(name, value string) {
	if s.values[name] != value {
		s.changed[name] = true
	}
	s.values[name] = value
}

// parseTimeZone reads a TimeZone setting: a number of hours east of UTC (shown as
// PostgreSQL names it, <-07>+07), or a zone name, POSIX zone or offset as
// types.LoadTimeZone reads them.
func parseTimeZone(v string) (*time.Location, string, error) {
	switch strings.ToLower(v) {
	case "utc", "gmt", "z", "zulu", "default", "local":
		return time.UTC, "UTC", nil
	}
	if h, err := strconv.ParseFloat(v, 64); err == nil {
		secs := int(math.Round(h * 3600))
		abs := secs
		if abs < 0 {
			abs = -abs
		}
		off := fmt.Sprintf("%02d", abs/3600)
		if abs%3600 != 0 {
			off += fmt.Sprintf(":%02d", abs/60%60)
		}
		if abs%60 != 0 {
			off += fmt.Sprintf(":%02d", abs%60)
		}
		if secs > 0 {
			return time.FixedZone("+"+off, secs), "<+" + off + ">-" + off, nil
		}
		return time.FixedZone("-"+off, secs), "<-" + off + ">+" + off, nil
	}
	loc, err := types.LoadTimeZone(v)
	if err != nil {
		return nil, "", err
	}
	return loc, v, nil
}

// Show returns a parameter's value as SHOW prints it; unknown names give 42704.
func (s *Settings) Show(name string) (string, error) {
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

// Value returns a parameter's value, or "" for one that is not set. It also reads the
// startup packet's "database", which is no parameter.
func (s *Settings) Value(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[name]
}

// Reported returns the parameters reported to the client at startup, by their reported
// spelling.
func (s *Settings) Reported() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, r := range reportedParams {
		out[r] = s.values[strings.ToLower(r)]
	}
	return out
}

// TakeChanged returns the reported parameters changed since the last call, with their
// current values, and forgets the changes.
func (s *Settings) TakeChanged() map[string]string {
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

// IO returns a fresh copy of the settings that shape text and binary conversion of values.
func (s *Settings) IO() *types.IOSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &types.IOSettings{TimeZone: s.tz, ExtraFloatDigits: s.extra,
		DateStyle: s.dateStyle, DateOrder: s.dateOrder, IntervalStyle: s.intervalStyle,
		ByteaEscape: s.values["bytea_output"] == "escape"}
}

// List returns the parameters for pg_settings, by name; a value other than the default
// counts as set by the session.
func (s *Settings) List() []pgcatalog.Setting {
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
