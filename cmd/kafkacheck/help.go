package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kafkacheck/kafkacheck/scenarios"
)

// doc.go is the single source of the help text's prose: its comment,
// unwrapped. The flags' lists come from the flag sets themselves, each
// flag's usage string, so that the two cannot drift apart.
//
//go:embed doc.go
var docGo string

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// helpRequest is what parseFlags returns for -h or --help: the command's
// help, printed on stdout with exit status 0.
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string { return "help requested" }

// parseFlags parses a command's flags; every command calls it before it
// does anything else. -h and --help (and -help) ask for the command's
// help; any other mistake is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return &helpRequest{fs: fs}
	case err != nil:
		return usageError("%s: %v", fs.Name(), err)
	}
	return nil
}

// isHelpFlag reports whether arg asks for help, for the arguments a flag
// set does not parse (after a subcommand's own word, such as show).
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "--h" || arg == "-help" || arg == "--help"
}

// flagSet returns c's flag set, as c parses its command line: the command
// is asked for its help, which it gives before it does anything else.
func flagSet(c command) *flag.FlagSet {
	var help *helpRequest
	if err := c.run(context.Background(), []string{"-h"}, io.Discard, io.Discard); !errors.As(err, &help) {
		panic(fmt.Sprintf("kafkacheck %s -h did not ask for help: %v", c.name, err))
	}
	return help.fs
}

// helpCmd is kafkacheck help [COMMAND | scenarios].
func helpCmd(args []string, stdout io.Writer) error {
	switch {
	case len(args) == 0 || isHelpFlag(args[0]):
		fmt.Fprint(stdout, usage())
		return nil
	case len(args) > 1:
		return usageError("help: one topic at a time, e.g. kafkacheck help run")
	case args[0] == "scenarios":
		fmt.Fprint(stdout, scenarioFormat())
		return nil
	}
	if c, ok := lookup(args[0]); ok {
		fmt.Fprint(stdout, commandHelp(flagSet(c)))
		return nil
	}
	return usageError("help: no help on %q: want a command (%s) or scenarios, the scenario file format", args[0], strings.Join(commandNames(), ", "))
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

// helpCommand is the command that prints the help on the command line
// args: the subcommand's --help, else kafkacheck help.
func helpCommand(args []string) string {
	if len(args) > 0 {
		if c, ok := lookup(args[0]); ok {
			return "kafkacheck " + c.name + " --help"
		}
	}
	return "kafkacheck help"
}

// docSection is one "# kafkacheck NAME ..." section of doc.go.
type docSection struct {
	name     string // the command: suite, run, ..., help
	synopsis string // the heading: kafkacheck run [flags] -- COMMAND [ARGS...]
	body     string // the prose under it
}

// helpDoc splits doc.go's comment into the overview (before the first
// section) and the sections, one per command.
func helpDoc() (overview string, sections []docSection) {
	comment := docGo[strings.Index(docGo, "/*")+2 : strings.Index(docGo, "*/")]
	var cur *docSection
	var text strings.Builder
	flush := func() {
		if cur == nil {
			overview = strings.TrimSpace(text.String())
		} else {
			cur.body = strings.TrimSpace(text.String())
			sections = append(sections, *cur)
		}
		text.Reset()
	}
	for line := range strings.Lines(comment) {
		if heading, ok := strings.CutPrefix(line, "# "); ok {
			flush()
			heading = strings.TrimSpace(heading)
			name := ""
			if f := strings.Fields(heading); len(f) > 1 {
				name = f[1]
			}
			cur = &docSection{name: name, synopsis: heading}
			continue
		}
		text.WriteString(line)
	}
	flush()
	return overview, sections
}

// usage is kafkacheck help: the overview, then each command's section with
// its flags.
func usage() string {
	overview, sections := helpDoc()
	var b strings.Builder
	b.WriteString(overview + "\n")
	for _, s := range sections {
		var fs *flag.FlagSet
		if c, ok := lookup(s.name); ok {
			fs = flagSet(c)
		}
		b.WriteString("\n" + strings.Repeat("─", helpWidth/2) + "\n\n")
		writeSection(&b, s, fs)
	}
	return b.String()
}

// commandHelp is the help of the command whose flag set is fs.
func commandHelp(fs *flag.FlagSet) string {
	_, sections := helpDoc()
	var b strings.Builder
	for _, s := range sections {
		if s.name == fs.Name() {
			writeSection(&b, s, fs)
			return b.String()
		}
	}
	fmt.Fprintf(&b, "Usage: kafkacheck %s [flags]\n", fs.Name())
	writeFlags(&b, fs)
	return b.String()
}

func writeSection(b *strings.Builder, s docSection, fs *flag.FlagSet) {
	fmt.Fprintf(b, "Usage: %s\n", s.synopsis)
	if s.body != "" {
		b.WriteString("\n" + s.body + "\n")
	}
	if fs != nil {
		writeFlags(b, fs)
	}
}

// writeFlags lists fs's flags from their usage strings, as flag.PrintDefaults
// does (a `quoted` word of the usage names the flag's argument), with two
// dashes, a default that is not the zero value, and the lines wrapped.
func writeFlags(b *strings.Builder, fs *flag.FlagSet) {
	type row struct{ left, usage string }
	var rows []row
	col := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, text := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if arg != "" {
			left += " " + arg
		}
		if !isZeroDefault(f.DefValue) && !strings.Contains(text, "default") {
			text += " (default " + f.DefValue + ")"
		}
		rows = append(rows, row{left, text})
		if n := len([]rune(left)); n <= maxFlagColumn {
			col = max(col, n)
		}
	})
	if len(rows) == 0 {
		return
	}
	b.WriteString("\nFlags:\n")
	indent := strings.Repeat(" ", 2+col+2)
	for _, r := range rows {
		lines := wrap(r.usage, helpWidth-len(indent))
		if n := len([]rune(r.left)); n > col {
			fmt.Fprintf(b, "  %s\n", r.left)
		} else {
			fmt.Fprintf(b, "  %s%s%s\n", r.left, strings.Repeat(" ", col-n+2), lines[0])
			lines = lines[1:]
		}
		for _, l := range lines {
			b.WriteString(indent + l + "\n")
		}
	}
}

// maxFlagColumn is the widest flag (with its argument) that gets its usage
// on the same line; a wider one gets it on the next.
const maxFlagColumn = 24

func isZeroDefault(v string) bool {
	switch v {
	case "", "false", "0", "0s", "[]":
		return true
	}
	return false
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	return append(lines, line)
}

// scenarioFormat is kafkacheck help scenarios: package scenarios' own
// documentation, from its first section (the format, the neutral user,
// the tiers, how to add a scenario), headings in capitals.
func scenarioFormat() string {
	doc := scenarios.Doc()
	if i := strings.Index(doc, "\n# "); i >= 0 {
		doc = doc[i+1:]
	}
	var b strings.Builder
	for line := range strings.Lines(doc) {
		if heading, ok := strings.CutPrefix(line, "# "); ok {
			line = strings.ToUpper(heading)
		}
		b.WriteString(line)
	}
	b.WriteString("\nThe built-in scenarios are examples of every kind: kafkacheck scenarios\n" +
		"lists them, and kafkacheck scenarios show NAME prints one, ready to copy.\n")
	return b.String()
}
