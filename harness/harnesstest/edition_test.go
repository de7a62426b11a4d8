package harnesstest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kafkacheck/kafkacheck/client"
	"github.com/kafkacheck/kafkacheck/harness/broker"
	"github.com/kafkacheck/kafkacheck/harness/harnesstest"
	"github.com/kafkacheck/kafkacheck/scenarios"
)

// TestTeamEditionChecksStep5: with Edition and Step5, a Go program is
// checked on that edition's classroom, its step-5 scenario included and
// judged on the compacted view; a program without step 5 fails that
// scenario only. Without Step5, no scenario of one edition runs.
func TestTeamEditionChecksStep5(t *testing.T) {
	for _, tt := range []struct {
		edition string
		mode    client.Step5
	}{{"349bd19", client.Watchlist}, {"2026-01", client.TeamStats}} {
		t.Run(tt.edition, func(t *testing.T) {
			opts := harnesstest.TeamOptions{Edition: tt.edition, Step5: true, Tier: scenarios.TierClassroom}
			for _, mode := range []client.Step5{tt.mode, ""} {
				results, err := harnesstest.TeamResults(t.Context(), "team-5", program(mode), opts)
				if err != nil {
					t.Fatal(err)
				}
				step5 := 0
				for _, r := range results {
					if r.Scenario.Step == 5 {
						step5++
						if r.Scenario.Edition() != tt.edition || r.Keyed == nil || r.Passed() != (mode != "") {
							t.Errorf("step 5 %q: %s (edition %s): keyed %v, passed %v", mode, r.Scenario.Name, r.Scenario.Edition(), r.Keyed, r.Passed())
						}
					} else if !r.Passed() {
						t.Errorf("step 5 %q: %s failed", mode, r.Scenario.Name)
					}
				}
				if step5 != 1 {
					t.Errorf("%d step-5 scenarios ran, want 1", step5)
				}
			}
		})
	}
	if _, err := harnesstest.TeamScenarios("team-5", harnesstest.TeamOptions{Edition: "2026", Step5: true}); err == nil || !strings.Contains(err.Error(), `unknown edition "2026"`) {
		t.Errorf("edition 2026: error %v", err)
	}
	for _, ed := range []string{"", "2026-01"} {
		list, err := harnesstest.TeamScenarios("team-5", harnesstest.TeamOptions{Edition: ed})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if len(s.Editions) > 0 {
				t.Errorf("edition %q without Step5: %s, of edition %v, is listed", ed, s.Name, s.Editions)
			}
		}
	}
}

func program(mode client.Step5) func(context.Context, string, broker.Broker) error {
	return func(ctx context.Context, team string, b broker.Broker) error {
		l := b.Listener()
		return client.Run(ctx, client.Config{Bootstrap: b.Bootstrap(), SecurityProtocol: l.SecurityProtocol, Mechanism: l.Mechanism, Team: team, Step5: mode})
	}
}
