package container

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// waitReady waits until the broker answers an authenticated metadata request
// listing itself: the signal that SASL, the listener and the controller are
// all up. It gives up early if the container stops, and on failure says what
// it last saw and shows the end of the container's log.
func (b *Broker) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	adm, err := b.Admin()
	if err != nil {
		return err
	}
	defer adm.Close()
	poll := time.NewTicker(100 * time.Millisecond)
	defer poll.Stop()
	var last error // what the latest attempt saw, for the error message
	for {
		attempt, cancelAttempt := context.WithTimeout(ctx, 2*time.Second)
		md, err := adm.Metadata(attempt)
		cancelAttempt()
		switch {
		case err != nil:
			last = err
		case len(md.Brokers) == 0:
			last = errors.New("metadata lists no broker")
		default:
			return nil
		}
		if state, err := b.ctr.State(ctx); err == nil && !state.Running {
			return fmt.Errorf("broker at %s: container %s (exit code %d) before answering; last error: %v\n%s",
				b.bootstrap, state.Status, state.ExitCode, last, b.logTail(30))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("broker at %s did not answer an authenticated metadata request within %s; last error: %v\n%s",
				b.bootstrap, timeout, last, b.logTail(30))
		case <-poll.C:
		}
	}
}

// logTail returns the last n lines of the container's log, for error
// messages: why a broker did not start is almost always written there.
func (b *Broker) logTail(n int) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rc, err := b.ctr.Logs(ctx)
	if err != nil {
		return fmt.Sprintf("(container log unavailable: %v)", err)
	}
	defer rc.Close()
	var lines []string
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return "container log (last lines):\n  " + strings.Join(lines, "\n  ")
}
