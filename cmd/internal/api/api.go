package api

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/cors"
	"golang.org/x/text/language"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/data/taxonomy"
	"github.com/walkshed/walkshed/geo"
	"github.com/walkshed/walkshed/routing"
	"github.com/walkshed/walkshed/routing/access"
)

// Options configure the API. The zero value means the defaults stated on
// each field.
type Options struct {
	// Taxonomy maps OSM tags to service categories; nil means
	// taxonomy.Default().
	Taxonomy *taxonomy.Taxonomy
	// Directory holds extra facilities (a community directory) added to
	// the city's OSM facilities; their categories must be in Taxonomy.
	// DirectoryName names it in audit headers (e.g. the file's base name).
	Directory     []access.Facility
	DirectoryName string
	// MaxSnap is the maximum snapping distance in metres; 0 means
	// routing.DefaultMaxSnap.
	MaxSnap float64
	// Profile is the walking profile of requests that name none; the zero
	// value means routing.Standard.
	Profile routing.Profile
	// Budget is the walking budget of requests that give none; the zero
	// value means 15 minutes.
	Budget geo.Budget
	// Limits bound what one request may ask for.
	Limits Limits
	// Lang is the language of the texts for people in answers (error
	// messages, reasons, the audit's report) to requests that ask for
	// none; the zero value is English. A request asks with the query
	// parameter lang or the header Accept-Language (see language).
	Lang i18n.Language
	// CORS lists the origins whose browser pages may call the API
	// (scheme://host[:port], with at most one * wildcard, or * for any):
	// their requests are answered with Access-Control-Allow-Origin and
	// their preflight OPTIONS requests with 204. Empty means no CORS
	// headers at all, so browsers keep pages of other origins out.
	CORS []string
}

// Limits bound the work one request may ask for. Zero fields mean the
// defaults stated on each.
type Limits struct {
	// MaxBodyBytes bounds a request body; 0 means 32 MiB.
	MaxBodyBytes int64
	// MaxResidents bounds the residents of one audit; 0 means 100,000.
	MaxResidents int
	// MaxPoints bounds the start points of one isochrone; 0 means 100.
	MaxPoints int
	// MaxBudgets bounds the contours of one isochrone; 0 means 10.
	MaxBudgets int
	// MaxMinutes and MaxMeters bound a budget; 0 means 60 minutes and
	// 5,000 metres.
	MaxMinutes float64
	MaxMeters  float64
	// MaxK bounds k, the facilities per category; 0 means 50.
	MaxK int
	// MaxResolution is the finest H3 resolution of isochrone cells; 0
	// means 13 (cells of about 3.5 m).
	MaxResolution int
	// MaxAudits bounds the audits running at once (each uses every core);
	// more wait their turn. 0 means GOMAXPROCS.
	MaxAudits int
	// MaxIsochrones bounds the isochrones computed at once; more wait
	// their turn. 0 means GOMAXPROCS.
	MaxIsochrones int
	// MaxQueue bounds the isochrone requests, and separately the audit
	// requests, waiting for a turn; more are refused at once with 503 and
	// Retry-After. 0 means 16.
	MaxQueue int
	// MaxCells bounds the H3 cells of one isochrone answer, all its
	// contours together; 0 means 500,000 (about 200 MB while they are
	// outlined, and 30 MB of GeoJSON).
	MaxCells int
	// MaxResponseBytes bounds the body of an isochrone or audit answer; 0
	// means 256 MiB (an audit takes about 2 KB per resident at k=1, so
	// 100,000 residents fit; MaxCells keeps isochrones far below).
	MaxResponseBytes int64
	// Timeout bounds one request: when it runs out the answer is 503 and
	// the work is abandoned. 0 means 60 seconds.
	Timeout time.Duration
}

// withDefaults returns l with its zero fields set to the defaults.
func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxResidents, 100_000)
	def(&l.MaxPoints, 100)
	def(&l.MaxBudgets, 10)
	def(&l.MaxK, 50)
	def(&l.MaxResolution, 13)
	def(&l.MaxAudits, runtime.GOMAXPROCS(0))
	def(&l.MaxIsochrones, runtime.GOMAXPROCS(0))
	def(&l.MaxQueue, 16)
	def(&l.MaxCells, 500_000)
	if l.MaxBodyBytes == 0 {
		l.MaxBodyBytes = 32 << 20
	}
	if l.MaxResponseBytes == 0 {
		l.MaxResponseBytes = 256 << 20
	}
	if l.MaxMinutes == 0 {
		l.MaxMinutes = 60
	}
	if l.MaxMeters == 0 {
		l.MaxMeters = 5000
	}
	if l.Timeout == 0 {
		l.Timeout = 60 * time.Second
	}
	return l
}

// withDefaults returns o with its zero fields set to the defaults.
func (o Options) withDefaults() Options {
	if o.Taxonomy == nil {
		o.Taxonomy = taxonomy.Default()
	}
	if o.MaxSnap == 0 {
		o.MaxSnap = routing.DefaultMaxSnap
	}
	if o.Profile == (routing.Profile{}) {
		o.Profile = routing.Standard
	}
	if o.Budget == (geo.Budget{}) {
		o.Budget = geo.Budget{Minutes: 15}
	}
	o.Limits = o.Limits.withDefaults()
	return o
}

// Validate reports the first option that cannot be used. New calls it;
// call it first for options that come from a user.
func (o Options) Validate() error {
	o = o.withDefaults()
	l := o.Limits
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !(o.MaxSnap > 0) || !finite(o.MaxSnap):
		return fmt.Errorf("api: max snap must be a positive number of metres, got %v", o.MaxSnap)
	case l.MaxBodyBytes < 0 || l.MaxResidents < 0 || l.MaxPoints < 0 || l.MaxBudgets < 0 || l.MaxK < 0 || l.MaxAudits < 0 ||
		l.MaxIsochrones < 0 || l.MaxQueue < 0 || l.MaxCells < 0 || l.MaxResponseBytes < 0 || l.Timeout < 0:
		return errors.New("api: limits must not be negative")
	case !(l.MaxMinutes > 0) || !finite(l.MaxMinutes) || !(l.MaxMeters > 0) || !finite(l.MaxMeters):
		return fmt.Errorf("api: budget limits must be positive numbers, got %v minutes and %v metres", l.MaxMinutes, l.MaxMeters)
	case !o.Lang.Valid():
		return fmt.Errorf("api: %q is not a language; known: %s", string(o.Lang), strings.Join(i18n.Languages(), ", "))
	case l.MaxResolution < 1 || l.MaxResolution > 15:
		return fmt.Errorf("api: max resolution must be an H3 resolution 1..15, got %d", l.MaxResolution)
	}
	if err := o.Profile.Validate(); err != nil {
		return fmt.Errorf("api: default profile: %w", err)
	}
	if err := o.Budget.Validate(); err != nil {
		return fmt.Errorf("api: default budget: %w", err)
	}
	if err := checkBudget(o.Budget, o.Profile, l); err != nil {
		return fmt.Errorf("api: default budget: %w", err)
	}
	for _, origin := range o.CORS {
		if err := checkOrigin(origin); err != nil {
			return fmt.Errorf("api: CORS origin %q: %w", origin, err)
		}
	}
	for i, f := range o.Directory {
		if err := o.Taxonomy.Validate(f.Category); err != nil {
			return fmt.Errorf("api: directory facility %d (%q): %w", i+1, f.ID, err)
		}
	}
	return nil
}

// checkOrigin checks a CORS origin: * or scheme://host[:port], without
// path, query or credentials, with at most one * wildcard.
func checkOrigin(origin string) error {
	if origin == "*" {
		return nil
	}
	if strings.Count(origin, "*") > 1 {
		return errors.New("at most one * wildcard")
	}
	u, err := url.Parse(strings.Replace(origin, "*", "x", 1))
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return errors.New("want http:// or https:// and a host, e.g. https://example.org")
	case u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return errors.New("want only scheme://host[:port], e.g. https://example.org:8443")
	}
	return nil
}

// server answers the API's requests. Its fields are set by New and only
// read afterwards, so requests may run concurrently.
type server struct {
	city       *walkshed.City
	opts       Options
	facilities []access.Facility
	// services holds one lazily placed set of facilities per built-in
	// profile; other (custom) profiles are placed per request.
	services   map[string]*lazyServices
	audits     *gate
	isochrones *gate
	routes     map[string]route
	info       infoResponse
}

// lazyServices is the facilities placed for one profile, on first use.
type lazyServices struct {
	profile routing.Profile
	once    sync.Once
	svc     *walkshed.Services
	err     error
}

// route is an endpoint: its method and handler.
type route struct {
	method string
	handle func(w http.ResponseWriter, r *http.Request) error
}

// New returns the API for city. It gathers the city's facilities (by the
// taxonomy, plus the directory) once; the facilities are placed on the
// network for each built-in profile on first use. The handler is safe for
// concurrent use and never panics: a nil city or invalid options (see
// Options.Validate) make every request fail with status 500 and the reason.
func New(city *walkshed.City, opts Options) http.Handler {
	if city == nil {
		return broken(errors.New("api: no city"))
	}
	if err := opts.Validate(); err != nil {
		return broken(err)
	}
	opts = opts.withDefaults()
	l := opts.Limits
	s := &server{city: city, opts: opts, services: map[string]*lazyServices{},
		audits: newGate("audits", l.MaxAudits, l.MaxQueue), isochrones: newGate("isochrones", l.MaxIsochrones, l.MaxQueue)}
	s.facilities = append(city.Facilities(opts.Taxonomy), opts.Directory...)
	for name, p := range routing.Profiles() {
		s.services[name] = &lazyServices{profile: p}
	}
	s.routes = map[string]route{
		"/healthz":         {http.MethodGet, s.healthz},
		"/v1/info":         {http.MethodGet, s.handleInfo},
		"/v1/categories":   {http.MethodGet, s.handleCategories},
		"/v1/isochrone":    {http.MethodGet, s.handleIsochrone},
		"/v1/nearest":      {http.MethodGet, s.handleNearest},
		"/v1/within":       {http.MethodGet, s.handleWithin},
		"/v1/audit":        {http.MethodPost, s.handleAudit},
		"/v1/openapi.json": {http.MethodGet, s.handleOpenAPI},
		"/v1/emergency":    {http.MethodPost, s.handleEmergency},
		"/v1/site":         {http.MethodPost, s.handleSite},
	}
	s.info = s.buildInfo()
	if len(opts.CORS) == 0 {
		return s
	}
	return cors.New(cors.Options{
		AllowedOrigins: opts.CORS,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost},
		AllowedHeaders: []string{"Content-Type"},
		ExposedHeaders: []string{"Retry-After"},
		MaxAge:         600,
	}).Handler(s)
}

// ServeHTTP dispatches a request to its endpoint and turns the error an
// endpoint returns into a JSON error answer. The endpoint runs in its own
// goroutine with the request's time limit: when the limit comes first the
// answer is 503 at once, and the endpoint, whose context is then done,
// stops at its next check.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	lang, langErr := s.language(r)
	w.Header().Set("Content-Language", lang.HTML())
	w.Header().Add("Vary", "Accept-Language")
	rt, ok := s.routes[r.URL.Path]
	if !ok {
		writeError(w, errorf(http.StatusNotFound, "", "no endpoint %s; endpoints: %s", r.URL.Path, strings.Join(s.paths(), ", ")), lang)
		return
	}
	if r.Method != rt.method && !(rt.method == http.MethodGet && r.Method == http.MethodHead) {
		allow := rt.method
		if allow == http.MethodGet {
			allow += ", " + http.MethodHead
		}
		w.Header().Set("Allow", allow)
		writeError(w, errorf(http.StatusMethodNotAllowed, "", "method %s not allowed on %s; use %s", r.Method, r.URL.Path, rt.method), lang)
		return
	}
	if langErr != nil {
		writeError(w, langErr, lang)
		return
	}
	timeout := s.opts.Limits.Timeout
	ctx, cancel := context.WithTimeoutCause(r.Context(), timeout, errorf(http.StatusServiceUnavailable, "",
		"request not answered within the time limit of %v; ask for less (fewer points, budgets or residents, a coarser res)", timeout))
	defer cancel()
	done := make(chan *heldAnswer, 1)
	go func() {
		a := &heldAnswer{header: http.Header{}}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					a.abort = true
				} else {
					a = &heldAnswer{header: http.Header{}}
					writeError(a, fmt.Errorf("api: internal error: %v", v), lang)
				}
			}
			done <- a
		}()
		if err := rt.handle(a, r.WithContext(context.WithValue(ctx, langKey{}, lang))); err != nil {
			if ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
				err = context.Cause(ctx) // the time limit, or the client gone
			}
			writeError(a, err, lang)
		}
	}()
	select {
	case a := <-done:
		if a.abort {
			panic(http.ErrAbortHandler)
		}
		a.send(w)
	case <-ctx.Done():
		writeError(w, context.Cause(ctx), lang)
	}
}

// heldAnswer holds an endpoint's answer until ServeHTTP sends it. Endpoints
// write each answer whole, in one Write, so the body is kept without a copy.
type heldAnswer struct {
	header http.Header
	status int
	body   []byte
	abort  bool // the endpoint panicked with http.ErrAbortHandler
}

func (a *heldAnswer) Header() http.Header { return a.header }

func (a *heldAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *heldAnswer) Write(p []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.body == nil {
		a.body = p
	} else {
		a.body = append(a.body[:len(a.body):len(a.body)], p...)
	}
	return len(p), nil
}

// send writes the held answer to w.
func (a *heldAnswer) send(w http.ResponseWriter) {
	maps.Copy(w.Header(), a.header)
	if a.status == 0 {
		a.status = http.StatusOK
	}
	w.WriteHeader(a.status)
	w.Write(a.body)
}

// gate lets a bounded number of requests work at once and a bounded number
// wait for their turn; it refuses the others at once, so a burst of heavy
// requests can neither exhaust memory nor pile up unanswered.
type gate struct {
	what    string
	slots   chan struct{}
	waiting atomic.Int64
	maxWait int64
}

func newGate(what string, slots, maxWait int) *gate {
	return &gate{what: what, slots: make(chan struct{}, slots), maxWait: int64(maxWait)}
}

// enter waits for a turn and returns the function that gives it back; it
// fails at once, with 503 and Retry-After, when the queue is full, and when
// ctx is done before the turn comes.
func (g *gate) enter(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.waiting.Add(1) > g.maxWait {
		g.waiting.Add(-1)
		e := errorf(http.StatusServiceUnavailable, "", "server busy: %d %s running and %d waiting, the most it takes; retry in a moment", cap(g.slots), text{format: g.what}, g.maxWait)
		e.retryAfter = 1
		return nil, e
	}
	defer g.waiting.Add(-1)
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// paths returns the endpoints' paths, sorted.
func (s *server) paths() []string {
	ps := make([]string, 0, len(s.routes))
	for p := range s.routes {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// servicesFor returns the facilities placed for profile p: built once per
// built-in profile, per call for any other.
func (s *server) servicesFor(p routing.Profile) (*walkshed.Services, error) {
	if ls, ok := s.services[p.Name]; ok && ls.profile == p {
		ls.once.Do(func() { ls.svc, ls.err = s.city.Services(s.facilities, p, geo.Meters(s.opts.MaxSnap)) })
		return ls.svc, ls.err
	}
	return s.city.Services(s.facilities, p, geo.Meters(s.opts.MaxSnap))
}

// langKey is the context key of a request's language.
type langKey struct{}

// langOf returns the language of the answer to r, as ServeHTTP chose it.
// bodyName is how a report's header names the request body as an input,
// in l ("request body").
func bodyName(l i18n.Language) string { return l.Sprintf("request body") }

func langOf(r *http.Request) i18n.Language {
	l, _ := r.Context().Value(langKey{}).(i18n.Language)
	return l
}

// languages are the languages of answers, for Accept-Language: English
// first, the answer when nothing matches better.
var languages = []i18n.Language{i18n.English, i18n.Chinese}

var matcher = language.NewMatcher([]language.Tag{i18n.English.Tag(), i18n.Chinese.Tag()})

// language returns the language of the answer to r: its query parameter
// lang (en or zh, as data/i18n.Parse reads them; another value is an
// error, answered in the server's language), else the best match of its
// Accept-Language header among English and Simplified Chinese, else the
// server's (Options.Lang). A header that matches neither, or does not
// parse, leaves the server's language: a browser's preference is not an
// error.
func (s *server) language(r *http.Request) (i18n.Language, error) {
	def := s.opts.Lang
	if def == "" {
		def = i18n.English
	}
	if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && len(q["lang"]) > 0 {
		if len(q["lang"]) > 1 {
			return def, badParam("lang", "given %d times, want once", len(q["lang"]))
		}
		l, err := i18n.Parse(q["lang"][0])
		if err != nil || q["lang"][0] == "" { // "lang=" is a mistake, not a wish for the default
			return def, badParam("lang", "unknown language %q; known: %s", q["lang"][0], strings.Join(i18n.Languages(), ", "))
		}
		return l, nil
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		if tags, _, err := language.ParseAcceptLanguage(h); err == nil && len(tags) > 0 {
			if _, i, conf := matcher.Match(tags...); conf != language.No {
				return languages[i], nil
			}
		}
	}
	return def, nil
}

// broken returns a handler that fails every request with err.
func broken(err error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeError(w, err, i18n.English) })
}
