package main

import (
	_ "embed"
	"strings"
)

// doc.go is the single source of the help text: its comment, unwrapped.
//
//go:embed doc.go
var docGo string

func usage() string {
	s := docGo[strings.Index(docGo, "/*")+2 : strings.Index(docGo, "*/")]
	return strings.TrimSpace(s) + "\n"
}
