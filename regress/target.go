package regress

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
)

// RegressionDB is the database the suite runs in, as with pg_regress.
const RegressionDB = "regression"

// PrepareTarget readies a real PostgreSQL server, given by a postgres:// URL, to check the
// expected files: it recreates the regression database the way pg_regress does (from
// template0, UTF8, C locale so text sorts by code point, and the per-database settings
// pg_regress makes) and returns the URL of that database.
func PrepareTarget(ctx context.Context, target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("-target must be a postgres:// URL, got %q", target)
	}
	conn, err := pgx.Connect(ctx, target)
	if err != nil {
		return "", fmt.Errorf("connect to target: %w", err)
	}
	defer conn.Close(ctx)
	for _, sql := range []string{
		"DROP DATABASE IF EXISTS " + RegressionDB + " WITH (FORCE)",
		"CREATE DATABASE " + RegressionDB + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'",
		"ALTER DATABASE " + RegressionDB + " SET lc_messages TO 'C'",
		"ALTER DATABASE " + RegressionDB + " SET lc_monetary TO 'C'",
		"ALTER DATABASE " + RegressionDB + " SET lc_numeric TO 'C'",
		"ALTER DATABASE " + RegressionDB + " SET lc_time TO 'C'",
		"ALTER DATABASE " + RegressionDB + " SET bytea_output TO 'hex'",
		"ALTER DATABASE " + RegressionDB + " SET timezone_abbreviations TO 'Default'",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			return "", fmt.Errorf("prepare target: %s: %w", sql, err)
		}
	}
	u.Path = "/" + RegressionDB
	return u.String(), nil
}
