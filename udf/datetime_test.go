package udf

import (
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/types"
	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

// Date/time cases are written in PostgreSQL's text forms (ISO output, IntervalStyle
// postgres), parsed and printed with the type library, in the session zone of the case.
// Expected values are what PostgreSQL 15 returns.

type dtCase struct {
	name string
	args []types.OID
	in   [][]string
	want []string
	code pgcode.Code
	msg  string
}

func dtColumn(t *testing.T, mem memory.Allocator, typ types.T, io *types.IOSettings, vals []string) arrow.Array {
	t.Helper()
	b := array.NewBuilder(mem, typ.Arrow())
	defer b.Release()
	parse := types.TextParserFor(typ, io)
	for _, v := range vals {
		if v == "NULL" {
			b.AppendNull()
			continue
		}
		if err := parse(b, []byte(v)); err != nil {
			t.Fatalf("bad %s test value %q: %v", typ, v, err)
		}
	}
	return b.NewArray()
}

func runDatetimeCases(t *testing.T, zone string, cases []dtCase) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	io := &types.IOSettings{TimeZone: loc, ExtraFloatDigits: 1}
	for _, c := range cases {
		t.Run(c.name+strings.Join(c.in[0], ","), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			f := lookup(t, c.name, c.args...)
			argTypes := make([]types.T, len(c.args))
			args := make([]arrow.Array, len(c.in))
			for i, o := range c.args {
				argTypes[i] = types.Of(o)
				args[i] = dtColumn(t, mem, argTypes[i], io, c.in[i])
				defer args[i].Release()
			}
			n := args[0].Len()
			env := &catalog.FuncEnv{Mem: mem, TimeZone: loc, ArgTypes: argTypes, RetType: f.ResultType(argTypes), Rows: n}
			if f.Strict {
				valid := make([]byte, (n+7)/8)
				for i := 0; i < n; i++ {
					ok := true
					for _, a := range args {
						ok = ok && a.IsValid(i)
					}
					if ok {
						valid[i>>3] |= 1 << (i & 7)
					}
				}
				env.Valid = valid
			}
			res, err := f.Scalar(env, args)
			if c.code != "" {
				if err == nil {
					res.Release()
					t.Fatalf("want error %s, got none", c.code)
				}
				if got := pgerror.GetCode(err); got != c.code || err.Error() != c.msg {
					t.Fatalf("want error %s %q, got %s %q", c.code, c.msg, got, err.Error())
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			defer res.Release()
			app := types.TextAppender(f.ResultType(argTypes), res, io)
			got := make([]string, n)
			for i := range got {
				if !env.RowValid(i) || res.IsNull(i) {
					got[i] = "NULL"
					continue
				}
				got[i] = string(app(nil, i))
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestIntervalArithmetic(t *testing.T) {
	iv, f8 := types.Interval, types.Float8
	runDatetimeCases(t, "UTC", []dtCase{
		{name: "interval_mul", args: oids(iv, f8), in: [][]string{col("1 day", "1 mon", "-1 year", "1 mon", "NULL"), col("1.5", "0.5", "0.3", "NULL", "2")},
			want: col("1 day 12:00:00", "15 days", "-3 mons -18 days", "NULL", "NULL")},
		{name: "interval_div", args: oids(iv, f8), in: [][]string{col("1 mon", "1 day 02:00:00"), col("7", "-2")},
			want: col("4 days 06:51:25.6896", "-13:00:00")},
		{name: "interval_div", args: oids(iv, f8), in: [][]string{col("1 day"), col("0")},
			code: pgcode.DivisionByZero, msg: "division by zero"},
		{name: "interval_pl", args: oids(iv, iv), in: [][]string{col("1 year 2 days"), col("-1 mon 03:00:00")},
			want: col("11 mons 2 days 03:00:00")},
		{name: "interval_um", args: oids(iv), in: [][]string{col("1 day -02:00:00")}, want: col("-1 days +02:00:00")},
		{name: "justify_hours", args: oids(iv), in: [][]string{col("1 day 49:00:00", "-1 day 01:00:00")},
			want: col("3 days 01:00:00", "-23:00:00")},
		{name: "justify_days", args: oids(iv), in: [][]string{col("1 year 65 days", "1 mon -40 days")},
			want: col("1 year 2 mons 5 days", "-10 days")},
		{name: "justify_interval", args: oids(iv), in: [][]string{col("1 mon -01:00:00", "-1 mon 01:00:00")},
			want: col("29 days 23:00:00", "-29 days -23:00:00")},
		{name: "interval_lt", args: oids(iv, iv), in: [][]string{col("1 mon", "1 day", "-1 year"), col("30 days", "25:00:00", "00:00:01")},
			want: col("f", "t", "t")},
		{name: "interval_eq", args: oids(iv, iv), in: [][]string{col("1 mon", "1 day"), col("30 days", "24:00:00")},
			want: col("t", "t")},
	})
}

func TestTimestampArithmetic(t *testing.T) {
	ts, tz, iv, da := types.Timestamp, types.Timestamptz, types.Interval, types.Date
	runDatetimeCases(t, "America/Los_Angeles", []dtCase{
		{name: "timestamp_pl_interval", args: oids(ts, iv),
			in:   [][]string{col("2001-01-31 10:00", "2000-02-29 00:00", "infinity"), col("1 mon", "1 year", "1 day")},
			want: col("2001-02-28 10:00:00", "2001-02-28 00:00:00", "infinity")},
		{name: "timestamp_mi_interval", args: oids(ts, iv), in: [][]string{col("2001-03-31 00:00"), col("1 mon")},
			want: col("2001-02-28 00:00:00")},
		// Days keep the wall-clock time across the spring-forward change, hours do not.
		{name: "timestamptz_pl_interval", args: oids(tz, iv),
			in:   [][]string{col("2001-04-01 00:00", "2001-04-01 00:00"), col("1 day", "24:00:00")},
			want: col("2001-04-02 00:00:00-07", "2001-04-02 01:00:00-07")},
		{name: "date_pl_interval", args: oids(da, iv), in: [][]string{col("2001-02-16"), col("-1 days -02:00:00")},
			want: col("2001-02-14 22:00:00")},
		{name: "timestamp_pl_interval", args: oids(ts, iv), in: [][]string{col("2001-01-01"), col("300000 years")},
			code: pgcode.DatetimeValueOutOfRange, msg: "timestamp out of range"},
		{name: "age", args: oids(ts, ts), in: [][]string{col("2001-04-10", "1957-06-13"), col("1957-06-13", "2001-04-10")},
			want: col("43 years 9 mons 27 days", "-43 years -9 mons -27 days")},
		{name: "age", args: oids(tz, tz), in: [][]string{col("2001-03-31 12:00"), col("2001-02-28 13:00")},
			want: col("1 mon 2 days 23:00:00")},
	})
}

func TestExtract(t *testing.T) {
	tx, ts, tz, da, ti, iv := types.Text, types.Timestamp, types.Timestamptz, types.Date, types.Time, types.Interval
	units := col("microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter",
		"year", "decade", "century", "millennium", "julian", "isoyear", "dow", "isodow", "doy", "epoch")
	rep := func(v string) []string {
		out := make([]string, len(units))
		for i := range out {
			out[i] = v
		}
		return out
	}
	runDatetimeCases(t, "America/Los_Angeles", []dtCase{
		{name: "extract", args: oids(tx, ts), in: [][]string{units, rep("2020-05-26 13:30:25.575401")},
			want: col("25575401", "25575.401", "25.575401", "30", "13", "26", "22", "5", "2", "2020", "202", "21", "3",
				"2458996.56279601158564814815", "2020", "2", "2", "147", "1590499825.575401")},
		{name: "date_part", args: oids(tx, ts), in: [][]string{units, rep("2020-05-26 13:30:25.575401")},
			want: col("25575401", "25575.401", "25.575401", "30", "13", "26", "22", "5", "2", "2020", "202", "21", "3",
				"2458996.5627960116", "2020", "2", "2", "147", "1590499825.575401")},
		{name: "extract", args: oids(tx, da), in: [][]string{col("year", "century", "isoyear", "epoch", "day"), rep("0044-03-15 BC")[:5]},
			want: col("-44", "-1", "-44", "-63517824000", "15")},
		{name: "extract", args: oids(tx, tz), in: [][]string{col("timezone", "timezone_hour", "hour"), rep("2001-07-01 00:00-07")[:3]},
			want: col("-25200", "-7", "0")},
		{name: "date_part", args: oids(tx, ts), in: [][]string{col("day", "year"), col("infinity", "-infinity")},
			want: col("NULL", "-Infinity")},
		{name: "extract", args: oids(tx, ti), in: [][]string{col("second", "epoch"), col("13:30:25.5", "01:00")},
			want: col("25.500000", "3600.000000")},
		{name: "extract", args: oids(tx, iv), in: [][]string{col("epoch", "hour", "quarter"), col("1 year 3 days 00:00:00.5", "-26:00:00", "7 mons")},
			want: col("31816800.500000", "-26", "3")},
		{name: "extract", args: oids(tx, ts), in: [][]string{col("fortnight"), col("2001-01-01")},
			code: pgcode.InvalidParameterValue, msg: `unit "fortnight" not recognized for type timestamp without time zone`},
		{name: "extract", args: oids(tx, ts), in: [][]string{col("timezone"), col("2001-01-01")},
			code: pgcode.FeatureNotSupported, msg: `unit "timezone" not supported for type timestamp without time zone`},
		{name: "extract", args: oids(tx, ti), in: [][]string{col("Day"), col("10:00")},
			code: pgcode.FeatureNotSupported, msg: `unit "day" not supported for type time without time zone`},
	})
}

func TestDateTruncAndZones(t *testing.T) {
	tx, ts, tz, iv := types.Text, types.Timestamp, types.Timestamptz, types.Interval
	units := col("microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter",
		"year", "decade", "century", "millennium")
	rep := func(v string) []string {
		out := make([]string, len(units))
		for i := range out {
			out[i] = v
		}
		return out
	}
	runDatetimeCases(t, "America/Los_Angeles", []dtCase{
		{name: "date_trunc", args: oids(tx, ts), in: [][]string{units, rep("2004-02-29 15:44:17.71393")},
			want: col("2004-02-29 15:44:17.71393", "2004-02-29 15:44:17.713", "2004-02-29 15:44:17", "2004-02-29 15:44:00",
				"2004-02-29 15:00:00", "2004-02-29 00:00:00", "2004-02-23 00:00:00", "2004-02-01 00:00:00",
				"2004-01-01 00:00:00", "2004-01-01 00:00:00", "2000-01-01 00:00:00", "2001-01-01 00:00:00",
				"2001-01-01 00:00:00")},
		{name: "date_trunc", args: oids(tx, tz, tx), in: [][]string{col("day"), col("2001-02-16 20:38:40+00"), col("Australia/Sydney")},
			want: col("2001-02-16 05:00:00-08")},
		{name: "date_trunc", args: oids(tx, iv), in: [][]string{col("year", "hour"), col("1234 years 5 mons 6 days 07:08:09", "2 days 07:08:09")},
			want: col("1234 years", "2 days 07:00:00")},
		{name: "date_trunc", args: oids(tx, iv), in: [][]string{col("week"), col("1 day")},
			code: pgcode.FeatureNotSupported, msg: `unit "week" not supported for type interval`},
		{name: "timezone", args: oids(tx, ts), in: [][]string{col("America/New_York", "EST", "+05", "FOO8BAR"), rep("2001-02-16 20:38:40")[:4]},
			want: col("2001-02-16 17:38:40-08", "2001-02-16 17:38:40-08", "2001-02-16 17:38:40-08", "2001-02-16 20:38:40-08")},
		{name: "timezone", args: oids(tx, tz), in: [][]string{col("Mars/Olympus"), col("2001-02-16 20:38:40+00")},
			code: pgcode.InvalidParameterValue, msg: `time zone "Mars/Olympus" not recognized`},
	})
}

func TestDatetimeConstructors(t *testing.T) {
	i4, f8, tx, ti := types.Int4, types.Float8, types.Text, types.Time
	runDatetimeCases(t, "UTC", []dtCase{
		{name: "make_date", args: oids(i4, i4, i4), in: [][]string{col("2013", "-44"), col("7", "3"), col("15", "15")},
			want: col("2013-07-15", "0044-03-15 BC")},
		{name: "make_date", args: oids(i4, i4, i4), in: [][]string{col("2013"), col("2"), col("30")},
			code: pgcode.DatetimeFieldOverflow, msg: "date field value out of range: 2013-02-30"},
		{name: "make_time", args: oids(i4, i4, f8), in: [][]string{col("24"), col("0"), col("2.1")},
			code: pgcode.DatetimeFieldOverflow, msg: "time field value out of range: 24:00:2.1"},
		{name: "make_timestamptz", args: oids(i4, i4, i4, i4, i4, f8, tx),
			in:   [][]string{col("1973", "2014"), col("7", "12"), col("15", "10"), col("8", "0"), col("15", "0"), col("55.33", "0"), col("+2", "Europe/Prague")},
			want: col("1973-07-15 06:15:55.33+00", "2014-12-09 23:00:00+00")},
		{name: "make_timestamptz", args: oids(i4, i4, i4, i4, i4, f8, tx),
			in:   [][]string{col("2014"), col("12"), col("10"), col("10"), col("10"), col("10"), col("+16")},
			code: pgcode.InvalidParameterValue, msg: `numeric time zone "+16" out of range`},
		{name: "to_timestamp", args: oids(f8), in: [][]string{col("1284352323.5", "-Infinity", "0")},
			want: col("2010-09-13 04:32:03.5+00", "-infinity", "1970-01-01 00:00:00+00")},
		{name: "to_timestamp", args: oids(f8), in: [][]string{col("NaN")},
			code: pgcode.DatetimeValueOutOfRange, msg: "timestamp cannot be NaN"},
		// OVERLAPS is not strict: a NULL end decides only where the answer depends on it.
		{name: "overlaps", args: oids(ti, ti, ti, ti),
			in:   [][]string{col("10:00", "10:00", "10:00", "NULL"), col("12:00", "12:00", "12:00", "NULL"), col("11:00", "13:00", "08:00", "11:00"), col("NULL", "NULL", "09:00", "12:00")},
			want: col("t", "NULL", "f", "NULL")},
	})
}

func TestUnitNames(t *testing.T) {
	for _, c := range []struct {
		in   string
		want types.Unit
	}{
		{"MicroSeconds", types.UnitMicrosecond}, {"microsecondsxyz", types.UnitMicrosecond}, {"epoch", types.UnitEpoch},
		{"timezone_hour", types.UnitTimezoneHour}, {"fortnight", types.UnitUnknown}, {"isodow", types.UnitISODOW},
	} {
		if got, _ := types.ParseUnit(c.in); got != c.want {
			t.Errorf("ParseUnit(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
