package anonymize

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// adultQIs are the 8 quasi-identifiers of ARX's benchmark, in lattice order.
var adultQIs = []string{"age", "education", "marital-status", "native-country", "race", "salary-class", "sex", "workclass"}

type adultData struct {
	table      *Table
	occupation []int32 // sensitive attribute codes (hierarchy leaf order)
}

var (
	adultOnce sync.Once
	adult     adultData
	adultErr  error
)

func loadAdult(tb testing.TB) adultData {
	tb.Helper()
	adultOnce.Do(func() { adult, adultErr = readAdult() })
	if adultErr != nil {
		tb.Fatal(adultErr)
	}
	return adult
}

func readAdultHierarchy(name string) (*Hierarchy, error) {
	f, err := os.Open(filepath.Join("testdata", "adult", "adult_hierarchy_"+name+".csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadHierarchyCSV(name, f)
}

func readAdult() (adultData, error) {
	var hs []*Hierarchy
	for _, name := range append(adultQIs, "occupation") {
		h, err := readAdultHierarchy(name)
		if err != nil {
			return adultData{}, err
		}
		hs = append(hs, h)
	}
	f, err := os.Open(filepath.Join("testdata", "adult", "adult.csv"))
	if err != nil {
		return adultData{}, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	header := strings.Split(strings.TrimRight(sc.Text(), "\r"), ";")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	cols := make([][]int32, len(hs))
	for sc.Scan() {
		rec := strings.Split(strings.TrimRight(sc.Text(), "\r"), ";")
		for i, h := range hs {
			v := rec[col[h.Name]]
			c, ok := h.Code(v)
			if !ok {
				return adultData{}, &ParseError{Name: h.Name, Err: os.ErrNotExist}
			}
			cols[i] = append(cols[i], c)
		}
	}
	if err := sc.Err(); err != nil {
		return adultData{}, err
	}
	return adultData{table: &Table{Hierarchies: hs[:8], Columns: cols[:8]}, occupation: cols[8]}, nil
}
