package cli

import (
	"fmt"
	"io"
	"strconv"
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
	t := newTracker(cmd.Context(), opts.io)
	city, err := opts.net.open(cmd.Context(), t)
	elapsed := time.Since(start)
	t.Close(err)
	if err != nil {
		return err
	}
	r := city.BuildReport()
	tr, d := opts.io.tr, strconv.Itoa
	tab := &textTable{}
	tab.add(tr("source"), city.SourceName())
	tab.add(tr("OSM data timestamp"), city.TimestampString())
	tab.add(tr("nodes"), d(r.Nodes))
	tab.add(tr("edges"), d(r.Edges))
	tab.add(tr("walkable"), tr("%s km", fmt.Sprintf("%.1f", r.WalkableMeters/1000)))
	tab.add(tr("walkable ways"), d(r.Ways))
	tab.add(tr("components"), d(r.Components))
	tab.add(tr("islands"), tr("%s (%s edges, %s km; under %s m of street, not snapped to)", d(r.Islands), d(r.IslandEdges),
		fmt.Sprintf("%.1f", r.IslandMeters/1000), fmt.Sprintf("%.0f", city.Graph().Info().MinComponentMeters)))
	if r.WaysMissingNode > 0 {
		tab.add(tr("ways missing nodes"), tr("%s (cut where the node is missing)", d(r.WaysMissingNode)))
	}
	total, geom := city.Graph().SizeBytes()
	tab.add(tr("memory"), tr("%s MB (%s bytes per directed edge without polylines)", fmt.Sprintf("%.1f", float64(total)/1e6), fmt.Sprintf("%.1f", float64(total-geom)/float64(max(1, 2*r.Edges)))))
	n := city.Contents()
	tab.add(tr("services (OSM features)"), d(n.Features))
	tab.add(tr("buildings"), d(n.Buildings))
	tab.add(tr("complete boundaries"), d(n.Boundaries))
	if bt := city.BuildTime(); bt > 0 {
		tab.add(tr("build time"), bt.Round(time.Millisecond).String())
	} else {
		tab.add(tr("load time"), elapsed.Round(time.Microsecond).String())
	}
	if err := tab.write(opts.io.Out, ""); err != nil {
		return err
	}
	if reasons := city.DroppedReasons(); len(reasons) > 0 {
		dropped := city.DroppedWays()
		fmt.Fprintln(opts.io.Out, "\n"+tr("ways left out of the network:"))
		w := 0
		for _, reason := range reasons {
			w = max(w, len(d(dropped[reason])))
		}
		for _, reason := range reasons {
			fmt.Fprintf(opts.io.Out, "    %*d %s\n", w, dropped[reason], reason)
		}
	}
	fmt.Fprintln(opts.io.Out, "\n"+tr("Map data %s", walkshed.Attribution))
	t = newTracker(cmd.Context(), opts.io)
	err = opts.write(city, t)
	t.Close(err)
	if err != nil {
		return err
	}
	if opts.geojson != "" {
		opts.io.info(opts.io.tr("wrote %s", opts.geojson))
	}
	if opts.save != "" {
		opts.io.info(opts.io.tr("saved %s", opts.save))
	}
	return nil
}

// write writes the files --geojson and --save ask for.
func (opts *networkOptions) write(city *walkshed.City, t *tracker) error {
	if opts.geojson == "" && opts.save == "" {
		return nil
	}
	t.Stage(stageWrite, 0)
	if opts.geojson != "" {
		if err := atomicfile.Write(opts.geojson, func(w io.Writer) error {
			return report.WriteNetworkGeoJSON(w, city.Graph(), walkshed.Attribution)
		}); err != nil {
			return err
		}
	}
	if opts.save != "" {
		if err := city.Save(opts.save); err != nil {
			return err
		}
	}
	return nil
}
