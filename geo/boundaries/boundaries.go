// Package boundaries holds the first-level subdivisions of every country (Natural Earth's
// admin-1, public domain; see SOURCE.md), keyed by the ISO 3166-2 code of the subdivision each
// shape draws (matched by name, see Match, not taken from Natural Earth's codes), for drawing
// maps. The data is embedded (about 450 KB) and decoded once, on first use.
package boundaries

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"sync"
)

//go:embed admin1.bin.gz
var data []byte

// scale is the quantization of admin1.bin.gz: units per degree (gen.Scale).
const scale = 100

// Point is a longitude and latitude in degrees (WGS 84).
type Point [2]float64

// Subdivision is one first-level subdivision: its ISO 3166-2 code (e.g. "AF-HER"), its name as
// package geo gives it (the tables' name), the Natural Earth features drawn for it (one, or
// several: the départements of a French région), and its outline as closed rings (outer rings
// and holes alike; drawn with the even-odd rule).
type Subdivision struct {
	Code, Name string
	Sources    []Source
	Rings      [][]Point
}

var (
	once      sync.Once
	byCountry map[string][]Subdivision
	loadErr   error
)

// Country returns the subdivisions of the country with ISO 3166-1 alpha-2 code iso2, sorted by
// code, or nil when the data has none. The slice is shared: do not modify it.
func Country(iso2 string) ([]Subdivision, error) {
	once.Do(func() { byCountry, loadErr = decode(data) })
	return byCountry[strings.ToUpper(iso2)], loadErr
}

// decode reads admin1.bin.gz (see gen): a count, then per subdivision its code, name, sources
// (id, Natural Earth's code, name, GeoNames name) and rings of zigzag-varint deltas of
// quantized points.
func decode(b []byte) (map[string][]Subdivision, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("boundaries: %w", err)
	}
	r := bufio.NewReader(zr)
	var rerr error
	uv := func() uint64 {
		v, err := binary.ReadUvarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	sv := func() int64 {
		v, err := binary.ReadVarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	str := func() string {
		n := uv()
		if n > 1<<10 {
			rerr = fmt.Errorf("string of %d bytes", n)
			return ""
		}
		s := make([]byte, n)
		if _, err := io.ReadFull(r, s); err != nil && rerr == nil {
			rerr = err
		}
		return string(s)
	}
	out := map[string][]Subdivision{}
	n := uv()
	for i := uint64(0); i < n && rerr == nil; i++ {
		s := Subdivision{Code: str(), Name: str()}
		parts := uv()
		for j := uint64(0); j < parts && rerr == nil; j++ {
			s.Sources = append(s.Sources, Source{ID: str(), NECode: str(), Name: str(), GNName: str()})
		}
		rings := uv()
		for j := uint64(0); j < rings && rerr == nil; j++ {
			m := uv()
			ring := make([]Point, 0, min(m, 1<<16))
			var x, y int64
			for k := uint64(0); k < m && rerr == nil; k++ {
				x += sv()
				y += sv()
				ring = append(ring, Point{float64(x) / scale, float64(y) / scale})
			}
			s.Rings = append(s.Rings, ring)
		}
		country, _, _ := strings.Cut(s.Code, "-")
		out[country] = append(out[country], s)
	}
	if rerr != nil {
		return nil, fmt.Errorf("boundaries: corrupt admin1.bin.gz: %w", rerr)
	}
	return out, nil
}
