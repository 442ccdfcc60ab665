package cli

import (
	"github.com/spf13/pflag"

	"github.com/walkshed/walkshed"
	"github.com/walkshed/walkshed/data/table"
	"github.com/walkshed/walkshed/data/taxonomy"
)

// scenarioFlags are the what-if flags of the commands that take services.
type scenarioFlags struct {
	add    []string
	remove string
	name   string
}

func (f *scenarioFlags) register(fs *pflag.FlagSet) {
	fs.StringSliceVar(&f.add, "add-services", nil, "what-if: add the services of this directory (CSV id,name,category,lon,lat or GeoJSON points); repeatable")
	fs.StringVar(&f.remove, "remove-services", "", "what-if: remove these services, by OSM id (node/123, way/45) or directory id (file.csv:p17 or p17), comma-separated, or a file of ids (one a line, or a CSV with an id column); an id that matches nothing is an error")
	fs.StringVar(&f.name, "scenario", "", "name of the what-if, stamped in the report (default \"what-if\" when services are added or removed)")
}

// scenario reads the what-if the flags describe, or nil when they
// describe none.
func (f *scenarioFlags) scenario(tax *taxonomy.Taxonomy, topts table.Options) (*walkshed.Scenario, error) {
	if len(f.add) == 0 && f.remove == "" && f.name == "" {
		return nil, nil
	}
	sc := &walkshed.Scenario{Name: f.name}
	if sc.Name == "" {
		sc.Name = "what-if"
	}
	for _, path := range f.add {
		fs, err := walkshed.ReadFacilities(path, tax, topts)
		if err != nil {
			return nil, err
		}
		sc.Add = append(sc.Add, fs)
	}
	if f.remove != "" {
		ids, err := walkshed.ParseRemoveList(f.remove)
		if err != nil {
			return nil, usageError{err}
		}
		sc.Remove = ids
	}
	return sc, nil
}
