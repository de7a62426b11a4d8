//go:build unix

package scenarios

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without blocking: a named pipe
// that took the place of a checked file opens at once instead of waiting
// for a writer, and a terminal does not become the controlling one.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
}
