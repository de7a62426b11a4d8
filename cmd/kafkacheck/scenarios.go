package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"github.com/kafkacheck/kafkacheck/internal/textdist"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// scenariosCmd is kafkacheck scenarios: the built-in suite listed, or, with
// show NAME..., the files of the scenarios named, as embedded.
func scenariosCmd(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := flag.NewFlagSet("scenarios", flag.ContinueOnError)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	list, err := scenarios.Builtin()
	if err != nil {
		return fmt.Errorf("the built-in suite: %w", err)
	}
	own, err := editionsOwn()
	if err != nil {
		return fmt.Errorf("the built-in suite: %w", err)
	}
	switch {
	case fs.NArg() == 0:
		listScenarios(stdout, list)
		if len(own) > 0 {
			fmt.Fprintf(stdout, "\nAnd %s of one edition each, which suite and run select with --edition\n(run checks the step-5 ones with --step 5):\n\n", count(len(own), "scenario"))
			listTable(stdout, own)
		}
		return nil
	case fs.Arg(0) != "show":
		return usageError("scenarios: unexpected argument %q: want no argument (the list) or show NAME", fs.Arg(0))
	}
	names := fs.Args()[1:]
	if slices.ContainsFunc(names, isHelpFlag) {
		return &helpRequest{fs: fs}
	}
	if len(names) == 0 {
		return usageError("scenarios show: name a scenario, e.g. kafkacheck scenarios show 'team-7 VIP boundary' (kafkacheck scenarios lists them)")
	}
	picked, err := selectScenarios(append(list, own...), names, "scenarios show", "the built-in suite")
	if err != nil {
		return err
	}
	for i, s := range picked {
		data, err := scenarios.BuiltinFile(path.Base(s.File))
		if err != nil {
			return err
		}
		if len(picked) > 1 {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "# ==> %s <==\n", s.File)
		}
		stdout.Write(data)
	}
	return nil
}

// listScenarios prints a table of list: name, teams, tier, events,
// expected actions and file.
func listScenarios(w io.Writer, list []*scenarios.Scenario) {
	listTable(w, list)
	fmt.Fprintf(w, "\n%s. kafkacheck scenarios show NAME prints one; --scenario NAME selects\n"+
		"them in suite and run, by name or file name, or by a glob such as 'team-05*'.\n",
		count(len(list), "built-in scenario"))
}

// teamsColumn is a scenario's teams, short: team-7, teams 7,8,11, all 15.
func teamsColumn(teams []string) string {
	switch len(teams) {
	case 1:
		return teams[0]
	case len(classroom.TeamNames()):
		return "all 15"
	}
	nums := make([]string, len(teams))
	for i, t := range teams {
		nums[i] = strings.TrimPrefix(t, "team-")
	}
	return "teams " + strings.Join(nums, ",")
}

// scenarioUsage is the usage string of suite's and run's --scenario.
const scenarioUsage = "select scenarios by `name` or file name, or by a glob such as 'team-05*'; " +
	"repeat the flag or separate names with commas; from the built-in suite, or from --scenarios " +
	"(kafkacheck scenarios lists the built-in ones)"

// scenarioNames is the value of --scenario: each use of the flag, in order.
type scenarioNames []string

func (n *scenarioNames) String() string { return strings.Join(*n, ",") }

func (n *scenarioNames) Set(v string) error {
	*n = append(*n, v)
	return nil
}

// selectScenarios returns the scenarios of list that values select, in
// list's order, each once. A value is a pattern (see matchScenario), or
// several separated by commas unless the whole value matches: scenario
// names have commas of their own. A pattern that selects nothing is a
// usage error naming the closest scenarios; what (the flag) and from (where list
// comes from) are for that message.
func selectScenarios(list []*scenarios.Scenario, values []string, what, from string) ([]*scenarios.Scenario, error) {
	var patterns []string
	for _, v := range values {
		if anyMatch(list, v) {
			patterns = append(patterns, v)
			continue
		}
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				patterns = append(patterns, p)
			}
		}
	}
	if len(patterns) == 0 {
		return nil, usageError("%s: no name given", what)
	}
	picked := map[*scenarios.Scenario]bool{}
	for _, p := range patterns {
		if _, err := path.Match(globSafe(p), ""); err != nil {
			return nil, usageError("%s %q: not a valid glob (%v): use * ? and [...], with \\ before a literal one", what, p, err)
		}
		found := false
		for _, s := range list {
			if matchScenario(p, s) {
				picked[s], found = true, true
			}
		}
		if !found {
			return nil, unknownScenario(list, p, what, from)
		}
	}
	return slices.DeleteFunc(slices.Clone(list), func(s *scenarios.Scenario) bool { return !picked[s] }), nil
}

func anyMatch(list []*scenarios.Scenario, pattern string) bool {
	return slices.ContainsFunc(list, func(s *scenarios.Scenario) bool { return matchScenario(pattern, s) })
}

// matchScenario reports whether pattern, a path.Match glob, matches s's
// name, its file's base name, or that name without its extension,
// ignoring case. Names have slashes (Asia/), which * matches too.
func matchScenario(pattern string, s *scenarios.Scenario) bool {
	p := globSafe(pattern)
	for _, c := range scenarioKeys(s) {
		if ok, _ := path.Match(p, globSafe(c)); ok {
			return true
		}
	}
	return false
}

// scenarioKeys are the strings a scenario is selected by.
func scenarioKeys(s *scenarios.Scenario) []string {
	base := filepath.Base(s.File)
	return []string{s.Name, base, strings.TrimSuffix(base, filepath.Ext(base))}
}

// globSafe lower-cases s and hides its slashes from path.Match.
func globSafe(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "/", "\x00"))
}

// unknownScenario is the error for a pattern that selects nothing: it
// names up to five of the scenarios whose name or file name is closest,
// if any is close.
func unknownScenario(list []*scenarios.Scenario, pattern, what, from string) error {
	q := strings.ToLower(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`*?[]\`, r) {
			return -1
		}
		return r
	}, pattern))
	type near struct {
		s *scenarios.Scenario
		d int
	}
	var nearby []near
	for _, s := range list {
		d := -1
		for _, k := range scenarioKeys(s) {
			if c := closeness(q, strings.ToLower(k)); d < 0 || c < d {
				d = c
			}
		}
		if d <= max(1, len([]rune(q))/4) {
			nearby = append(nearby, near{s, d})
		}
	}
	slices.SortStableFunc(nearby, func(a, b near) int { return cmp.Compare(a.d, b.d) })
	if len(nearby) > 0 { // only the closest ones
		nearby = slices.DeleteFunc(nearby, func(n near) bool { return n.d > nearby[0].d })
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q: no scenario in %s has that name or file name", what, pattern, from)
	if len(nearby) > 0 {
		b.WriteString("; close:")
		for i, n := range nearby[:min(len(nearby), 5)] {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %q (%s)", n.s.Name, filepath.Base(n.s.File))
		}
		if len(nearby) > 5 {
			fmt.Fprintf(&b, " and %d more", len(nearby)-5)
		}
	}
	if from == "the built-in suite" {
		b.WriteString("; kafkacheck scenarios lists them all")
	}
	return &exitError{code: 2, err: fmt.Errorf("%s", b.String()), kind: errUnknownScenario}
}

// closeness is how far q is from k: 0 when k contains q, else the edit
// distance from q to the closest of k's prefixes of about q's length, so
// that a misspelt start of a long name is close.
func closeness(q, k string) int {
	if len(q) >= 3 && strings.Contains(k, q) {
		return 0
	}
	qr, kr := []rune(q), []rune(k) // prefixes by characters
	best := -1
	for n := len(qr) - 1; n <= len(qr)+1; n++ {
		if n < 0 || n > len(kr) {
			continue
		}
		if d := textdist.Distance(q, string(kr[:n])); best < 0 || d < best {
			best = d
		}
	}
	if best < 0 {
		best = textdist.Distance(q, k)
	}
	return best
}

// listTable prints list as a table: name, teams, tier, events, expected
// actions and file.
func listTable(w io.Writer, list []*scenarios.Scenario) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTEAMS\tTIER\tEVENTS\tEXPECTED\tFILE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", s.Name, teamsColumn(s.Teams), s.Tier, len(s.Events), len(s.Expect), path.Base(s.File))
	}
	tw.Flush()
}

// editionsOwn returns the built-in scenarios of one edition each (the
// step-5 ones), every edition's in turn.
func editionsOwn() ([]*scenarios.Scenario, error) {
	var own []*scenarios.Scenario
	for _, ed := range classroom.EditionNames() {
		list, err := scenarios.BuiltinFor(ed)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			if len(s.Editions) > 0 && !slices.Contains(own, s) {
				own = append(own, s)
			}
		}
	}
	return own, nil
}
