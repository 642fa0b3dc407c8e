package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"github.com/duckdb/duckdb-go/v2"
)

// script is what the duckdb subcommand reads: statements to run first (creating files,
// tables and views), then the queries whose rows it prints.
type script struct {
	Setup   []string `json:"setup"`
	Queries []string `json:"queries"`
}

// runDuckDB runs a script in an in-memory DuckDB whose session time zone is UTC and prints
// {"answers": [rows of query 1, rows of query 2, ...]}, each row an array of values in
// canonical text (see canonical), so that a test compares them with another engine's.
func runDuckDB(in io.Reader, out io.Writer) error {
	var s script
	if err := json.NewDecoder(in).Decode(&s); err != nil {
		return fmt.Errorf("reading the script: %w", err)
	}
	db, err := openDuckDB()
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx) // one connection: setup's temporary objects stay visible
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, stmt := range append([]string{"SET TimeZone = 'UTC'"}, s.Setup...) {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	answers := make([][][]*string, 0, len(s.Queries))
	for _, q := range s.Queries {
		rows, err := queryRows(ctx, conn, q)
		if err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		answers = append(answers, rows)
	}
	return json.NewEncoder(out).Encode(map[string]any{"answers": answers})
}

func openDuckDB() (*sql.DB, error) {
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(connector), nil
}

func queryRows(ctx context.Context, conn *sql.Conn, q string) ([][]*string, error) {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := [][]*string{}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]*string, len(cols))
		for i, v := range vals {
			if v != nil {
				s := canonical(v)
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
