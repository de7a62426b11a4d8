package main

import (
	"context"
	"io"
)

// runStep4 checks step 4 of the tutorial. Not written yet.
func runStep4(ctx context.Context, cfg runConfig, stdout, stderr io.Writer) error {
	return usageError("run: --step 4 is not built yet")
}
