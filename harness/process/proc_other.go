//go:build !linux

package process

import (
	"errors"
	"fmt"
	"io"
)

const procDir = "/proc"

func sample(dir string, root int) (Activity, error) {
	return Activity{}, fmt.Errorf("process: sampling a program's activity needs Linux's /proc: %w", errors.ErrUnsupported)
}

// Without Linux's subreaper and /proc there is no supervisor: the program
// runs directly, and only its process group is contained.
func canSupervise() bool { return false }

func startSupervised(path string, args []string, dir string, env []string, out io.Writer) (child, error) {
	return nil, errors.ErrUnsupported
}
