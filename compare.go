package walkshed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/walkshed/walkshed/data/report"
)

// Comparison is the change between two audits (see report.Compare).
type Comparison = report.Comparison

// CompareOptions tune Compare (see report.CompareOptions); a zero Version
// means this walkshed's.
type CompareOptions = report.CompareOptions

// Compare compares two audits of the same residents, grids, budget and
// profile: per grid × category the change in people covered and in share,
// the residents who gained or lost a category, and the change in the
// complete and compliant shares. Audits that differ in budget, profile,
// categories, standard, grids or residents are refused, naming the
// difference, unless opts.Force.
func Compare(before, after *AuditReport, opts CompareOptions) (*Comparison, error) {
	if opts.Version == "" {
		opts.Version = Version
	}
	b, err := report.SnapshotOf("before", before)
	if err != nil {
		return nil, err
	}
	a, err := report.SnapshotOf("after", after)
	if err != nil {
		return nil, err
	}
	c, err := report.Compare(b, a, opts)
	if err != nil {
		return nil, err
	}
	// The HTML page maps the change over the after audit's grids and
	// streets, in its language.
	c.Zones, c.Graph, c.Lang = after.Zones, after.Network, after.Lang
	return c, nil
}

// CompareFiles compares two report.json files written by an audit of this
// walkshed version (a report of another version is refused; run the audit
// again). When the after report.json sits in an audit's output directory
// beside its audit.gpkg, the grids of that file's "grids" layer let the
// HTML page map each grid's change (without a street basemap: the
// reports carry no network).
func CompareFiles(before, after string, opts CompareOptions) (*Comparison, error) {
	if opts.Version == "" {
		opts.Version = Version
	}
	b, err := report.ReadSnapshot(before)
	if err != nil {
		return nil, err
	}
	a, err := report.ReadSnapshot(after)
	if err != nil {
		return nil, err
	}
	c, err := report.Compare(b, a, opts)
	if err != nil {
		return nil, err
	}
	gpkg := filepath.Join(filepath.Dir(after), "audit.gpkg")
	if _, err := os.Stat(gpkg); err == nil {
		// The map is an extra of the HTML page: grids that cannot be read
		// leave the page without it, the comparison stands.
		if zs, err := ReadGrids(gpkg+":"+report.LayerGrids, "grid"); err == nil {
			c.Zones = zs.Zones
		}
	}
	return c, nil
}

// Compare runs two audits of the city, typically the same request without
// and with a Scenario, and compares them (see the package function
// Compare).
func (c *City) Compare(ctx context.Context, before, after AuditRequest, opts CompareOptions) (*Comparison, error) {
	b, err := c.RunAudit(ctx, before)
	if err != nil {
		return nil, fmt.Errorf("before: %w", err)
	}
	a, err := c.RunAudit(ctx, after)
	if err != nil {
		return nil, fmt.Errorf("after: %w", err)
	}
	return Compare(b, a, opts)
}
