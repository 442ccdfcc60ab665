package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/cmd/internal/cli"
	"github.com/walkshed/walkshed/data/population"
	"github.com/walkshed/walkshed/routing/access"
)

// serveEnv, set in a child's environment, makes this program run walkshed
// with its arguments instead (the server of a scenario).
const serveEnv = "WALKSHED_LOADTEST_SERVE"

func main() {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	osm       string
	walkshed  string
	n         int
	c         int
	max       time.Duration
	residents int
	seed      uint64
	only      string
}

// wants reports whether -only selects the scenario key.
func (cfg config) wants(key string) bool {
	return cfg.only == "" || slices.Contains(strings.Split(cfg.only, ","), key)
}

func run(args []string, out io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.StringVar(&cfg.osm, "osm", "testdata/porto-centre-2020-07-20.osm.pbf", "OpenStreetMap file the server serves")
	fs.StringVar(&cfg.walkshed, "walkshed", "", "walkshed binary to serve with (default: this program)")
	fs.IntVar(&cfg.n, "n", 2000, "most requests per scenario (isochrone heavy: a tenth; audit: a twentieth)")
	fs.IntVar(&cfg.c, "c", 4, "concurrent clients")
	fs.DurationVar(&cfg.max, "max", 20*time.Second, "longest time a scenario sends requests")
	fs.IntVar(&cfg.residents, "residents", 1000, "residents per audit request")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the choice of points")
	fs.StringVar(&cfg.only, "only", "", "run only these scenarios, comma-separated: nearest, isochrone, heavy, audit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.n < 1 || cfg.c < 1 || cfg.max <= 0 || cfg.residents < 1 {
		return errors.New("-n, -c, -max and -residents must be positive")
	}
	city, err := walkshed.Open(context.Background(), cfg.osm, walkshed.OpenOptions{})
	if err != nil {
		return err
	}
	est, err := city.EstimateResidents(population.Options{})
	if err != nil {
		return err
	}
	people := est.Residents
	rng := rand.New(rand.NewPCG(cfg.seed, 2))
	pick := func() access.Resident { return people[rng.IntN(len(people))] }
	at := func(r access.Resident) string { return fmt.Sprintf("%.6f,%.6f", r.Point[0], r.Point[1]) }

	var scenarios []scenario
	var reqs []request
	for range 500 {
		reqs = append(reqs, request{method: "GET", path: "/v1/nearest?k=3&at=" + at(pick())})
	}
	scenarios = append(scenarios, scenario{key: "nearest", name: "/v1/nearest", what: "one point, k=3, every category, 15 min",
		reqs: reqs, n: cfg.n, c: cfg.c})
	reqs = nil
	for range 500 {
		reqs = append(reqs, request{method: "GET", path: "/v1/isochrone?minutes=5,10,15&at=" + at(pick())})
	}
	scenarios = append(scenarios, scenario{key: "isochrone", name: "/v1/isochrone", what: "one point, 5, 10 and 15 min, res 11",
		reqs: reqs, n: cfg.n, c: cfg.c})
	reqs = nil
	for range 20 {
		var q strings.Builder
		q.WriteString("/v1/isochrone?minutes=6,12,18,24,30,36,42,48,54,60&res=13")
		for range 100 {
			q.WriteString("&at=" + at(pick()))
		}
		reqs = append(reqs, request{method: "GET", path: q.String()})
	}
	scenarios = append(scenarios, scenario{key: "heavy", name: "/v1/isochrone heavy", what: "100 points, 10 budgets to 60 min, res 13; 6 at once",
		reqs: reqs, n: max(1, cfg.n/10), c: 6})
	reqs = nil
	for range 20 {
		var body bytes.Buffer
		body.WriteString(`{"residents":[`)
		for i := range cfg.residents {
			if i > 0 {
				body.WriteByte(',')
			}
			r := pick()
			fmt.Fprintf(&body, `{"id":"r%d","lon":%.6f,"lat":%.6f,"weight":%.2f}`, i, r.Point[0], r.Point[1], r.Weight)
		}
		body.WriteString(`]}`)
		reqs = append(reqs, request{method: "POST", path: "/v1/audit", body: body.Bytes()})
	}
	scenarios = append(scenarios, scenario{key: "audit", name: "/v1/audit", what: fmt.Sprintf("%d residents, every category, 15 min", cfg.residents),
		reqs: reqs, n: max(1, cfg.n/20), c: cfg.c})

	fmt.Fprintf(out, "walkshed API load test: %s, %d cores, up to -n %d requests or -max %v per scenario\n\n",
		city.SourceName(), runtime.NumCPU(), cfg.n, cfg.max)
	var failures []string
	fmt.Fprintln(out, "| endpoint | requests | clients | req/s | p50 | p99 | answers | server peak RSS |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
	for _, sc := range scenarios {
		if !cfg.wants(sc.key) {
			continue
		}
		res, peak, err := cfg.serveAndMeasure(sc)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		fmt.Fprintf(out, "| `%s` (%s) | %d | %d | %.1f | %s | %s | %s | %s |\n", sc.name, sc.what, res.count, sc.c,
			res.rate(), ms(res.quantile(0.50)), ms(res.quantile(0.99)), res.statusString(), mb(peak))
		failures = append(failures, res.errs...)
	}
	for _, f := range failures {
		fmt.Fprintln(out, "failed:", f)
	}
	fmt.Fprintln(out, "\nMap data © OpenStreetMap contributors (ODbL)")
	return nil
}

var servingRE = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)

// serveAndMeasure starts a server, runs the scenario against it, stops it
// and returns the results and the server's peak resident memory in bytes
// (0 when unknown).
func (cfg config) serveAndMeasure(sc scenario) (result, int64, error) {
	bin, args := cfg.walkshed, []string{"serve", "--osm", cfg.osm, "--addr", "127.0.0.1:0"}
	env := os.Environ()
	if bin == "" {
		self, err := os.Executable()
		if err != nil {
			return result{}, 0, err
		}
		bin, env = self, append(env, serveEnv+"=1")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return result{}, 0, err
	}
	if err := cmd.Start(); err != nil {
		return result{}, 0, err
	}
	defer cmd.Process.Kill()
	base := make(chan string, 1)
	var log bytes.Buffer
	var logMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if m := servingRE.FindStringSubmatch(line); m != nil {
				base <- m[1]
			}
			if !strings.Contains(line, " /v1/") { // not a request line
				logMu.Lock()
				log.WriteString(line + "\n")
				logMu.Unlock()
			}
		}
	}()
	var url string
	select {
	case url = <-base:
	case <-time.After(2 * time.Minute):
		logMu.Lock()
		defer logMu.Unlock()
		return result{}, 0, fmt.Errorf("the server did not start within 2 minutes:\n%s", log.String())
	}
	res := measure(context.Background(), url, sc, cfg.max)
	peak := peakRSS(cmd.Process.Pid)
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		logMu.Lock()
		defer logMu.Unlock()
		res.errs = append(res.errs, fmt.Sprintf("%s: the server did not stop cleanly (%v): %s", sc.name, err,
			strings.ReplaceAll(strings.TrimSpace(log.String()), "\n", " / ")))
	}
	return res, peak, nil
}

// peakRSS reads the peak resident memory of process pid (Linux), in bytes.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func mb(b int64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MB", float64(b)/1e6)
}

// request is one request of a scenario.
type request struct {
	method, path string
	body         []byte
}

// scenario is a set of requests sent in turn, n in all, from c clients.
type scenario struct {
	key        string // for -only
	name, what string
	reqs       []request
	n, c       int
}

// result is what a scenario measured.
type result struct {
	count     int
	elapsed   time.Duration
	latencies []time.Duration // sorted
	statuses  map[int]int     // status → count; 0 for a transport error
	errs      []string        // a few transport errors
}

func (r result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.count) / r.elapsed.Seconds()
}

// quantile returns the q-quantile of the latencies (nearest rank).
func (r result) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(q*float64(len(r.latencies))+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

func (r result) statusString() string {
	codes := make([]int, 0, len(r.statuses))
	for c := range r.statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var parts []string
	for _, c := range codes {
		name := strconv.Itoa(c)
		if c == 0 {
			name = "failed"
		}
		parts = append(parts, fmt.Sprintf("%d× %s", r.statuses[c], name))
	}
	return strings.Join(parts, ", ")
}

// measure sends the scenario's requests to base from sc.c clients, cycling
// through them, until sc.n are sent or maxTime has passed, and times each
// from sending to the last byte of the answer.
func measure(ctx context.Context, base string, sc scenario, maxTime time.Duration) result {
	ctx, cancel := context.WithTimeout(ctx, maxTime)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: sc.c}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	res := result{statuses: map[int]int{}}
	next := 0
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= sc.n || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range sc.c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := take()
				if !ok {
					return
				}
				rq := sc.reqs[i%len(sc.reqs)]
				status, d, err := send(ctx, client, base, rq)
				if ctx.Err() != nil && err != nil {
					return // cut by -max: not a result
				}
				mu.Lock()
				res.count++
				res.statuses[status]++
				res.latencies = append(res.latencies, d)
				if err != nil && len(res.errs) < 3 {
					res.errs = append(res.errs, err.Error())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

// send sends one request and reads its whole answer.
func send(ctx context.Context, client *http.Client, base string, rq request) (int, time.Duration, error) {
	var body io.Reader
	if rq.body != nil {
		body = bytes.NewReader(rq.body)
	}
	req, err := http.NewRequestWithContext(ctx, rq.method, base+rq.path, body)
	if err != nil {
		return 0, 0, err
	}
	if rq.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, time.Since(start), err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return 0, d, err
	}
	return resp.StatusCode, d, nil
}
