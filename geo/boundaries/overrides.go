package boundaries

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/prevalence/prevalence/geo"
)

// Override is one checked entry of overrides.csv: the subdivision a Natural Earth feature
// draws where its names mislead Match (Name is the feature's name, to notice a changed data
// set), or Code "" for a feature checked to draw no ISO 3166-2 subdivision.
type Override struct {
	Code, Name, Note string
}

// ReadOverrides reads overrides.csv (header ne_id,country,ne_name,ne_code,iso_code,note;
// lines starting with # are comments) into a map by Natural Earth id. Every iso_code must be
// a first-level subdivision of the country.
func ReadOverrides(path string) (map[string]Override, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = 6
	out := map[string]Override{}
	for line := 0; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line == 0 {
			if strings.Join(rec, ",") != "ne_id,country,ne_name,ne_code,iso_code,note" {
				return nil, fmt.Errorf("%s: header %q", path, strings.Join(rec, ","))
			}
			continue
		}
		row, _ := r.FieldPos(0)
		id, cc, name, code, note := rec[0], rec[1], rec[2], rec[4], rec[5]
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("%s:%d: %s listed twice", path, row, id)
		}
		if code != "" {
			if p, ok := geo.ProvinceByCode(code); !ok || geo.CountryOfProvince(p.Code) != cc {
				return nil, fmt.Errorf("%s:%d: %s is no first-level subdivision of %s", path, row, code, cc)
			}
		}
		if strings.TrimSpace(note) == "" {
			return nil, fmt.Errorf("%s:%d: %s has no note saying how it was checked", path, row, id)
		}
		out[id] = Override{Code: code, Name: name, Note: note}
	}
}
