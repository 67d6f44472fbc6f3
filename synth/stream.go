package synth

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The writers stream each record to its export as generate draws it: the exports are written
// in one pass and nothing holds the records (holding them took 12 GiB at 10 million rows of
// the canonical CSV, 17 GiB of the folder). Where an export's bytes cannot be written in the
// order the records are drawn (the canonical CSV's, whose first records come last from the
// random source; the Afghan follow-up's, whose columns depend on every case) the records go
// to scratch files beside the export first. The bytes are those of the records held and
// written one export after the other (TestSameBytes).

// export is one file being written through a buffer.
type export struct {
	f  *os.File
	bw *bufio.Writer
}

func create(p string) (*export, error) {
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	return &export{f: f, bw: bufio.NewWriterSize(f, 1<<16)}, nil
}

// close flushes and closes e; closing it again does nothing.
func (e *export) close() error {
	if e == nil || e.f == nil {
		return nil
	}
	err := e.bw.Flush()
	if cerr := e.f.Close(); err == nil {
		err = cerr
	}
	e.f = nil
	return err
}

func writeFile(p string, fn func(io.Writer) error) error {
	e, err := create(p)
	if err != nil {
		return err
	}
	if err := fn(e.bw); err != nil {
		e.f.Close()
		return err
	}
	return e.close()
}

// appendFile copies the file at p to w and removes it.
func appendFile(w io.Writer, p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	f.Close()
	if err != nil {
		return err
	}
	return os.Remove(p)
}

func write(dir string, rows int, seed uint64, demo demoEra) (paths []string, err error) {
	if rows < 3 {
		return nil, fmt.Errorf("synth: need at least 3 rows, got %d", rows)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	scratch := filepath.Join(dir, AfghanFollowUpFile+".part")
	names := []string{AfghanFile, IndianFile, PoliceFile, CambodianFile, IndianEventsFile, CambodianCareFile, AfghanFollowUpFile + ".part"}
	files := make([]*export, len(names))
	defer func() {
		for _, f := range files {
			f.close() // after an error: whatever is still open
		}
		os.Remove(scratch)
	}()
	for i, name := range names {
		if files[i], err = create(filepath.Join(dir, name)); err != nil {
			return nil, err
		}
	}
	af, in, pol, kh := csv.NewWriter(files[0].bw), csv.NewWriter(files[1].bw), csv.NewWriter(files[2].bw), json.NewEncoder(files[3].bw)
	in.Comma = ';'
	kh.SetEscapeHTML(false)
	inEvents, khCare, afCompact := csv.NewWriter(files[4].bw), json.NewEncoder(files[5].bw), csv.NewWriter(files[6].bw)
	af.Write(afghanHeader)
	in.Write(indianHeader)
	pol.Write(policeHeader)
	inEvents.Write(indianEventsHeader)
	afRoutes, inRoutes, khRoutes := newRouteDraw("AF", seed), newRouteDraw("IN", seed), newRouteDraw("KH", seed)
	afCare, inCare, khCareDraw := newCareDraw("AF", seed), newCareDraw("IN", seed), newCareDraw("KH", seed)
	var followUp afghanFollowUp
	var n [4]int
	var encErr error
	encode := func(enc *json.Encoder, v any) {
		if err := enc.Encode(v); err != nil && encErr == nil {
			encErr = err
		}
	}
	generate(rows, seed, demo, func(l list, x record) {
		i := n[l]
		n[l]++
		switch l {
		case afList:
			x.route = afRoutes.next()
			af.Write(afghanRow(x))
			followUp.compact(afCompact, i, x, afCare.next(x))
		case inList:
			x.route = inRoutes.next()
			in.Write(indianRow(x))
			writeIndianEvents(inEvents, i, x, inCare.next(x))
		case polList:
			pol.Write(policeRow(i, x))
		case khList:
			x.route = khRoutes.next()
			encode(kh, cambodianRecord(x))
			if c := cambodianCare(x, khCareDraw.next(x)); c != nil {
				encode(khCare, c)
			}
		}
	})
	for _, w := range []*csv.Writer{af, in, pol, inEvents, afCompact} {
		w.Flush()
		encErr = errors.Join(encErr, w.Error())
	}
	if encErr != nil {
		return nil, encErr
	}
	for _, f := range files {
		if err := f.close(); err != nil {
			return nil, err
		}
	}
	// The follow-up spreadsheet, now that its columns are known.
	err = writeFile(filepath.Join(dir, AfghanFollowUpFile), func(w io.Writer) error {
		f, err := os.Open(scratch)
		if err != nil {
			return err
		}
		defer f.Close()
		return followUp.expand(w, bufio.NewReaderSize(f, 1<<16))
	})
	if err != nil {
		return nil, err
	}
	for _, name := range append(Exports, OutcomeExports...) {
		paths = append(paths, filepath.Join(dir, name))
	}
	p := filepath.Join(dir, ConfigFile)
	if err := os.WriteFile(p, []byte(config(rows, demo)), 0o644); err != nil {
		return nil, err
	}
	return append(paths, p), nil
}

// WriteCanonical writes rows records of all four organisations as one CSV in the canonical
// column names, as the benchmarks need: one file that DuckDB and the pipeline both read. Its
// years are synth's own (2015-2025), as the folder synth writes. (They were the demo's era
// for a while: with 2015, anonymize.TestDeclaredTableAttack seed 5 placed seven protected
// counts of Khost's girls in intervals 4 wide; that attacker knew which combinations of forms
// the girls had, which no table tells, and with the combinations spread (the test's
// spreadFormToggles) the attack finds the audit's intervals: docs/handover/issue-16-audit2.md.)
// The Afghan centre's records come first, then the Indian network's, the police's and the
// Cambodian team's, each as drawn; only the Afghan ones go straight to path.
func WriteCanonical(path string, rows int, seed uint64) (err error) {
	parts := []string{path + ".in.part", path + ".pol.part", path + ".kh.part"} // the order they follow the Afghan records in
	files := make([]*export, 4)
	defer func() {
		for _, f := range files {
			f.close()
		}
		for _, p := range parts {
			os.Remove(p)
		}
	}()
	if files[0], err = create(path); err != nil {
		return err
	}
	for i, p := range parts {
		if files[1+i], err = create(p); err != nil {
			return err
		}
	}
	var w [4]*csv.Writer
	w[afList], w[inList], w[polList], w[khList] = csv.NewWriter(files[0].bw), csv.NewWriter(files[1].bw), csv.NewWriter(files[2].bw), csv.NewWriter(files[3].bw)
	w[afList].Write(afghanHeader)
	generate(rows, seed, false, func(l list, x record) { w[l].Write(afghanRow(x)) })
	for i := range w {
		w[i].Flush()
		if err := w[i].Error(); err != nil {
			return err
		}
	}
	for _, f := range files[1:] {
		if err := f.close(); err != nil {
			return err
		}
	}
	for _, p := range parts {
		if err := appendFile(files[0].bw, p); err != nil {
			return err
		}
	}
	return files[0].close()
}
