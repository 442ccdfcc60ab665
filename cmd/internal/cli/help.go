package cli

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/walkshed/walkshed/data/i18n"
)

// localizeHelp puts the help of root and of every command under it in l:
// each Short, Long and flag usage becomes its translation in the
// catalogue (data/i18n, keyed by the English text; TestHelpTranslated
// requires one for each), and cobra's headings ("Usage:", "Flags:", ...)
// come from usageIn. It is called when help is asked for in l, once per
// process, so it may change the commands.
func localizeHelp(root *cobra.Command, l i18n.Language) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Short, c.Long = l.Text(c.Short), l.Text(c.Long)
		flag := func(f *pflag.Flag) { f.Usage = flagUsage(l, f.Usage) }
		c.Flags().VisitAll(flag)
		c.PersistentFlags().VisitAll(flag)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.SetUsageFunc(func(c *cobra.Command) error { return usageIn(l, c) })
}

// flagUsage is the usage of a flag in l; cobra's own --help and --version
// name their command.
func flagUsage(l i18n.Language, usage string) string {
	tr := l.Sprintf
	if name, ok := strings.CutPrefix(usage, "help for "); ok {
		return tr("help for %s", name)
	}
	if name, ok := strings.CutPrefix(usage, "version for "); ok {
		return tr("version for %s", name)
	}
	return l.Text(usage)
}

// flagDefault is pflag's "(default X)" at the end of a flag's line.
var flagDefault = regexp.MustCompile(`(?m) \(default (.*)\)$`)

// usageIn writes c's usage as cobra's default usage template does, with
// its headings in l (usage templates of cobra are English only).
func usageIn(l i18n.Language, c *cobra.Command) error {
	tr := l.Sprintf
	var b strings.Builder
	b.WriteString(tr("Usage:"))
	if c.Runnable() {
		b.WriteString("\n  " + c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n  " + tr("%s [command]", c.CommandPath()))
	}
	if len(c.Aliases) > 0 {
		b.WriteString("\n\n" + tr("Aliases:") + "\n  " + c.NameAndAliases())
	}
	if c.HasExample() {
		b.WriteString("\n\n" + tr("Examples:") + "\n" + c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + tr("Available Commands:"))
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", c.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	flags := func(fs *pflag.FlagSet) string {
		return flagDefault.ReplaceAllString(strings.TrimRight(fs.FlagUsages(), " \t\n"), tr(" (default %s)", "$1"))
	}
	if c.HasAvailableLocalFlags() {
		b.WriteString("\n\n" + tr("Flags:") + "\n" + flags(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		b.WriteString("\n\n" + tr("Global Flags:") + "\n" + flags(c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\n" + tr("Additional help topics:"))
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", c.CommandPathPadding(), sub.CommandPath(), sub.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + tr("Use \"%s [command] --help\" for more information about a command.", c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := fmt.Fprint(c.OutOrStderr(), b.String())
	return err
}
