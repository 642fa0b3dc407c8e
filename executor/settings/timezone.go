package settings

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pgfast/pgfast/catalog/types"
)

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
