package main

import (
	"context"
	"io"
)

// runStep5 checks step 5 of the tutorial. Not written yet.
func runStep5(ctx context.Context, cfg runConfig, stdout, stderr io.Writer) error {
	return usageError("run: --step 5 is not built yet")
}
