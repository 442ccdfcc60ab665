// Package cli is the walkshed command line: one file per subcommand, each
// with an options struct, a constructor that only parses flags, and a run
// function that calls the library.
package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed: bad input file, unroutable point, ...
	exitUsage = 2 // the command line is wrong
)

// usageError marks errors in the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// IO holds the writers commands print to.
type IO struct {
	Out, Err io.Writer
}

// Main runs walkshed with args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := interruptContext(stderr)
	defer stop()
	cmd := NewRootCmd(&IO{Out: stdout, Err: stderr})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "walkshed:", err)
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		fmt.Fprintln(stderr, "Run 'walkshed --help' for usage.")
		return exitUsage
	}
	return exitError
}

// NewRootCmd returns the walkshed command with its subcommands.
func NewRootCmd(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "walkshed",
		Short: "15-minute walking access to services, grid by grid, from OpenStreetMap",
		Long: `walkshed answers the question every "15-minute service circle" asks: can each resident walk
to a supermarket, a clinic, a pharmacy, a barber, a repair shop, a key cutter ... within 15
minutes, and where, grid by grid, are the gaps?

Start with 'walkshed audit', which runs on the bundled sample (Monaco).
Map data © OpenStreetMap contributors (ODbL).`,
		Version:       walkshed.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newCmdAudit(io, nil),
		newCmdNetwork(io, nil),
		newCmdIsochrone(io, nil),
		newCmdCategories(io, nil),
		newCmdNearest(io, nil),
		newCmdServe(io, nil),
		newCmdEmergency(io, nil),
		newCmdVolunteers(io, nil),
		newCmdIncidents(io, nil),
	)
	return root
}

func isFlagError(err error) bool {
	// cobra reports unknown commands and arity errors as plain errors.
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
