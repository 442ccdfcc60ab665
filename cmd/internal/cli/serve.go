package cli

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/api"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/routing/access"
)

// shutdownMargin is how much longer than the request time limit serve
// waits for requests in flight when asked to stop, so a request that keeps
// within the limit is never cut off.
const shutdownMargin = 5 * time.Second

type serveOptions struct {
	io           *IO
	net          networkFlags
	budget       budgetFlags
	addr         string
	profile      string
	taxonomy     string
	services     string
	maxResidents int
	timeout      time.Duration
	cors         []string

	// ready, when set, is called with the address once the server listens
	// (for tests, which listen on port 0).
	ready func(net.Addr)
}

func newCmdServe(io *IO, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{io: io}
	cmd := &cobra.Command{
		Use:   "serve [--osm FILE | --graph FILE] [--addr 127.0.0.1:8080] [flags]",
		Short: "Serve the HTTP JSON API: isochrones, nearest services, audits for other services",
		Long: `Serve walkshed's HTTP JSON API for other services. The city is opened once; every
request then answers in milliseconds. Without --osm or --graph it serves the bundled
sample (Monaco).

  GET  /healthz
  GET  /v1/info          network, OSM timestamp, categories with facility counts, profiles
  GET  /v1/categories    categories, descriptions and OSM tag rules
  GET  /v1/isochrone     ?at=LON,LAT&minutes=5,10,15[&profile=elderly&res=11]   (GeoJSON)
  GET  /v1/nearest       ?at=LON,LAT&category=pharmacy&k=3[&minutes=15&profile=elderly]
  GET  /v1/within        ?at=LON,LAT&minutes=15[&category=...]
  POST /v1/audit         {"residents":[{"id":"r1","lon":..,"lat":..}], "minutes":15, ...}
  POST /v1/site          {"residents":[...], "category":"pharmacy", "count":3, "candidates":"h3:10"}

  GET  /v1/openapi.json   the OpenAPI 3 description of all of the above

A request chooses the language of the texts for people in its answer with the parameter lang
(en or zh) or the header Accept-Language; the default is --lang (or WALKSHED_LANG).

Errors are {"error": "...", "parameter": "..."}: 400 bad parameter, 404, 405, 413 body too
large, 415 body not JSON, 422 point off the network (with to_network_m) or an answer over
the size limits, 503 when busy (with Retry-After) or past --timeout.

Work is bounded: a few isochrones and audits run at once and a few more wait (the rest
get 503), an isochrone answer has at most 500,000 H3 cells, any answer at most 256 MiB,
budgets at most 60 minutes and 5,000 metres (minutes × the profile's speed included), and
a request that takes longer than --timeout is answered 503 and abandoned. /v1/info lists
the limits. A --graph file is read into memory, so replacing or truncating it while
serving cannot harm the server.

One line per request is logged to standard error. The API has no authentication: it
listens on the loopback interface unless --addr says otherwise, and browsers let pages of
other origins call it only for the origins given with --cors. Interrupt (Ctrl-C) stops it
after the requests in flight (waiting up to --timeout plus 5 s).`,
		Example: `  walkshed serve
  walkshed serve --graph city.wsn --services pharmacies.csv --addr 127.0.0.1:9000
  walkshed serve --cors https://maps.example.org
  curl 'http://127.0.0.1:8080/v1/nearest?at=7.4246,43.7384&category=pharmacy&k=3'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if _, _, err := net.SplitHostPort(opts.addr); err != nil {
				return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", opts.addr)
			}
			if opts.maxResidents < 1 {
				return usagef("--max-residents must be at least 1, got %d", opts.maxResidents)
			}
			if opts.timeout <= 0 {
				return usagef("--timeout must be positive, got %v", opts.timeout)
			}
			if runF != nil {
				return runF(opts)
			}
			return runServe(cmd, opts)
		},
	}
	fs := cmd.Flags()
	opts.net.register(fs)
	opts.budget.register(fs, []float64{15}, false)
	fs.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (loopback by default; the API has no authentication)")
	fs.StringVar(&opts.profile, "profile", "standard", profileHelp+", for requests that name none")
	fs.StringVar(&opts.taxonomy, "taxonomy", "", "JSON taxonomy file that replaces or extends the default categories")
	fs.StringVar(&opts.services, "services", "", "community service directory added to the OSM services (CSV id,name,category,lon,lat or GeoJSON)")
	fs.IntVar(&opts.maxResidents, "max-residents", 100_000, "most residents one audit request may send")
	fs.DurationVar(&opts.timeout, "timeout", time.Minute, "longest time one request may take; longer ones are answered 503 and abandoned")
	fs.StringArrayVar(&opts.cors, "cors", nil, "allow browser pages of this origin (scheme://host[:port], or * for any) to call the API, with CORS preflight answered; repeat for more (default: no CORS)")
	return cmd
}

func runServe(cmd *cobra.Command, opts *serveOptions) error {
	budgets, profile, err := walk(cmd.Flags(), &opts.budget, false, opts.profile)
	if err != nil {
		return err
	}
	tax, err := loadTaxonomy(opts.taxonomy)
	if err != nil {
		return err
	}
	var directory []access.Facility
	var directoryName string
	if opts.services != "" {
		if directory, _, err = table.ReadFacilities(opts.services, table.Options{CheckCategory: tax.Validate}); err != nil {
			return err
		}
		directoryName = filepath.Base(opts.services)
	}
	aopts := api.Options{Taxonomy: tax, Directory: directory, DirectoryName: directoryName,
		MaxSnap: opts.net.MaxSnap, Profile: profile, Budget: budgets[0],
		Limits: api.Limits{MaxResidents: opts.maxResidents, Timeout: opts.timeout}, CORS: opts.cors, Lang: opts.io.Lang}
	if err := aopts.Validate(); err != nil {
		return usageError{err}
	}
	ctx := cmd.Context()
	var city *walkshed.City
	if opts.net.Graph != "" {
		// Read into memory, not mapped: a server runs for long, and a
		// mapped file rewritten or truncated under it would fault it.
		city, err = walkshed.LoadPrepared(opts.net.Graph)
	} else {
		city, err = opts.net.open(ctx, nil)
	}
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           api.Log(api.New(city, aopts), opts.io.Err),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       opts.timeout,
		WriteTimeout:      opts.timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          log.New(opts.io.Err, "walkshed: http: ", 0),
	}
	if !isLoopback(ln.Addr()) {
		fmt.Fprintf(opts.io.Err, "warning: listening on %s, beyond this machine; the API has no authentication\n", ln.Addr())
	}
	fmt.Fprintf(opts.io.Err, "serving %s (OSM data %s, map data %s) on http://%s\n",
		city.SourceName(), city.TimestampString(), walkshed.Attribution, ln.Addr())
	if opts.ready != nil {
		opts.ready(ln.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(opts.io.Err, "shutting down: waiting for the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), opts.timeout+shutdownMargin)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// isLoopback reports whether addr is on the loopback interface only.
func isLoopback(addr net.Addr) bool {
	ta, ok := addr.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
