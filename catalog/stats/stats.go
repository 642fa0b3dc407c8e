package stats

// Column holds what the planner knows about one column of a table.
type Column struct {
	// NDV is the estimated number of distinct non-NULL values; 0 when unknown.
	NDV float64
	// NullFrac is the fraction of rows that are NULL.
	NullFrac float64
	// Min and Max bound the non-NULL values on the number line (see Position); HasRange
	// says whether they are known (not for strings, booleans, intervals, ...).
	Min, Max float64
	HasRange bool
}

// Table holds what the planner knows about a table.
type Table struct {
	// Rows is the number of rows.
	Rows float64
	// Cols are the columns' statistics, by column ordinal of the table definition.
	Cols []Column
}
