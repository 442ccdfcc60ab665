package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

type categoriesOptions struct {
	io       *IO
	taxonomy string
}

func newCmdCategories(io *IO, runF func(*categoriesOptions) error) *cobra.Command {
	opts := &categoriesOptions{io: io}
	cmd := &cobra.Command{
		Use:   "categories [--taxonomy FILE]",
		Short: "List the service categories and the OSM tag rules behind each",
		Long: `List the service categories an audit uses, with the OpenStreetMap tag rules that make a
feature a facility of that category. --taxonomy FILE shows the result of a JSON taxonomy
that replaces or extends the default ({"mode": "extend"|"replace", "categories": [...]}).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCategories(opts)
		},
	}
	cmd.Flags().StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default")
	return cmd
}

func runCategories(opts *categoriesOptions) error {
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	fmt.Fprintln(opts.io.Out, opts.io.tr("%s categories (rules %s)", fmt.Sprint(tax.Len()), tax.Fingerprint()))
	for _, name := range tax.Names() {
		c, _ := tax.Category(name)
		label := name
		if shown := opts.io.Lang.Category(name); shown != name {
			label += " (" + shown + ")"
		}
		fmt.Fprintf(opts.io.Out, "\n%s: %s\n", label, c.Description())
		fmt.Fprintf(opts.io.Out, "  %s\n", strings.Join(c.RuleStrings(), "\n  "))
	}
	return nil
}
