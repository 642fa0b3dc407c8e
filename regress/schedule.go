package regress

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// ReadSchedule returns the test names listed in a schedule file, in order. The format is
// pg_regress's: lines "test: name1 name2 ..." (tests on one line may run in parallel there;
// here they run in the order given), blank lines and lines starting with '#' are ignored.
func ReadSchedule(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	seen := make(map[string]bool)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rest, ok := strings.CutPrefix(line, "test:")
		if !ok {
			return nil, fmt.Errorf("%s:%d: expected \"test: name ...\", got %q", path, n, line)
		}
		for _, name := range strings.Fields(rest) {
			if seen[name] {
				return nil, fmt.Errorf("%s:%d: test %q is scheduled twice", path, n, name)
			}
			seen[name] = true
			names = append(names, name)
		}
	}
	return names, sc.Err()
}
