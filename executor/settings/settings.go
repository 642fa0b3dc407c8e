package settings

import (
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

// Source says where a parameter's value comes from, as pg_settings.source names it.
type Source string

// Value sources.
const (
	SourceDefault Source = "default"
	SourceClient  Source = "client"  // the startup packet
	SourceSession Source = "session" // SET
)

// value is one parameter's current value.
type value struct {
	text   string  // as SHOW prints it
	num    float64 // integers in the base unit, reals, Booleans as 0 or 1
	source Source
}

// Settings holds one session's configuration parameters (GUCs). Its methods may be called
// from several goroutines (a statement's workers read settings through current_setting
// while the session waits).
type Settings struct {
	mu     sync.Mutex
	values map[string]value // by lower-case name
	// resets holds the values RESET restores: the defaults as changed by the startup
	// packet, as PostgreSQL's reset values are.
	resets map[string]value
	// changed collects the reported parameters whose value changed since TakeChanged.
	changed map[string]bool
	// txn holds, in a transaction block, the parameters changed in it (see txn.go).
	txn map[string]*txnValue
	// The typed forms of the formatting parameters, kept beside their text.
	tz            *time.Location
	extra         int
	dateStyle     types.DateStyle
	dateOrder     types.DateOrder
	intervalStyle types.IntervalStyle
	// generation counts the changes of any value, so that what was derived from the
	// settings (a session's cached plans) can tell it is stale.
	generation uint64
}

// New returns the settings of a session whose client sent the given startup parameters
// (user, database, options, and any parameter by name). Values the startup packet sets
// become the session's reset values, as in PostgreSQL. Startup parameters that are unknown
// or invalid are ignored.
func New(startup map[string]string) *Settings {
	s := &Settings{values: map[string]value{}, changed: map[string]bool{}}
	for _, p := range params {
		v, err := s.parse(p, p.Boot)
		if err != nil {
			panic("settings: bad default of " + p.Name + ": " + err.Error())
		}
		s.store(p, v)
	}
	for k, v := range startup {
		switch k {
		case "user":
			s.values["session_authorization"] = value{text: v, source: SourceClient}
		case "database":
			s.values["database"] = value{text: v, source: SourceClient}
		case "replication":
		case "options":
			for name, val := range commandLineOptions(v) {
				_ = s.setFrom(name, val, SourceClient)
			}
		default:
			_ = s.setFrom(k, v, SourceClient)
		}
	}
	s.changed = map[string]bool{}
	s.resets = make(map[string]value, len(s.values))
	for k, v := range s.values {
		s.resets[k] = v
	}
	return s
}

// commandLineOptions reads the "-c name=value" (or --name=value) pairs of the startup
// packet's options, as libpq sends PGOPTIONS.
func commandLineOptions(v string) map[string]string {
	out := map[string]string{}
	fields := splitOptions(v)
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
			out[strings.ReplaceAll(name, "-", "_")] = val
		}
	}
	return out
}

// splitOptions splits the startup packet's options into words as PostgreSQL does: at
// whitespace, with a backslash taking the next character as it is, so that a value may
// hold a space ("-c default_transaction_isolation=repeatable\ read").
func splitOptions(v string) []string {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			continue
		case c == '\\' && i+1 < len(v):
			i++
			c = v[i]
		}
		w.WriteByte(c)
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// canonical maps SET's and SHOW's special spellings to parameter names.
func canonical(name string) string {
	name = strings.ToLower(name)
	switch name {
	case "time zone":
		return "timezone"
	case "transaction isolation level":
		return "transaction_isolation"
	case "session authorization":
		return "session_authorization"
	}
	return name
}

// Set assigns a parameter (SET name = value). An empty value restores the reset value
// (RESET, SET ... TO DEFAULT); name "all" resets every parameter but the session's
// identity. Invalid values, unknown parameters and parameters that cannot change give
// PostgreSQL's errors. In a transaction block the change is undone by ROLLBACK.
func (s *Settings) Set(name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	name = canonical(name)
	if name == "all" {
		s.resetAll()
		return nil
	}
	return s.setLocked(name, value, false)
}

// SetConfig assigns a parameter as set_config(name, value, local) does: unlike SET, an empty
// value is the empty string, not the reset value.
func (s *Settings) SetConfig(name, value string, local bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.assignText(canonical(name), value, local)
}

// SetLocal assigns a parameter for the rest of the transaction block (SET LOCAL).
func (s *Settings) SetLocal(name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	name = canonical(name)
	if name == "all" {
		for _, p := range params {
			if p.Context == User && !identity(p) {
				_ = s.setLocked(strings.ToLower(p.Name), "", true)
			}
		}
		return nil
	}
	return s.setLocked(name, value, true)
}

func (s *Settings) setLocked(name, text string, local bool) error {
	p, known := byName[name]
	if !known {
		if !strings.Contains(name, ".") {
			return pgerror.Newf(pgcode.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
		}
		// A placeholder parameter of an extension ("myapp.setting"): any text.
		s.assign(nil, name, value{text: text, source: SourceSession}, local)
		return nil
	}
	if p.Context != User && p.Context != Superuser {
		return pgerror.Newf(pgcode.CantChangeRuntimeParam, "parameter \"%s\" cannot be changed", name)
	}
	if v, ok := s.resets[name]; text == "" && ok {
		s.assign(p, name, v, local)
		return nil
	}
	return s.assignText(name, text, local)
}

// assignText parses text as the value of a known, settable parameter and assigns it.
func (s *Settings) assignText(name, text string, local bool) error {
	p, known := byName[name]
	if !known || p.Context != User && p.Context != Superuser {
		return s.setLocked(name, text, local)
	}
	// Errors name the parameter as the statement spelled it, as PostgreSQL's do.
	spelled := *p
	spelled.Name = name
	v, err := s.parse(&spelled, text)
	if err != nil {
		return err
	}
	v.source = SourceSession
	s.assign(p, name, v, local)
	return nil
}

// setFrom sets a parameter from the startup packet.
func (s *Settings) setFrom(name, text string, src Source) error {
	name = canonical(name)
	p, known := byName[name]
	if !known || p.Context != User && p.Context != Superuser {
		return nil
	}
	v, err := s.parse(p, text)
	if err != nil {
		return err
	}
	v.source = src
	s.store(p, v)
	return nil
}

// identity reports the parameters RESET ALL leaves alone.
func identity(p *Param) bool {
	return p.Name == "session_authorization" || p.Name == "application_name"
}

// resetAll restores the reset value of every settable parameter (RESET ALL).
func (s *Settings) resetAll() {
	for _, p := range params {
		name := strings.ToLower(p.Name)
		if p.Context != User && p.Context != Superuser || identity(p) {
			continue
		}
		if v, ok := s.resets[name]; ok && v != s.values[name] {
			s.assign(p, name, v, false)
		}
	}
}

// parse checks and canonicalizes a value of p.
func (s *Settings) parse(p *Param, text string) (value, error) {
	switch p.Type {
	case Integer:
		n, err := parseInt(p, text)
		return value{text: formatInt(p, n), num: float64(n)}, err
	case Real:
		f, err := parseReal(p, text)
		return value{text: formatReal(f), num: f}, err
	case Bool:
		b, err := parseBool(p, text)
		if b {
			return value{text: "on", num: 1}, err
		}
		return value{text: "off"}, err
	case Enum:
		e, err := parseEnum(p, text)
		return value{text: e}, err
	}
	if p.check != nil {
		c, err := p.check(s, text)
		return value{text: c}, err
	}
	return value{text: text}, nil
}

// store assigns a checked value and updates the typed forms.
func (s *Settings) store(p *Param, v value) {
	name := strings.ToLower(p.Name)
	if s.values[name].text != v.text {
		if p.Report {
			s.changed[name] = true
		}
		s.generation++ // a value as it was (a block's transaction_isolation) changes nothing
	}
	if v.source == "" {
		v.source = SourceDefault
	}
	s.values[name] = v
	switch name {
	case "timezone":
		s.tz, _, _ = parseTimeZone(v.text)
	case "datestyle":
		s.dateStyle, s.dateOrder, _, _ = types.ParseDateStyle(v.text, 0, 0)
	case "intervalstyle":
		s.intervalStyle, _ = types.ParseIntervalStyle("IntervalStyle", v.text)
	case "extra_float_digits":
		s.extra = int(v.num)
	}
}

// Generation returns a number that changes whenever a value changes (SET, RESET,
// set_config, the end of a transaction block that changed some).
func (s *Settings) Generation() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.generation
}

// Show returns a parameter's value as SHOW prints it; unknown names give 42704. Name
// "all" lists the parameters' names.
func (s *Settings) Show(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name = canonical(name)
	if name == "all" {
		keys := make([]string, 0, len(s.values))
		for k := range s.values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return strings.Join(keys, ", "), nil
	}
	v, ok := s.values[name]
	if !ok || name == "database" {
		return "", pgerror.Newf(pgcode.UndefinedObject, "unrecognized configuration parameter \"%s\"", name)
	}
	switch name {
	case isolation:
		return s.isolationLocked(), nil
	case readOnly:
		return s.readOnlyLocked(), nil
	case deferrable:
		return s.deferrableLocked(), nil
	}
	return v.text, nil
}

// Value returns a parameter's value as SHOW prints it, or "" for one that is not set. It
// also reads the startup packet's "database", which is no parameter.
func (s *Settings) Value(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[canonical(name)].text
}

// Duration returns the value of a time parameter (statement_timeout, ...); 0 for unset.
func (s *Settings) Duration(name string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Duration(s.values[name].num * float64(time.Millisecond))
}

// Bytes returns the value of a memory parameter (work_mem, ...) in bytes, and where it came
// from.
func (s *Settings) Bytes(name string) (int64, Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.values[name]
	mult := 1024.0
	if p := byName[name]; p != nil && p.Unit == unit8KB {
		mult = 8192
	}
	return int64(v.num * mult), v.source
}

// Real returns the value of a real parameter (hash_mem_multiplier, ...).
func (s *Settings) Real(name string) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.values[name].num
}

// Reported returns the parameters reported to the client at startup, by their reported
// spelling.
func (s *Settings) Reported() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, p := range params {
		if p.Report {
			out[p.Name] = s.values[strings.ToLower(p.Name)].text
		}
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
		out[byName[name].Name] = s.values[name].text
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
		ByteaEscape: s.values["bytea_output"].text == "escape", StackDepthKB: int(s.values["max_stack_depth"].num)}
}

// List returns the parameters for pg_settings, by name.
func (s *Settings) List() []pgcatalog.Setting {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]pgcatalog.Setting, 0, len(s.values))
	for name, v := range s.values {
		if name == "database" {
			continue // the startup packet's database, not a parameter
		}
		st := pgcatalog.Setting{Name: name, Value: v.text, Source: string(v.source), VarType: "string",
			Context: string(User), Category: "Customized Options", BootVal: v.text, ResetVal: s.resets[name].text}
		if p := byName[name]; p != nil {
			st.Name, st.Category, st.ShortDesc, st.Context, st.VarType = p.Name, p.Category, p.Desc, string(p.Context), p.Type.String()
			st.BootVal = p.Boot
			st.EnumVals = p.Values
			if p.Type == Integer || p.Type == Real {
				num := formatReal
				if p.Type == Integer {
					num = func(f float64) string { return strconv.FormatInt(int64(f), 10) }
				}
				st.MinVal, st.MaxVal = num(p.Min), num(p.Max)
				st.Value = num(v.num)
				if boot, err := s.parse(p, p.Boot); err == nil {
					st.BootVal = num(boot.num)
				}
				st.ResetVal = num(s.resets[name].num)
			}
			if p.Unit != nil {
				st.Unit = p.Unit.Name
			}
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// checkClientEncoding accepts the encodings pgfast speaks: UTF8 only.
func checkClientEncoding(_ *Settings, value string) (string, error) {
	v := strings.ToUpper(strings.ReplaceAll(value, "-", ""))
	if v != "UTF8" && v != "UNICODE" && v != "SQL_ASCII" {
		return "", pgerror.Newf(pgcode.FeatureNotSupported, "encoding \"%s\" is not supported: only UTF8 is", value)
	}
	return "UTF8", nil
}

// checkDateStyle reads a DateStyle, which may change only the style or only the order.
func checkDateStyle(s *Settings, value string) (string, error) {
	_, _, canon, err := types.ParseDateStyle(value, s.dateStyle, s.dateOrder)
	return canon, err
}

// checkRestrictKinds reads restrict_nonsystem_relation_kind: a list of the relation kinds
// "view" and "foreign-table" (in any case), kept as written.
func checkRestrictKinds(_ *Settings, value string) (string, error) {
	for _, k := range RestrictedKinds(value) {
		if k != "view" && k != "foreign-table" {
			return "", pgerror.Newf(pgcode.InvalidParameterValue, "invalid value for parameter \"restrict_nonsystem_relation_kind\": \"%s\"", value).
				WithDetail("Unrecognized key word: \"" + k + "\".")
		}
	}
	return value, nil
}

// RestrictedKinds returns the relation kinds a restrict_nonsystem_relation_kind value
// names, in lower case.
func RestrictedKinds(value string) []string {
	var out []string
	for _, k := range strings.Split(value, ",") {
		if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func checkTimeZone(_ *Settings, value string) (string, error) {
	_, canon, err := parseTimeZone(value)
	return canon, err
}
