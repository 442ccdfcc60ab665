package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext returns a context cancelled by the first interrupt
// (Ctrl-C, SIGINT) or SIGTERM, so that a command stops cleanly: no partial
// output file, temporary files removed. A command blocked where it cannot
// see the context (writing to a stalled pipe, say) would ignore it, so a
// second signal exits at once with the shell's code for it (130 for
// SIGINT, 143 for SIGTERM), as a program without handlers would. stop
// releases the signals.
func interruptContext(stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
		case <-done:
			return
		}
		fmt.Fprintln(stderr, "walkshed: interrupted; stopping (interrupt again to quit at once)")
		cancel()
		select {
		case sig := <-sigs:
			code := 130
			if sig == syscall.SIGTERM {
				code = 143
			}
			os.Exit(code)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
