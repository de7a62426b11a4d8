package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/kafkacheck/kafkacheck/classroom"
	"github.com/kafkacheck/kafkacheck/harness/broker/embedded"
	"github.com/kafkacheck/kafkacheck/harness/leaderboard"
)

// boardView shows the leaderboard: on a terminal a table redrawn in place
// twice a second; elsewhere (piped, in a log) one plain line per unlocked
// achievement and a status line every 30 s, so the output stays readable.
type boardView struct {
	w     io.Writer
	board *leaderboard.Board
	tty   bool
	start time.Time

	mu    sync.Mutex
	drawn int // lines of the last table, to move back over them
}

func newBoardView(w io.Writer, board *leaderboard.Board) *boardView {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &boardView{w: w, board: board, tty: tty, start: time.Now()}
}

// unlocked reports achievements; on a terminal the table shows them.
func (v *boardView) unlocked(us []leaderboard.Unlock) {
	if v.tty || len(us) == 0 {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, u := range us {
		by := ""
		if u.By != "" {
			by = fmt.Sprintf(", with a record %s wrote", u.By)
		}
		fmt.Fprintf(v.w, "%8s  %-8s unlocked %s %s%s\n", v.elapsed(), u.Team, u.Achievement.Icon, u.Achievement.Name, by)
	}
}

// action reports what one action did: the achievement it unlocked, and a
// team's first action that names someone else, once per team, as one line
// when plain; on a terminal the table shows both.
func (v *boardView) action(us []leaderboard.Unlock, m leaderboard.FirstMismatch) {
	v.unlocked(us)
	if v.tty || m.Team == "" {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	fmt.Fprintf(v.w, "%8s  %-8s wrote an action whose team field is %q: wrong for %s, a mismatch\n",
		v.elapsed(), m.Team, m.Named, m.Team)
}

// problem prints an error that does not stop serve, such as a failed
// produce, as one line.
func (v *boardView) problem(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	fmt.Fprintf(v.w, "%8s  %v\n", v.elapsed(), err)
	v.drawn = 0 // the line broke the table: draw it anew below
}

func (v *boardView) elapsed() string {
	return time.Since(v.start).Truncate(time.Second).String()
}

// drawBoard redraws the table on a terminal, or prints a status line now
// and then elsewhere, until ctx is done.
func drawBoard(ctx context.Context, _ *embedded.Broker, board *leaderboard.Board, v *boardView) error {
	every := 500 * time.Millisecond
	if !v.tty {
		every = 30 * time.Second
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		v.mu.Lock()
		if v.tty {
			if v.drawn > 0 {
				fmt.Fprintf(v.w, "\033[%dA\033[J", v.drawn)
			}
			table := v.table()
			fmt.Fprint(v.w, table)
			v.drawn = strings.Count(table, "\n")
		} else {
			fmt.Fprintf(v.w, "%8s  %d users on %s; %s\n", v.elapsed(), board.Users(), classroom.NewUsers, v.status())
		}
		v.mu.Unlock()
	}
}

// status sums up the teams on one line.
func (v *boardView) status() string {
	active, loaded, wrong, mismatched := 0, 0, 0, 0
	for _, t := range v.board.Teams() {
		if t.Active {
			active++
		}
		if t.FirstLoad {
			loaded++
		}
		wrong += t.Wrong
		mismatched += t.Mismatch
	}
	s := fmt.Sprintf("%d teams connected now, %d with a valid action", active, loaded)
	if wrong > 0 {
		s += fmt.Sprintf(", %d wrong actions", wrong)
	}
	if mismatched > 0 {
		s += fmt.Sprintf(", %d actions whose team field is not their writer's (mismatch)", mismatched)
	}
	return s
}

// table renders the leaderboard: first what the edition's leaderboard
// shows in class (its icons, ✅, and ❌ ❓ where it counts them), by the
// team field, then kafkacheck's check of what each team wrote, by login.
func (v *boardView) table() string {
	p := v.board.Profile()
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %d users on %s\n", v.elapsed(), v.board.Users(), classroom.NewUsers)
	b.WriteString("team     ")
	for _, a := range p.Achievements {
		fmt.Fprintf(&b, " %s ", a.Icon)
	}
	b.WriteString(" members      ✅")
	if p.CountsErrors {
		b.WriteString("      ❌      ❓")
	}
	b.WriteString("  others |   right   wrong unknown mismatch\n")
	for _, t := range v.board.Teams() {
		fmt.Fprintf(&b, "%-9s", t.Name)
		for _, a := range p.Achievements {
			fmt.Fprintf(&b, " %s ", mark(t.Has(a.Step)))
		}
		fmt.Fprintf(&b, " %7d %7d", t.Members, t.Verdicts.Valid)
		if p.CountsErrors {
			fmt.Fprintf(&b, " %7d %7d", t.Verdicts.InvalidJSON, t.Verdicts.MissingFields)
		}
		fmt.Fprintf(&b, " %7d | %7d %7d %7d %8d\n", t.ByOthers, t.Right, t.Wrong, t.Unknown, t.Mismatch)
	}
	fmt.Fprintf(&b, "Left of |: the %s leaderboard's view, by each record's team field; others: of those, the\n"+
		"records another team's login wrote. Right of |: kafkacheck's check of the actions each team's\n"+
		"login wrote (admin's: by the team field) against the users on %s; unknown: about a user\n"+
		"too old to be remembered; mismatch: of the wrong ones, those naming someone else.\n", p.Edition, classroom.NewUsers)
	return b.String()
}

func mark(ok bool) string {
	if ok {
		return "✔ "
	}
	return "· "
}

// summary prints the final table, plain, after Ctrl-C or --duration.
func (v *boardView) summary() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tty && v.drawn > 0 {
		fmt.Fprintf(v.w, "\033[%dA\033[J", v.drawn) // the final table replaces the live one
	}
	fmt.Fprintf(v.w, "\nkafkacheck serve stopped after %s. Final leaderboard:\n", v.elapsed())
	fmt.Fprint(v.w, v.table())
}
