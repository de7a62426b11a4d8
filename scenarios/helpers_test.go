package scenarios

import (
	"errors"
	"os"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// isFileError reports whether err is a problem with a scenario file, an
// *Error naming the file, which the CLI reports with exit status 2.
func isFileError(err error) bool {
	var e *Error
	return errors.As(err, &e)
}
