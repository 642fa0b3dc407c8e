package types

import (
	"testing"
	"time"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// The expected strings are what PostgreSQL 15 prints for the same values and settings.

func TestDateStyleOutput(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := ParseTimestamp("2001-02-16 20:38:40.5", nil)
	bc, _ := ParseTimestamp("0044-03-15 12:00 BC", nil)
	tz, _ := ParseTimestamptz("2000-07-01 12:00+02", nil)
	d, _ := ParseDate("2001-02-16", nil)
	cases := []struct {
		style      DateStyle
		order      DateOrder
		date, ts   string
		bc, tzWant string
	}{
		{DateStyleISO, DateOrderMDY, "2001-02-16", "2001-02-16 20:38:40.5", "0044-03-15 12:00:00 BC", "2000-07-01 06:00:00-04"},
		{DateStylePostgres, DateOrderMDY, "02-16-2001", "Fri Feb 16 20:38:40.5 2001", "Fri Mar 15 12:00:00 0044 BC", "Sat Jul 01 06:00:00 2000 EDT"},
		{DateStylePostgres, DateOrderDMY, "16-02-2001", "Fri 16 Feb 20:38:40.5 2001", "Fri 15 Mar 12:00:00 0044 BC", "Sat 01 Jul 06:00:00 2000 EDT"},
		{DateStyleSQL, DateOrderMDY, "02/16/2001", "02/16/2001 20:38:40.5", "03/15/0044 12:00:00 BC", "07/01/2000 06:00:00 EDT"},
		{DateStyleSQL, DateOrderDMY, "16/02/2001", "16/02/2001 20:38:40.5", "15/03/0044 12:00:00 BC", "01/07/2000 06:00:00 EDT"},
		{DateStyleGerman, DateOrderDMY, "16.02.2001", "16.02.2001 20:38:40.5", "15.03.0044 12:00:00 BC", "01.07.2000 06:00:00 EDT"},
	}
	for _, c := range cases {
		if got := string(appendDate(nil, d, c.style, c.order)); got != c.date {
			t.Errorf("%v %v date: got %q, want %q", c.style, c.order, got, c.date)
		}
		if got := string(appendTimestamp(nil, ts, nil, false, c.style, c.order)); got != c.ts {
			t.Errorf("%v %v timestamp: got %q, want %q", c.style, c.order, got, c.ts)
		}
		if got := string(appendTimestamp(nil, bc, nil, false, c.style, c.order)); got != c.bc {
			t.Errorf("%v %v BC timestamp: got %q, want %q", c.style, c.order, got, c.bc)
		}
		if got := string(appendTimestamp(nil, tz, ny, true, c.style, c.order)); got != c.tzWant {
			t.Errorf("%v %v timestamptz: got %q, want %q", c.style, c.order, got, c.tzWant)
		}
	}
}

func TestIntervalStyleOutput(t *testing.T) {
	cases := []struct {
		in                              string
		postgres, verbose, sql, iso8601 string
	}{
		{"1 year 2 mons 3 days 04:05:06.5", "1 year 2 mons 3 days 04:05:06.5", "@ 1 year 2 mons 3 days 4 hours 5 mins 6.5 secs",
			"+1-2 +3 +4:05:06.5", "P1Y2M3DT4H5M6.5S"},
		{"-1 day +02:03:04", "-1 days +02:03:04", "@ 1 day -2 hours -3 mins -4 secs ago", "+0-0 -1 +2:03:04", "P-1DT2H3M4S"},
		{"-1 year -2 mons", "-1 years -2 mons", "@ 1 year 2 mons ago", "-1-2", "P-1Y-2M"},
		{"-00:00:01.5", "-00:00:01.5", "@ 1.5 secs ago", "-0:00:01.5", "PT-1.5S"},
		{"0", "00:00:00", "@ 0", "0", "PT0S"},
		{"3 days 04:05:06", "3 days 04:05:06", "@ 3 days 4 hours 5 mins 6 secs", "3 4:05:06", "P3DT4H5M6S"},
	}
	for _, c := range cases {
		v, err := ParseInterval(c.in)
		if err != nil {
			t.Fatal(err)
		}
		for st, want := range []string{c.postgres, c.verbose, c.sql, c.iso8601} {
			if got := string(appendInterval(nil, v.Months, v.Days, v.Nanoseconds, IntervalStyle(st))); got != want {
				t.Errorf("%q in %v: got %q, want %q", c.in, IntervalStyle(st), got, want)
			}
		}
	}
}

func TestParseDateStyle(t *testing.T) {
	cases := []struct {
		in    string
		want  string
		code  pgcode.Code
		style DateStyle
		order DateOrder
	}{
		{in: "Postgres, MDY", want: "Postgres, MDY", style: DateStylePostgres},
		{in: "iso", want: "ISO, DMY", order: DateOrderDMY}, // keeps the current order
		{in: "German", want: "German, DMY", style: DateStyleGerman, order: DateOrderDMY},
		{in: "sql, ymd", want: "SQL, YMD", style: DateStyleSQL, order: DateOrderYMD},
		{in: "European", want: "Postgres, DMY", style: DateStylePostgres, order: DateOrderDMY},
		{in: "ISO, Postgres", code: pgcode.InvalidParameterValue},
		{in: "Nonsense", code: pgcode.InvalidParameterValue},
	}
	for _, c := range cases {
		// The current setting is Postgres, DMY.
		st, ord, canon, err := ParseDateStyle(c.in, DateStylePostgres, DateOrderDMY)
		if c.code != "" {
			if pgerror.GetCode(err) != c.code {
				t.Errorf("%q: got error %v, want %s", c.in, err, c.code)
			}
			continue
		}
		if err != nil || canon != c.want || st != c.style || ord != c.order {
			t.Errorf("%q: got %v %v %q %v, want %v %v %q", c.in, st, ord, canon, err, c.style, c.order, c.want)
		}
	}
	if _, err := ParseIntervalStyle("intervalstyle", "sql_standard"); err != nil {
		t.Error(err)
	}
	if _, err := ParseIntervalStyle("intervalstyle", "bogus"); pgerror.GetCode(err) != pgcode.InvalidParameterValue {
		t.Errorf("bogus IntervalStyle: %v", err)
	}
}

func TestDateOrderInput(t *testing.T) {
	cases := []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"01-02-03", DateOrderMDY, "2003-01-02"},
		{"01-02-03", DateOrderDMY, "2003-02-01"},
		{"01-02-03", DateOrderYMD, "2001-02-03"},
		{"1999-01-08", DateOrderDMY, "1999-01-08"},
		{"8 jan 99", DateOrderDMY, "1999-01-08"},
		{"99-Jan-08", DateOrderYMD, "1999-01-08"},
	}
	for _, c := range cases {
		d, err := ParseDate(c.in, &IOSettings{DateOrder: c.order})
		if err != nil {
			t.Errorf("%q %v: %v", c.in, c.order, err)
			continue
		}
		if got := string(AppendDate(nil, d)); got != c.want {
			t.Errorf("%q %v: got %s, want %s", c.in, c.order, got, c.want)
		}
	}
}

func TestZones(t *testing.T) {
	// POSIX zones: offsets west, US daylight rules by default.
	loc, err := LoadTimeZone("FOO8BAR")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		when   time.Time
		abbrev string
		off    int
	}{
		{time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "FOO", -8 * 3600},
		{time.Date(2000, 7, 1, 0, 0, 0, 0, time.UTC), "BAR", -7 * 3600},
	} {
		if off, abbrev := ZoneAt(loc, c.when.UnixMicro()); off != c.off || abbrev != c.abbrev {
			t.Errorf("FOO8BAR at %v: got %s %d, want %s %d", c.when, abbrev, off, c.abbrev, c.off)
		}
	}
	z, err := ParseZoneSpec("+05")
	if err != nil || z.Loc != nil || z.Offset != -5*3600 {
		t.Errorf("ParseZoneSpec(+05) = %+v, %v", z, err)
	}
	if z, err := ParseZoneSpec("pdt"); err != nil || z.Offset != -7*3600 {
		t.Errorf("ParseZoneSpec(pdt) = %+v, %v", z, err)
	}
	if _, err := ParseZoneSpec("Mars/Olympus"); pgerror.GetCode(err) != pgcode.InvalidParameterValue {
		t.Errorf("unknown zone: %v", err)
	}
	// A time with a daylight-saving zone needs a date; a fixed zone does not.
	if _, err := ParseTime("15:36:39 America/New_York", nil); pgerror.GetCode(err) != pgcode.InvalidDatetimeFormat {
		t.Errorf("time with DST zone: %v", err)
	}
	if _, err := ParseTime("15:36:39 Etc/GMT+5", nil); err != nil {
		t.Errorf("time with fixed zone: %v", err)
	}
}
