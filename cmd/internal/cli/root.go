// Package cli is the walkshed command line: one file per subcommand, each
// with an options struct, a constructor that only parses flags, and a run
// function that calls the library.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
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

// IO holds the writers commands print to and the global flags that say how
// to print: the language of the texts for people (--lang), and what to say
// on standard error (--verbose, --quiet).
type IO struct {
	Out, Err io.Writer
	// Lang is the language of reports, cards and table headings; the
	// zero value is English.
	Lang i18n.Language
	// Verbose logs the time of each stage of long work on Err.
	Verbose bool
	// Quiet shows no progress and no notes on Err, only errors.
	Quiet bool
}

// info prints a note for people on Err, unless --quiet.
func (io *IO) info(line string) {
	if !io.Quiet {
		fmt.Fprintln(io.Err, line)
	}
}

// tr formats a message in the language of --lang (see data/i18n); numbers
// are given as formatted strings.
func (io *IO) tr(key string, a ...any) string { return io.Lang.Sprintf(key, a...) }

// LangEnv is the environment variable that gives the language when --lang
// is not: WALKSHED_LANG=zh makes every report, table heading and --help
// Chinese, as --lang zh does.
const LangEnv = "WALKSHED_LANG"

// Main runs walkshed with args and returns the process exit code. The
// language is --lang, else $WALKSHED_LANG, else English.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := interruptContext(stderr)
	defer stop()
	l, err := i18n.Parse(os.Getenv(LangEnv))
	if err != nil {
		fmt.Fprintf(stderr, "walkshed: %s: %v\n", LangEnv, err)
		return exitUsage
	}
	cmd := NewRootCmd(&IO{Out: stdout, Err: stderr, Lang: l})
	cmd.SetArgs(args)
	err = cmd.ExecuteContext(ctx)
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

// NewRootCmd returns the walkshed command with its subcommands. io.Lang is
// the language when --lang is not given (Main sets it from
// $WALKSHED_LANG); --help is in the language too.
func NewRootCmd(io *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "walkshed",
		Short: "15-minute walking access to services, grid by grid, from OpenStreetMap",
		Long: `walkshed answers the question every "15-minute service circle" asks: can each resident walk
to a supermarket, a clinic, a pharmacy, a barber, a repair shop, a key cutter ... within 15
minutes, and where, grid by grid, are the gaps?

Start with 'walkshed audit', which runs on the bundled sample (Monaco). --lang zh (or the
environment variable WALKSHED_LANG=zh) puts reports, table headings and this help in Chinese.
Map data © OpenStreetMap contributors (ODbL).`,
		Version:       walkshed.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	defLang := i18n.English
	if io.Lang.Valid() && io.Lang != "" {
		defLang = io.Lang
	}
	lang := pf.String("lang", string(defLang), "language of reports, cards, table headings and --help: en or zh (Simplified Chinese); default $WALKSHED_LANG, else en; data column names stay English")
	pf.BoolVarP(&io.Verbose, "verbose", "v", false, "log the time of each stage (reading, building, searching, writing) on standard error")
	pf.BoolVarP(&io.Quiet, "quiet", "q", false, "show nothing on standard error but errors: no progress bars, no notes")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		l, err := i18n.Parse(*lang)
		if err != nil {
			return usagef("--lang: %v", err)
		}
		io.Lang = l
		if io.Verbose && io.Quiet {
			return usagef("give --verbose or --quiet, not both")
		}
		return nil
	}
	english := root.HelpFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if l, err := i18n.Parse(*lang); err == nil && l == i18n.Chinese {
			localizeHelp(root, l)
		}
		english(c, args)
	})
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
		newCmdCompare(io, nil),
		newCmdSite(io, nil),
		newCmdCards(io, nil),
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
