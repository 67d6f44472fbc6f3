package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
)

// EarlierKindsFile remembers, across a series of releases written into one folder, the kinds
// of microdata row (their full content) earlier releases published and in how many copies,
// per generalization: what carried.json does for the tables' counts. The differencing guard
// compared a release with the previous one only, so a series whose levels changed for one
// month and back withheld for good the rows that month could not show (attack-2026-12-03c
// finding 3); with it, a kind an earlier release published at this release's levels in as
// many copies is not new (anonymize.Release.GuardSeries). It holds only rows earlier releases
// published, but at other levels than the microdata beside it (and rows this release
// withholds): for the organisation only, never handed out with cases/.
const EarlierKindsFile = release.EarlierKindsFile

// kindSet is the most copies of each kind of row that the earlier releases generalized at
// Levels over the columns Fields published (keys as anonymize.Release.Kinds), and the as_of of
// the oldest of them (how far time may have moved their rows on since).
type kindSet struct {
	Levels []release.Level `json:"levels"`
	Fields []string        `json:"fields"`
	AsOf   string          `json:"as_of"`
	Kinds  map[string]int  `json:"kinds"`
}

// earlierKinds is the content of EarlierKindsFile. Each set is kept only with the kinds the
// release it sits beside does not hold in as many copies at the same levels: that release's
// own rows stand for the rest (the guard takes the most of the two).
type earlierKinds struct {
	Sets []kindSet `json:"sets"`
}

// maxKindSets bounds the generalizations the memory keeps (privacy-side-doors18): a set at
// levels other than the release beside it holds every kind of row its release published (up
// to that release's rows), so a series that tried many levels kept one such set per
// generalization. Past the bound the oldest is forgotten: rows of its kinds count as new
// again (withheld, as before the memory), never the other way.
const maxKindSets = 4

// readEarlierKinds reads EarlierKindsFile of the release in dir (empty when it has none), or
// the uncompressed EarlierKindsJSON of a release written before it was compressed.
func readEarlierKinds(dir string) (earlierKinds, error) {
	var e earlierKinds
	p := filepath.Join(dir, filepath.FromSlash(EarlierKindsFile))
	f, err := os.Open(p)
	if os.IsNotExist(err) {
		p = filepath.Join(dir, filepath.FromSlash(release.EarlierKindsJSON))
		b, err := os.ReadFile(p)
		if os.IsNotExist(err) {
			return e, nil
		}
		if err != nil {
			return e, err
		}
		if err := json.Unmarshal(b, &e); err != nil {
			return e, fmt.Errorf("%s: %w", p, err)
		}
		return e, nil
	}
	if err != nil {
		return e, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return e, fmt.Errorf("%s: %w", p, err)
	}
	if err := json.NewDecoder(z).Decode(&e); err != nil {
		return e, fmt.Errorf("%s: %w", p, err)
	}
	return e, nil
}

// encode is e as EarlierKindsFile holds it: JSON, gzip-compressed (a kind's key repeats the
// values its columns share with other kinds: 8.0 MB for the 242 MB of JSON of a set of 568,395
// kinds, synth 1M rows, BenchmarkEarlierKindsSize; privacy-side-doors18.md).
func (e earlierKinds) encode() ([]byte, error) {
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed) // 3.2 s for 8.0 MB at 1M rows; the default level 21.5 s for 3.7 MB
	if err := json.NewEncoder(z).Encode(e); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sameLevels reports whether two generalizations are the same, quasi-identifier by
// quasi-identifier (Mondrian's local labels never are).
func sameLevels(a, b []release.Level) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if !sameLevel(a[i], b[i]) || !slices.Equal(a[i].Columns, b[i].Columns) {
			return false
		}
	}
	return true
}

// at returns a copy of the kinds earlier releases published at levels over fields, and the
// as_of of the oldest of them ("" when none).
func (e earlierKinds) at(levels []release.Level, fields []string) (map[string]int, string) {
	for _, s := range e.Sets {
		if sameLevels(s.Levels, levels) && slices.Equal(s.Fields, fields) {
			return maps.Clone(s.Kinds), s.AsOf
		}
	}
	return nil, ""
}

// add merges set into e: the most copies per kind, the oldest as_of.
func (e earlierKinds) add(set kindSet) earlierKinds {
	out := earlierKinds{Sets: slices.Clone(e.Sets)}
	for i, s := range out.Sets {
		if !sameLevels(s.Levels, set.Levels) || !slices.Equal(s.Fields, set.Fields) {
			continue
		}
		kinds := maps.Clone(s.Kinds)
		for k, n := range set.Kinds {
			kinds[k] = max(kinds[k], n)
		}
		s.Kinds = kinds
		if set.AsOf != "" && (s.AsOf == "" || set.AsOf < s.AsOf) {
			s.AsOf = set.AsOf
		}
		// Last, as the most recently published: maxKindSets forgets the first ones.
		out.Sets = append(slices.Delete(out.Sets, i, i+1), s)
		return out
	}
	set.Kinds = maps.Clone(set.Kinds)
	out.Sets = append(out.Sets, set)
	if len(out.Sets) > maxKindSets { // the oldest generalization added first goes
		out.Sets = out.Sets[len(out.Sets)-maxKindSets:]
	}
	return out
}

// beside returns e as the release at levels over fields with kinds (its rows) keeps it: the
// set at its own levels without the kinds it holds in as many copies, empty sets dropped.
func (e earlierKinds) beside(levels []release.Level, fields []string, kinds map[string]int) earlierKinds {
	var out earlierKinds
	for _, s := range e.Sets {
		if sameLevels(s.Levels, levels) && slices.Equal(s.Fields, fields) {
			left := map[string]int{}
			for k, n := range s.Kinds {
				if n > kinds[k] {
					left[k] = n
				}
			}
			s.Kinds = left
		}
		if len(s.Kinds) > 0 {
			out.Sets = append(out.Sets, s)
		}
	}
	return out
}

// previousKinds counts the previous release's rows (db) by their full content over its own
// columns, in its order, as the guard keys them, and returns them with those columns.
func previousKinds(ctx context.Context, db *sql.DB) (map[string]int, []string, error) {
	t, err := analysis.Query(ctx, db, "SELECT column_name FROM (DESCRIBE cases)")
	if err != nil {
		return nil, nil, err
	}
	var fields, parts []string
	for _, r := range t.Rows {
		f := analysis.Cell(r[0])
		fields = append(fields, f)
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	if len(fields) == 0 {
		return nil, nil, nil
	}
	t, err = analysis.Query(ctx, db, "SELECT concat_ws(chr(31), "+strings.Join(parts, ", ")+") AS k, count(*) AS n FROM cases GROUP BY k")
	if err != nil {
		return nil, nil, err
	}
	kinds := make(map[string]int, len(t.Rows))
	for _, r := range t.Rows {
		n, _ := r[1].(int64)
		kinds[analysis.Cell(r[0])] += int(n)
	}
	return kinds, fields, nil
}

// zeroView reports whether view compares the two releases as released.
func zeroView(view anonymize.View) bool { return len(view.Drop) == 0 && len(view.Up) == 0 }

// seriesEarlier returns, for this release (levels now, columns fields), the kinds of row earlier
// releases than the previous one published at its levels, the previous one's own added where it
// is generalized alike (nil when the series holds none beyond it), and the time since the oldest.
func seriesEarlier(mem earlierKinds, in *guardInput, now release.Privacy, fields []string, asOf time.Time) (map[string]int, anonymize.Elapsed) {
	earlier, from := mem.at(now.Levels, fields)
	if len(earlier) == 0 {
		return nil, anonymize.Elapsed{}
	}
	if zeroView(in.view) {
		for k, n := range in.previous {
			earlier[k] = max(earlier[k], n)
		}
	}
	var e anonymize.Elapsed
	if t, err := time.Parse(time.DateOnly, from); err == nil {
		e.All = max(in.elapsed.All, outcomes.Months(t, asOf))
	} else {
		e.All = in.elapsed.All
	}
	return earlier, e
}

// seriesNewRows recounts, for `check --previous`, the rows new against the previous release
// prev (rows of kinds, as NewCopies counted them over fields, keys before) under the run's
// rule for a series: rows of kinds an earlier release published at the levels of the release
// in dir (m) in as many copies are not new; the memory beside prev (EarlierKindsFile) holds
// them. It also counts the rows new against those earlier releases in fewer than k. Without a
// memory at dir's levels the counts are returned as given, and series is "".
func seriesNewRows(ctx context.Context, dir, prev string, pm, m *release.Manifest, dirCols, fields []string, before map[string]int, ups []upTo,
	drop map[string]bool, rows, kinds int, elapsed anonymize.Elapsed) (int, int, int, int, string, error) {
	mem, err := readEarlierKinds(prev)
	if err != nil {
		return rows, kinds, 0, 0, "", nil // unreadable: the previous release alone, as without it
	}
	earlier, from := mem.at(m.Privacy.Levels, dirCols)
	if len(earlier) == 0 {
		return rows, kinds, 0, 0, "", nil
	}
	if len(ups) == 0 && len(drop) == 0 && sameLevels(pm.Privacy.Levels, m.Privacy.Levels) && slices.Equal(fields, dirCols) {
		for k, n := range before {
			earlier[k] = max(earlier[k], n)
		}
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return 0, 0, 0, 0, "", err
	}
	defer db.Close()
	kindsNow, _, err := previousKinds(ctx, db)
	if err != nil {
		return 0, 0, 0, 0, "", err
	}
	at := make([]int, len(fields))
	for i, f := range fields {
		at[i] = slices.Index(dirCols, f)
	}
	coarse := func(key string) (string, bool) {
		v := strings.Split(key, "\x1f")
		if len(v) != len(dirCols) {
			return "", false
		}
		c := make([]string, len(at))
		for i, j := range at {
			if j < 0 {
				return "", false
			}
			c[i] = v[j]
		}
		return labelsUp(fields, strings.Join(c, "\x1f"), ups)
	}
	eElapsed := elapsed
	if t, err := time.Parse(time.DateOnly, from); err == nil {
		if now, err := time.Parse(time.DateOnly, m.AsOf); err == nil {
			eElapsed = anonymize.Elapsed{All: max(elapsed.All, outcomes.Months(t, now))}
		}
	}
	r, s, nw, nk, ok := anonymize.NewCopiesSeries(fields, before, countsOver(kindsNow, coarse), dirCols, earlier, kindsNow, coarse, m.Privacy.K, elapsed, eElapsed)
	if !ok {
		return rows, kinds, 0, 0, "", nil
	}
	return r, s, nw, nk, "; rows of kinds an earlier release of the series published at this release's levels in as many copies are not new (" + EarlierKindsFile + " beside it)", nil
}

// countsOver sums kinds by their key under coarse.
func countsOver(kinds map[string]int, coarse func(string) (string, bool)) map[string]int {
	out := map[string]int{}
	for k, n := range kinds {
		if c, ok := coarse(k); ok {
			out[c] += n
		}
	}
	return out
}

// capped returns e with every kind's copies capped at the rows of that kind the register of
// rel holds now (suppressed ones included), at the set's levels: a kind July published in 5
// copies of which a case was removed since holds 4, so a new case of it is new against the
// memory, as it is against a release that printed 4 (the memory is by counts, as the guard
// is). A set rel cannot key at its levels (other quasi-identifiers, hierarchies or columns)
// is kept as it is. now is rel's generalization.
func (e earlierKinds) capped(rel *anonymize.Release, now release.Privacy) earlierKinds {
	return e.cappedWith(rel, now, nil)
}

// cappedWith is capped with the register's kinds at rel's own levels given (nil: counted here),
// as KindsAndRegister counts them with the release's own in one pass.
func (e earlierKinds) cappedWith(rel *anonymize.Release, now release.Privacy, register map[string]int) earlierKinds {
	fields := rel.Fields(anonymize.View{})
	var out earlierKinds
	for _, s := range e.Sets {
		levels := map[int]int{}
		ok := slices.Equal(s.Fields, fields) && len(s.Levels) == len(now.Levels)
		for i := 0; ok && i < len(s.Levels); i++ {
			a, b := s.Levels[i], now.Levels[i]
			q := slices.IndexFunc(rel.QIs, func(qi anonymize.QI) bool { return qi.Name == a.QuasiIdentifier })
			ok = q >= 0 && a.QuasiIdentifier == b.QuasiIdentifier && slices.Equal(a.Levels, b.Levels) && slices.Equal(a.Columns, b.Columns) &&
				a.Level >= 0 && b.Level >= 0 && a.Level < len(a.Levels)
			if ok && a.Level != b.Level {
				levels[q] = a.Level
			}
		}
		if ok {
			reg := register
			if len(levels) > 0 || reg == nil {
				reg = rel.RegisterKinds(levels)
			}
			kinds := map[string]int{}
			for k, n := range s.Kinds {
				if n = min(n, reg[k]); n > 0 {
					kinds[k] = n
				}
			}
			s.Kinds = kinds
		}
		if len(s.Kinds) > 0 {
			out.Sets = append(out.Sets, s)
		}
	}
	return out
}

// cappedBeside is e.cappedWith(rel, now, register).beside(now.Levels, fields, own) with the set
// at this release's own levels (a series whose levels did not change holds only that one, its
// kinds up to the previous release's) capped and pruned in one walk over its map
// (privacy-side-doors20, task 4): min(n, register) > own is kept, as the two passes keep it.
func (e earlierKinds) cappedBeside(rel *anonymize.Release, now release.Privacy, register, own map[string]int, fields []string) earlierKinds {
	var same, other earlierKinds
	for _, s := range e.Sets {
		if register != nil && sameLevels(s.Levels, now.Levels) && slices.Equal(s.Fields, fields) {
			same.Sets = append(same.Sets, s)
		} else {
			other.Sets = append(other.Sets, s)
		}
	}
	if len(same.Sets) == 0 {
		return e.cappedWith(rel, now, register).beside(now.Levels, fields, own)
	}
	var capped earlierKinds
	if len(other.Sets) > 0 {
		capped = other.cappedWith(rel, now, register).beside(now.Levels, fields, own)
	}
	var out earlierKinds
	for _, s := range e.Sets {
		if !(sameLevels(s.Levels, now.Levels) && slices.Equal(s.Fields, fields)) {
			// in e's order: the next of capped's (cappedWith and beside keep the order)
			if len(capped.Sets) > 0 && sameLevels(capped.Sets[0].Levels, s.Levels) && slices.Equal(capped.Sets[0].Fields, s.Fields) {
				out.Sets = append(out.Sets, capped.Sets[0])
				capped.Sets = capped.Sets[1:]
			}
			continue
		}
		left := map[string]int{}
		for k, n := range s.Kinds {
			if n = min(n, register[k]); n > own[k] {
				left[k] = n
			}
		}
		if len(left) > 0 {
			s.Kinds = left
			out.Sets = append(out.Sets, s)
		}
	}
	return out
}
