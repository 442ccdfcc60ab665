package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/report"
	"github.com/walkshed/walkshed/internal/atomicfile"
)

type networkOptions struct {
	io      *IO
	net     networkFlags
	geojson string
	save    string
}

func newCmdNetwork(io *IO, runF func(*networkOptions) error) *cobra.Command {
	opts := &networkOptions{io: io}
	cmd := &cobra.Command{
		Use:   "network --osm FILE [--save city.wsn] [--geojson net.geojson]",
		Short: "Build the walking network and print a summary; export or save it",
		Long: `Build the pedestrian network of an OpenStreetMap file and print what was built: nodes,
edges, walkable kilometres, islands (small disconnected pieces, kept out of snapping), the
ways left out and why, and the build time.

--save writes a prepared network (.wsn: the graph, services, buildings and boundaries, each
a versioned and checksummed section) that every command opens with --graph in milliseconds
instead of reading OSM again. A .wsn from another walkshed format is refused, naming the
version or section: save it again. --geojson exports the edges with their flags for QGIS.`,
		Example: `  walkshed network --osm testdata/porto-centre-2020-07-20.osm.pbf
  walkshed network --osm malta.osm.pbf --save malta.wsn
  walkshed isochrone --graph malta.wsn --at 14.5146,35.8989`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.net.validate(false); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runNetwork(cmd, opts)
		},
	}
	opts.net.register(cmd.Flags())
	cmd.Flags().StringVar(&opts.geojson, "geojson", "", "write the network's edges as GeoJSON to this file")
	cmd.Flags().StringVar(&opts.save, "save", "", "save the built network to this prepared network file (.wsn)")
	return cmd
}

func runNetwork(cmd *cobra.Command, opts *networkOptions) error {
	if err := checkOutputs(opts.net.inputs(), named{Label: "--geojson", Path: opts.geojson}, named{Label: "--save", Path: opts.save}); err != nil {
		return err
	}
	start := time.Now()
	city, err := opts.net.open(cmd.Context())
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	r := city.BuildReport()
	w := tabwriter.NewWriter(opts.io.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "source\t%s\n", city.SourceName())
	fmt.Fprintf(w, "OSM data timestamp\t%s\n", city.TimestampString())
	fmt.Fprintf(w, "nodes\t%d\n", r.Nodes)
	fmt.Fprintf(w, "edges\t%d\n", r.Edges)
	fmt.Fprintf(w, "walkable\t%.1f km\n", r.WalkableMeters/1000)
	fmt.Fprintf(w, "walkable ways\t%d\n", r.Ways)
	fmt.Fprintf(w, "components\t%d\n", r.Components)
	fmt.Fprintf(w, "islands\t%d (%d edges, %.1f km; under %.0f m of street, not snapped to)\n", r.Islands, r.IslandEdges, r.IslandMeters/1000, city.Graph().Info().MinComponentMeters)
	if r.WaysMissingNode > 0 {
		fmt.Fprintf(w, "ways missing nodes\t%d (cut where the node is missing)\n", r.WaysMissingNode)
	}
	total, geom := city.Graph().SizeBytes()
	fmt.Fprintf(w, "memory\t%.1f MB (%.1f bytes per directed edge without polylines)\n", float64(total)/1e6, float64(total-geom)/float64(max(1, 2*r.Edges)))
	n := city.Contents()
	fmt.Fprintf(w, "services (OSM features)\t%d\n", n.Features)
	fmt.Fprintf(w, "buildings\t%d\n", n.Buildings)
	fmt.Fprintf(w, "complete boundaries\t%d\n", n.Boundaries)
	if bt := city.BuildTime(); bt > 0 {
		fmt.Fprintf(w, "build time\t%s\n", bt.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "load time\t%s\n", elapsed.Round(time.Microsecond))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if reasons := city.DroppedReasons(); len(reasons) > 0 {
		dropped := city.DroppedWays()
		fmt.Fprintln(opts.io.Out, "\nways left out of the network:")
		w = tabwriter.NewWriter(opts.io.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, reason := range reasons {
			fmt.Fprintf(w, "  %d\t %s\n", dropped[reason], reason)
		}
		w.Flush()
	}
	fmt.Fprintln(opts.io.Out, "\nMap data", walkshed.Attribution)
	if opts.geojson != "" {
		if err := atomicfile.Write(opts.geojson, func(w io.Writer) error {
			return report.WriteNetworkGeoJSON(w, city.Graph(), walkshed.Attribution)
		}); err != nil {
			return err
		}
		fmt.Fprintf(opts.io.Err, "wrote %s\n", opts.geojson)
	}
	if opts.save != "" {
		if err := city.Save(opts.save); err != nil {
			return err
		}
		fmt.Fprintf(opts.io.Err, "saved %s\n", opts.save)
	}
	return nil
}
