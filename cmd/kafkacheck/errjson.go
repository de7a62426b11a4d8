package main

import (
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/kafkacheck/kafkacheck/scenarios"
)

// errorJSON is what suite and run print on stdout with --format json when
// they exit with status 2, so that a program reading stdout is told why
// there is no report: {"error": {"code", "message", "file", "line"}}.
type errorJSON struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	// Code is the error's kind: usage, scenario_file, unknown_scenario,
	// port_in_use or cannot_reset.
	Code string `json:"code"`
	// Message is what stderr says, without the kafkacheck: prefix.
	Message string `json:"message"`
	// File and Line are where a scenario file is at fault, null
	// otherwise (Line also for a file at fault as a whole).
	File *string `json:"file"`
	Line *int    `json:"line"`
}

// jsonRequested reports whether args are suite's or run's with --format
// json. It reads the arguments itself, so that it knows even when they
// could not be parsed.
func jsonRequested(args []string) bool {
	if len(args) == 0 || (args[0] != "suite" && args[0] != "run") {
		return false
	}
	rest, want := args[1:], false
	for i, a := range rest {
		if a == "--" {
			break // the program's own arguments
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "format" {
			continue
		}
		if !hasValue && i+1 < len(rest) {
			value = rest[i+1]
		}
		want = value == "json" // the last --format counts
	}
	return want
}

// writeErrorJSON prints ee as errorJSON on w.
func writeErrorJSON(w io.Writer, ee *exitError) {
	body := errorBody{Code: ee.kind, Message: ee.err.Error()}
	if body.Code == "" {
		body.Code = "error"
	}
	var se *scenarios.Error
	if errors.As(ee.err, &se) {
		body.File = &se.File
		if se.Line > 0 {
			body.Line = &se.Line
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(errorJSON{Error: body})
}
