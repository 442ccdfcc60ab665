package walkshed

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/walkshed/walkshed/data/i18n"
	"github.com/walkshed/walkshed/routing/access"
)

// Scenario is a what-if on top of an analysis's services: facilities
// added (a new pharmacy), facilities removed (a clinic that closes), and a
// name the report is stamped with, so that two reports can be compared
// (see Compare) and told apart.
type Scenario struct {
	// Name is stamped in the report header; required.
	Name string
	// Add are facilities to add, e.g. read with ReadFacilities.
	Add []FacilitySet
	// Remove are the ids of facilities to remove: an OSM element
	// ("node/123", "way/45"), a directory facility's full id
	// ("pharmacies.csv:p17") or its id in its file ("p17"). Every id must
	// match at least one facility; an OSM element in several categories is
	// removed from all of them.
	Remove []string
}

// ErrScenario is wrapped by the errors of a scenario that cannot be
// applied.
var ErrScenario = errors.New("walkshed: scenario")

// apply returns facilities with the scenario's facilities added and
// removed, and a header line saying so in l. Ids that match no facility
// are an error listing them.
func (s *Scenario) apply(l i18n.Language, facilities []access.Facility) ([]access.Facility, string, error) {
	tr := l.Sprintf
	if s == nil {
		return facilities, "", nil
	}
	if strings.TrimSpace(s.Name) == "" {
		return nil, "", fmt.Errorf("%w: no name", ErrScenario)
	}
	out := append([]access.Facility(nil), facilities...)
	var added []string
	for _, fs := range s.Add {
		out = append(out, fs.Facilities...)
		added = append(added, tr("%s from %s", strconv.Itoa(len(fs.Facilities)), fs.Name))
	}
	removed := 0
	if len(s.Remove) > 0 {
		want := make(map[string]bool, len(s.Remove))
		for _, id := range s.Remove {
			want[id] = true
		}
		matched := map[string]bool{}
		kept := out[:0]
		for _, f := range out {
			switch {
			case want[f.ID]:
				matched[f.ID] = true
			case f.Ref != "" && want[f.Ref]:
				matched[f.Ref] = true
			default:
				kept = append(kept, f)
				continue
			}
			removed++
		}
		out = kept
		var missing []string
		for _, id := range s.Remove {
			if !matched[id] {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			return nil, "", fmt.Errorf("%w %q: %d id(s) to remove match no facility: %s", ErrScenario, s.Name, len(missing), strings.Join(missing, ", "))
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, tr("facilities added: %s", strings.Join(added, l.ListSeparator())))
	}
	if len(s.Remove) > 0 {
		parts = append(parts, tr("%s facilities removed by %s id(s): %s", strconv.Itoa(removed), strconv.Itoa(len(s.Remove)), strings.Join(s.Remove, ", ")))
	}
	if len(parts) == 0 {
		parts = append(parts, tr("no change to the services"))
	}
	return out, tr("scenario %s: %s", s.Name, strings.Join(parts, tr("; "))), nil
}

// ParseRemoveList turns the argument of --remove-services into ids: the
// ids of the file at arg when there is one (one id per line, "#" comments
// and blank lines skipped, or a CSV with an "id" column), otherwise arg as
// a comma-separated list.
func ParseRemoveList(arg string) ([]string, error) {
	if st, err := os.Stat(arg); err == nil && st.Mode().IsRegular() {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		ids, err := parseIDs(arg, data)
		if err != nil {
			return nil, err
		}
		return ids, nil
	}
	var ids []string
	for _, id := range strings.Split(arg, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: no id to remove in %q", ErrScenario, arg)
	}
	return ids, nil
}

// parseIDs reads an id list file: a CSV whose header has an "id" column,
// or one id per line.
func parseIDs(name string, data []byte) ([]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Contains(first, []byte(",")) {
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		head, err := r.Read()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		col := -1
		for i, h := range head {
			if strings.EqualFold(strings.TrimSpace(h), "id") {
				col = i
			}
		}
		if col < 0 {
			return nil, fmt.Errorf("%s:1: no \"id\" column in %q", name, strings.Join(head, ","))
		}
		var ids []string
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			line, _ := r.FieldPos(0)
			if col >= len(rec) || strings.TrimSpace(rec[col]) == "" {
				return nil, fmt.Errorf("%s:%d: empty id", name, line)
			}
			ids = append(ids, strings.TrimSpace(rec[col]))
		}
		if len(ids) == 0 {
			return nil, fmt.Errorf("%s: no id", name)
		}
		return ids, nil
	}
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		ids = append(ids, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s: no id", name)
	}
	return ids, nil
}
