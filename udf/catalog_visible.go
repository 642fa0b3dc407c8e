package udf

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"

	"github.com/pgfast/pgfast/catalog"
	"github.com/pgfast/pgfast/catalog/pgcatalog"
	"github.com/pgfast/pgfast/catalog/types"
)

// The rest of the visibility functions psql's list commands call (\do, \dO, \dc, \dF...,
// \dA..., \dX), pg_char_to_encoding (\dO) and pg_tablespace_location (\db). Every operator
// and collation pgfast has is in pg_catalog, so visible; it has no conversions, text search
// objects, operator classes or families, nor extended statistics, so no OID names one of
// those: NULL, as for any OID of no object of the kind.

func registerVisibility(b builder) {
	names := func(env *catalog.FuncEnv) *pgcatalog.Names { return namesOf(b.reg, env) }
	// visible registers a function true for the objects exists reports, NULL for an OID of
	// none, as PostgreSQL answers.
	visible := func(oid types.OID, name string, exists func(n *pgcatalog.Names, oid types.OID) bool) {
		b.reg.AddFunc(&catalog.Func{OID: oid, Name: name, Kind: catalog.KindFunc, Args: oids(types.Oid), Ret: types.Bool,
			Strict: true, Volatility: catalog.Stable, Scalar: func(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
				n := names(env)
				in := args[0].(*array.Uint32)
				out := array.NewBooleanBuilder(allocator(env))
				defer out.Release()
				for i := 0; i < in.Len(); i++ {
					if env.RowValid(i) && exists(n, types.OID(in.Value(i))) {
						out.Append(true)
					} else {
						out.AppendNull()
					}
				}
				return out.NewArray(), nil
			}})
	}
	none := func(*pgcatalog.Names, types.OID) bool { return false }
	visible(2082, "pg_operator_is_visible", func(n *pgcatalog.Names, oid types.OID) bool { return n.Operator(oid) != nil })
	visible(3815, "pg_collation_is_visible", func(_ *pgcatalog.Names, oid types.OID) bool { return pgcatalog.IsCollation(oid) })
	for _, f := range []struct {
		oid  types.OID
		name string
	}{{2083, "pg_opclass_is_visible"}, {3829, "pg_opfamily_is_visible"}, {2093, "pg_conversion_is_visible"},
		{3403, "pg_statistics_obj_is_visible"}, {3756, "pg_ts_parser_is_visible"}, {3757, "pg_ts_dict_is_visible"},
		{3758, "pg_ts_config_is_visible"}, {3768, "pg_ts_template_is_visible"}} {
		visible(f.oid, f.name, none)
	}
	b.scalar(1264, "pg_char_to_encoding", oids(types.Name), types.Int4, charToEncoding).Volatility = catalog.Stable
	b.scalar(3778, "pg_tablespace_location", oids(types.Oid), types.Text, tablespaceLocation).Volatility = catalog.Stable
}

// encodings are PostgreSQL's server and client encodings, by number.
var encodings = []string{"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
	"LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256",
	"WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7",
	"ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U", "SJIS", "BIG5", "GBK", "UHC",
	"GB18030", "JOHAB", "SHIFT_JIS_2004"}

// encodingAliases are other names of encodings, spelled as cleanEncodingName leaves them.
var encodingAliases = map[string]int32{"unicode": 6, "iso88591": 8, "iso88592": 9, "iso88593": 10, "iso88594": 11,
	"iso88599": 12, "iso885910": 13, "iso885913": 14, "iso885914": 15, "iso885915": 16, "iso885916": 17,
	"koi8": 22, "win": 23, "alt": 20, "shiftjis": 35, "mskanji": 35, "tcvn": 19, "tcvn5712": 19, "vscii": 19, "abc": 19}

// cleanEncodingName lowers an encoding's name and drops what is not a letter or digit
// ("UTF-8" is "utf8"), as PostgreSQL compares them; windowsNNNN is winNNNN.
func cleanEncodingName(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	if rest, ok := strings.CutPrefix(sb.String(), "windows"); ok {
		return "win" + rest
	}
	return sb.String()
}

// encodingNumber is the number of the encoding named s, -1 for none.
func encodingNumber(s string) int32 {
	c := cleanEncodingName(s)
	for i, e := range encodings {
		if cleanEncodingName(e) == c {
			return int32(i)
		}
	}
	if n, ok := encodingAliases[c]; ok {
		return n
	}
	return -1
}

// charToEncoding is pg_char_to_encoding(name): -1 for a name of no encoding.
func charToEncoding(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	in := stringsOf(args[0])
	buf, out := newFixed[int32](allocator(env), in.Len())
	for i := range out {
		if env.RowValid(i) {
			out[i] = encodingNumber(in.Value(i))
		}
	}
	return makeArray(arrow.PrimitiveTypes.Int32, in.Len(), nil, 0, buf), nil
}

// tablespaceLocation is pg_tablespace_location(oid): pgfast has only pg_default and
// pg_global, which live in the data directory, spelled "" as PostgreSQL does.
func tablespaceLocation(env *catalog.FuncEnv, args []arrow.Array) (arrow.Array, error) {
	return oidText(env, args[0], func(oid types.OID) (string, bool) {
		return "", oid == 1663 || oid == 1664
	}), nil
}
