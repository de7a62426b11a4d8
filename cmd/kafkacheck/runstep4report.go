package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness"
	"github.com/kafkacheck/kafkacheck/harness/diagnose"
	"github.com/kafkacheck/kafkacheck/harness/report"
)

// writeStep4Text prints the scale-up's evidence, the diagnoses and the
// verdict, with the step's achievement when it passed.
func writeStep4Text(w io.Writer, cfg runConfig, r *harness.ScaleUpResult, diags []diagnose.Diagnostic, passed bool) {
	fmt.Fprintln(w)
	if note := cfg.note(); note != "" {
		fmt.Fprintf(w, "ℹ️  %s\n\n", note)
	}
	fmt.Fprintf(w, "Scale-up of %s, %d instances, %s of %s:\n", cfg.team, r.Instances, count(int(r.Partitions), "partition"), classroom.NewUsers)
	fmt.Fprintf(w, "  before the stop: %s\n", describeOr(r.Before))
	if r.Stopped >= 0 {
		fmt.Fprintf(w, "  stopped:         instance %d, with %s, after %s had arrived\n", r.Stopped+1, r.Signal, count(r.StoppedAfter, "action"))
		fmt.Fprintf(w, "  after take-over: %s\n", describeOr(r.After))
		if len(r.Moved) > 0 {
			fmt.Fprintf(w, "  taken over:      %s\n", harness.PartitionList(r.Moved))
		}
	}
	if r.Fetchers != nil {
		fmt.Fprintf(w, "  read by:         %s (how many of your program's connections read each partition before the stop)\n", fetchersLine(r.Fetchers))
	}
	d := r.Duplicates
	fmt.Fprintf(w, "  duplicates:      %d from the take-over (allowed: at-least-once, the stopped instance had not committed them), %d other\n", d.TakeOver, d.Other)
	fmt.Fprintf(w, "  actions:         %d of %d expected arrived\n", r.Diff.Matched, d.Expected)
	if len(diags) > 0 {
		fmt.Fprintln(w, "\nWhat went wrong, and what to try:")
		for _, dg := range diags {
			mark := "❌"
			if dg.Advisory() {
				mark = "⚠️ "
			}
			fmt.Fprintf(w, "\n%s %s\n   %s\n", mark, dg.Code, strings.ReplaceAll(dg.Message, "\n", "\n   "))
		}
	}
	fmt.Fprintln(w)
	a := cfg.profile.Achievement(4)
	if passed {
		fmt.Fprintf(w, "PASSED: %s's program scaled up: %d instances shared %s in group %s and took over when one stopped. %s %s\n",
			cfg.team, r.Instances, classroom.NewUsers, cfg.team, a.Icon, a.Name)
		return
	}
	fmt.Fprintf(w, "FAILED: %s's program did not pass step 4 (scale-up); %s %s not earned.\n", cfg.team, a.Icon, a.Name)
}

func describeOr(g harness.Group) string {
	if g.State == "" {
		return "not described"
	}
	return g.String()
}

func fetchersLine(f map[int32]int) string {
	ps := make([]int32, 0, len(f))
	for p := range f {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("partition %d by %s", p, count(f[p], "connection"))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// step4Report is the JSON report of kafkacheck run --step 4; its fields are
// a contract.
type step4Report struct {
	Passed      bool                  `json:"passed"`
	Team        string                `json:"team"`
	Step        int                   `json:"step"`
	Edition     string                `json:"edition"`
	Instances   int                   `json:"instances"`
	Partitions  int32                 `json:"partitions"`
	Before      []step4Member         `json:"before"`
	Stopped     int                   `json:"stopped"` // 1-based; 0 if none
	Signal      string                `json:"signal"`
	TookOver    bool                  `json:"took_over"`
	After       []step4Member         `json:"after"`
	Moved       []int32               `json:"moved"`
	MostMembers int                   `json:"most_members"`
	Fetchers    map[int32]int         `json:"fetchers,omitempty"`
	Duplicates  step4Duplicates       `json:"duplicates"`
	Achievement string                `json:"achievement,omitempty"` // icon and name, when passed
	Diagnostics []diagnose.Diagnostic `json:"diagnostics"`
	Scenario    report.Scenario       `json:"scenario"`
	Note        string                `json:"note,omitempty"`
}

type step4Member struct {
	Instance   int     `json:"instance"` // 1-based; 0 if unknown
	Member     string  `json:"member"`
	Partitions []int32 `json:"partitions"`
}

type step4Duplicates struct {
	TakeOver   int `json:"take_over"`
	Other      int `json:"other"`
	Everywhere int `json:"everywhere"`
}

func members(g harness.Group) []step4Member {
	out := []step4Member{}
	for _, m := range g.Members {
		out = append(out, step4Member{Instance: m.Instance + 1, Member: m.ID, Partitions: append([]int32{}, m.Partitions...)})
	}
	return out
}

func writeStep4JSON(w io.Writer, cfg runConfig, r *harness.ScaleUpResult, diags []diagnose.Diagnostic, passed bool) error {
	rep := step4Report{
		Passed: passed, Team: cfg.team, Step: 4, Edition: cfg.profile.Edition, Instances: r.Instances, Partitions: r.Partitions,
		Before: members(r.Before), Stopped: r.Stopped + 1, Signal: r.Signal, TookOver: r.TookOver, After: members(r.After),
		Moved: append([]int32{}, r.Moved...), MostMembers: r.MostMembers, Fetchers: r.Fetchers,
		Duplicates:  step4Duplicates{TakeOver: r.Duplicates.TakeOver, Other: r.Duplicates.Other, Everywhere: r.Duplicates.Everywhere},
		Diagnostics: diags, Scenario: report.FromResult(r.Step3()), Note: cfg.note(),
	}
	if rep.Diagnostics == nil {
		rep.Diagnostics = []diagnose.Diagnostic{}
	}
	if passed {
		a := cfg.profile.Achievement(4)
		rep.Achievement = a.Icon + " " + a.Name
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
