package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/internal/atomicfile"
)

type cardsOptions struct {
	io           *IO
	net          networkFlags
	budget       budgetFlags
	profile      string
	residents    string
	k            int
	categories   []string
	taxonomy     string
	services     string
	servicesOnly bool
	skipBad      bool
	scenario     scenarioFlags
	out          string
}

func newCmdCards(io *IO, runF func(*cardsOptions) error) *cobra.Command {
	opts := &cardsOptions{io: io}
	cmd := &cobra.Command{
		Use:   "cards --residents FILE --out DIR [flags]",
		Short: "Residents' cards: the nearest services of every category from each address, printable",
		Long: `Write one card per resident or address of --residents (CSV id,lon,lat or GeoJSON points):
per category, the --k nearest facilities within the walking budget with their name, OSM
address and opening hours where tagged, and the walking minutes and metres — the numbers
'walkshed nearest' gives at the same point.

--out DIR gets cards.csv (one line per resident × category × facility; every resident
appears, an address off the network with the reason) and cards.html, a printable page in the
look of the audit's report.html and the language of --lang: A4, eight cards a page to cut along
the dashed lines, on each a small map of the streets around the home with the nearest facility
of each category, a scale bar and a north arrow. Both are written at
once through a temporary folder, so a failed run leaves DIR as it was; other files in DIR
are kept, and neither may be an input.`,
		Example: `  walkshed cards --residents new-residents.csv --out cards
  walkshed cards --osm testdata/porto-centre-2020-07-20.osm.pbf --residents addresses.csv --k 2 --categories pharmacy,grocery,clinic --out cards`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if opts.residents == "" {
				return usagef("give the residents or addresses with --residents FILE")
			}
			if opts.out == "" {
				return usagef("give the directory to write the cards to with --out DIR")
			}
			if opts.k < 1 || opts.k > 10 {
				return usagef("--k must be between 1 and 10, got %d", opts.k)
			}
			if opts.servicesOnly && opts.services == "" {
				return usagef("--services-only needs --services FILE")
			}
			if runF != nil {
				return runF(opts)
			}
			return runCards(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp)
	fs.StringVar(&opts.residents, "residents", "", "residents or addresses (CSV id,lon,lat or GeoJSON points)")
	fs.IntVar(&opts.k, "k", 2, "facilities per category on a card")
	fs.StringSliceVar(&opts.categories, "categories", nil, "categories on the cards (default: all of the taxonomy)")
	fs.StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default categories")
	fs.StringVar(&opts.services, "services", "", "community service directory (CSV id,name,category,lon,lat or GeoJSON points)")
	fs.BoolVar(&opts.servicesOnly, "services-only", false, "use only --services, not OSM facilities")
	fs.BoolVar(&opts.skipBad, "skip-bad-rows", false, "skip bad rows of the input files (listed on standard error) instead of failing")
	opts.scenario.register(fs)
	fs.StringVar(&opts.out, "out", "", "directory to write cards.csv and cards.html to, replacing both at once (other files are kept; a failed run changes nothing)")
	return cmd
}

func runCards(cmd *cobra.Command, opts *cardsOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	if err := checkOutputs(opts.inputs(), setOutputs("--out", opts.out, cardFiles)...); err != nil {
		return err
	}
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	for _, c := range opts.categories {
		if err := tax.Validate(c); err != nil {
			return usageError{err}
		}
	}
	topts := table.Options{SkipBadRows: opts.skipBad}
	residents, err := walkshed.ReadResidents(opts.residents, topts)
	if err != nil {
		return err
	}
	for _, b := range residents.Skipped {
		fmt.Fprintf(opts.io.Err, "skipped %s:%d (id %q): %s\n", residents.Name, b.Line, b.ID, b.Reason)
	}
	req := walkshed.CardsRequest{Taxonomy: tax, Residents: residents, Categories: opts.categories, K: opts.k, Budget: budgets[0], Profile: profile, MaxSnap: opts.net.MaxSnap}
	if opts.services != "" {
		dir, err := walkshed.ReadFacilities(opts.services, tax, topts)
		if err != nil {
			return err
		}
		req.Facilities = append(req.Facilities, dir)
	}
	if req.Scenario, err = opts.scenario.scenario(tax, topts); err != nil {
		return err
	}
	city, err := opts.net.open(cmd.Context(), nil)
	if err != nil {
		return err
	}
	if !opts.servicesOnly {
		req.Facilities = append([]walkshed.FacilitySet{city.OSMFacilities(tax)}, req.Facilities...)
	}
	cards, err := city.Cards(cmd.Context(), req)
	if err != nil {
		return err
	}
	cards.Lang = opts.io.Lang
	if err := atomicfile.WriteSet(opts.out, []atomicfile.File{
		{Name: cardFiles[0], Write: func(w io.Writer) error { return report.WriteCardsCSV(w, cards) }},
		{Name: cardFiles[1], Write: func(w io.Writer) error { return report.WriteCardsHTML(w, cards) }},
	}); err != nil {
		return err
	}
	unroutable := 0
	for _, c := range cards.Cards {
		if c.Unroutable != "" {
			unroutable++
		}
	}
	opts.io.info(opts.io.tr("wrote %s cards (%s addresses off the network) to %s and cards.html (map data %s)",
		strconv.Itoa(len(cards.Cards)), strconv.Itoa(unroutable), filepath.Join(opts.out, cardFiles[0]), walkshed.Attribution))
	return nil
}
