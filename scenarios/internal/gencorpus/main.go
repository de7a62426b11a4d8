// Command gencorpus writes the built-in producer corpus: a scenario of
// users made by the producer package with a fixed seed, all 15 teams
// listed, and the expected actions decided by this command's own rule
// oracle (oracle.go), written from the rules table of the tutorial and
// independent of the reference client under test.
//
// Usage:
//
//	go run ./scenarios/internal/gencorpus > scenarios/builtin/producer-corpus.yaml
//
// Flags -seed and -n change the seed (349) and the number of users (1000);
// the committed file uses the defaults, and TestGoldenCorpus fails when
// regenerating it would give different bytes. After a deliberate change,
// rewrite it with
//
//	go test ./scenarios/internal/gencorpus -update
//
// review the diff, and run crosscheck.py, the independent Python check.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	seed := flag.Int64("seed", defaultSeed, "producer seed")
	n := flag.Int("n", defaultUsers, "number of users")
	flag.Parse()
	if flag.NArg() > 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus [-seed N] [-n USERS] > FILE.yaml")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	writeCorpus(w, *seed, *n)
	if err := w.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
}
