package pgjson

import (
	"strings"
	"testing"

	"github.com/pgfast/pgfast/wire/pgerror"
)

// parseCases are jsonb inputs with PostgreSQL 15's answers: the output text, or the error's
// SQLSTATE, message, DETAIL and CONTEXT.
var parseCases = []struct {
	in, code, out, detail, context string
}{
	{"{\"a\":1, \"b\":[1,2.50,{\"c\":null}], \"aa\": \"x\\ny\", \"a\": true}", "OK", "{\"a\": true, \"b\": [1, 2.50, {\"c\": null}], \"aa\": \"x\\ny\"}", "", ""},
	{"1e2", "OK", "100", "", ""},
	{"-0.0", "OK", "0.0", "", ""},
	{"[]", "OK", "[]", "", ""},
	{"{}", "OK", "{}", "", ""},
	{"\"\\u00e9\\ud83d\\ude04\"", "OK", "\"é😄\"", "", ""},
	{"{\"abc\"}", "22P02", "invalid input syntax for type json", "Expected \":\", but found \"}\".", "JSON data, line 1: {\"abc\"}"},
	{"[1,2", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.", "JSON data, line 1: [1,2"},
	{"''", "22P02", "invalid input syntax for type json", "Token \"'\" is invalid.", "JSON data, line 1: '..."},
	{"{\"abc\":1:2}", "22P02", "invalid input syntax for type json", "Expected \",\" or \"}\", but found \":\".", "JSON data, line 1: {\"abc\":1:..."},
	{"\"\\v\"", "22P02", "invalid input syntax for type json", "Escape sequence \"\\v\" is invalid.", "JSON data, line 1: \"\\v..."},
	{"1.3ex100", "22P02", "invalid input syntax for type json", "Token \"1.3ex100\" is invalid.", "JSON data, line 1: 1.3ex100"},
	{"\"\\u0000\"", "22P05", "unsupported Unicode escape sequence", "\\u0000 cannot be converted to text.", "JSON data, line 1: \"\\u0000..."},
	{"\"\\ud83d\\ud83d\"", "22P02", "invalid input syntax for type json", "Unicode high surrogate must not follow a high surrogate.", "JSON data, line 1: \"\\ud83d\\ud83d..."},
	{"\"\\ude04X\"", "22P02", "invalid input syntax for type json", "Unicode low surrogate must follow a high surrogate.", "JSON data, line 1: \"\\ude04..."},
	{"\"\\ud83dX\"", "22P02", "invalid input syntax for type json", "Unicode low surrogate must follow a high surrogate.", "JSON data, line 1: \"\\ud83dX..."},
	{"\"\\u\"", "22P02", "invalid input syntax for type json", "\"\\u\" must be followed by four hexadecimal digits.", "JSON data, line 1: \"\\u\""},
	{"\"\\u00\"", "22P02", "invalid input syntax for type json", "\"\\u\" must be followed by four hexadecimal digits.", "JSON data, line 1: \"\\u00\""},
	{"\"\\u000g\"", "22P02", "invalid input syntax for type json", "\"\\u\" must be followed by four hexadecimal digits.", "JSON data, line 1: \"\\u000g..."},
	{"[1,2,]", "22P02", "invalid input syntax for type json", "Expected JSON value, but found \"]\".", "JSON data, line 1: [1,2,]"},
	{" true ", "OK", "true", "", ""},
	{"true false", "22P02", "invalid input syntax for type json", "Expected end of input, but found \"false\".", "JSON data, line 1: true false"},
	{"true, false", "22P02", "invalid input syntax for type json", "Expected end of input, but found \",\".", "JSON data, line 1: true,..."},
	{"truf", "22P02", "invalid input syntax for type json", "Token \"truf\" is invalid.", "JSON data, line 1: truf"},
	{"trues", "22P02", "invalid input syntax for type json", "Token \"trues\" is invalid.", "JSON data, line 1: trues"},
	{"", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.", "JSON data, line 1: "},
	{"    ", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.", "JSON data, line 1:     "},
	{"{1:\"abc\"}", "22P02", "invalid input syntax for type json", "Expected string or \"}\", but found \"1\".", "JSON data, line 1: {1..."},
	{"{\"abc\",1}", "22P02", "invalid input syntax for type json", "Expected \":\", but found \",\".", "JSON data, line 1: {\"abc\",..."},
	{"{\"abc\"=1}", "22P02", "invalid input syntax for type json", "Token \"=\" is invalid.", "JSON data, line 1: {\"abc\"=..."},
	{"{\"abc\"::1}", "22P02", "invalid input syntax for type json", "Expected JSON value, but found \":\".", "JSON data, line 1: {\"abc\"::..."},
	{"{\"abc\":1,3}", "22P02", "invalid input syntax for type json", "Expected string, but found \"3\".", "JSON data, line 1: {\"abc\":1,3..."},
	{"[1,[2]", "22P02", "invalid input syntax for type json", "The input string ended unexpectedly.", "JSON data, line 1: [1,[2]"},
	{"01", "22P02", "invalid input syntax for type json", "Token \"01\" is invalid.", "JSON data, line 1: 01"},
	{"1f2", "22P02", "invalid input syntax for type json", "Token \"1f2\" is invalid.", "JSON data, line 1: 1f2"},
	{"0.x1", "22P02", "invalid input syntax for type json", "Token \"0.x1\" is invalid.", "JSON data, line 1: 0.x1"},
	{"-", "22P02", "invalid input syntax for type json", "Token \"-\" is invalid.", "JSON data, line 1: -"},
	{"-a", "22P02", "invalid input syntax for type json", "Token \"-a\" is invalid.", "JSON data, line 1: -a"},
	{"1.", "22P02", "invalid input syntax for type json", "Token \"1.\" is invalid.", "JSON data, line 1: 1."},
	{".5", "22P02", "invalid input syntax for type json", "Token \".\" is invalid.", "JSON data, line 1: ...."},
	{"1e", "22P02", "invalid input syntax for type json", "Token \"1e\" is invalid.", "JSON data, line 1: 1e"},
	{"1e+", "22P02", "invalid input syntax for type json", "Token \"1e+\" is invalid.", "JSON data, line 1: 1e+"},
	{"--1", "22P02", "invalid input syntax for type json", "Token \"-\" is invalid.", "JSON data, line 1: -..."},
	{"[1 2]", "22P02", "invalid input syntax for type json", "Expected \",\" or \"]\", but found \"2\".", "JSON data, line 1: [1 2..."},
	{"{\"a\":1 \"b\":2}", "22P02", "invalid input syntax for type json", "Expected \",\" or \"}\", but found \"\"b\"\".", "JSON data, line 1: {\"a\":1 \"b\"..."},
	{"nul", "22P02", "invalid input syntax for type json", "Token \"nul\" is invalid.", "JSON data, line 1: nul"},
	{"\"a\\u00\"", "22P02", "invalid input syntax for type json", "\"\\u\" must be followed by four hexadecimal digits.", "JSON data, line 1: \"a\\u00\""},
	{"\"\\x\"", "22P02", "invalid input syntax for type json", "Escape sequence \"\\x\" is invalid.", "JSON data, line 1: \"\\x..."},
	{"\"tab\tinside\"", "22P02", "invalid input syntax for type json", "Character with value 0x09 must be escaped.", "JSON data, line 1: \"tab..."},
	{"{\"averyveryveryveryveryveryveryveryveryverylongfieldname\":}", "22P02", "invalid input syntax for type json", "Expected JSON value, but found \"}\".", "JSON data, line 1: ...yveryveryveryveryveryveryveryverylongfieldname\":}"},
	{"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,x]", "22P02", "invalid input syntax for type json", "Token \"x\" is invalid.", "JSON data, line 1: ...15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,x..."},
	{"{\"é\":\"ü\", \"aé\": 1, \"b\": \"\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", "OK", "{\"b\": \"/\\b\\f\\n\\r\\t\\\"\\\\\", \"é\": \"ü\", \"aé\": 1}", "", ""},
	{"1e-16384", "22003", "value overflows numeric format", "", ""},
	{"123456789012345678901234567890123456789012345678901234567890.0001000", "OK", "123456789012345678901234567890123456789012345678901234567890.0001000", "", ""},
	{"-1.5E+3", "OK", "-1500", "", ""},
	{"0.000e5", "OK", "0", "", ""},
	{"[{\"b\":2,\"a\":1},{\"a\":[]}]", "OK", "[{\"a\": 1, \"b\": 2}, {\"a\": []}]", "", ""},
	{"\"é", "22P02", "invalid input syntax for type json", "Token \"\"é\" is invalid.", "JSON data, line 1: \"é"},
}

func TestParseJSONB(t *testing.T) {
	var p Parser
	for _, c := range parseCases {
		v, err := p.ParseJSONB([]byte(c.in), 0)
		if c.code == "OK" {
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			} else if got := string(AppendText(nil, v)); got != c.out {
				t.Errorf("%q prints %q, want %q", c.in, got, c.out)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q parsed as %s, want error %s", c.in, AppendText(nil, v), c.code)
			continue
		}
		f := pgerror.Flatten(err)
		if string(f.Code) != c.code || f.Message != c.out || f.Detail != c.detail || f.Context != c.context {
			t.Errorf("%q: got %s %q DETAIL %q CONTEXT %q\nwant %s %q DETAIL %q CONTEXT %q",
				c.in, f.Code, f.Message, f.Detail, f.Context, c.code, c.out, c.detail, c.context)
		}
	}
}

// TestValidateJSON checks that json input reports the same syntax errors as jsonb input,
// but leaves escapes undecoded: \u0000 and lone surrogates are valid json text.
func TestValidateJSON(t *testing.T) {
	var p Parser
	for _, c := range parseCases {
		err := p.ValidateJSON([]byte(c.in), 0)
		decodeOnly := strings.Contains(c.detail, "surrogate") || strings.Contains(c.detail, `\u0000`) || c.code == "22003"
		switch {
		case c.code == "OK" || decodeOnly:
			if err != nil {
				t.Errorf("%q: %v", c.in, err)
			}
		case err == nil:
			t.Errorf("%q: valid json, want %s", c.in, c.code)
		default:
			f := pgerror.Flatten(err)
			if f.Detail != c.detail || f.Context != c.context {
				t.Errorf("%q: DETAIL %q CONTEXT %q, want %q %q", c.in, f.Detail, f.Context, c.detail, c.context)
			}
		}
	}
}

func TestParseLimits(t *testing.T) {
	var p Parser
	v, err := p.ParseJSONB([]byte("1e-16383"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(AppendText(nil, v)); len(got) != 16385 || !strings.HasPrefix(got, "0.000") || !strings.HasSuffix(got, "01") {
		t.Errorf("1e-16383 prints %d characters", len(got))
	}
	deep := strings.Repeat("[", 1000) + strings.Repeat("]", 1000)
	if _, err := p.ParseJSONB([]byte(deep), 2048); err != nil {
		t.Errorf("1000 levels under 2MB: %v", err)
	}
	_, err = p.ParseJSONB([]byte(deep), 100)
	if f := pgerror.Flatten(err); f.Code != "54001" || f.Message != "stack depth limit exceeded" ||
		f.Hint != `Increase the configuration parameter "max_stack_depth" (currently 100kB), after ensuring the platform's stack depth limit is adequate.` {
		t.Errorf("1000 levels under 100kB: %+v", f)
	}
}
