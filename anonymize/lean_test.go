package anonymize

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"testing"
)

// TestLeaningRepeat: leaning skips its audit right after an audit of the same pattern that
// found every protected count wide enough (lpCache.repeatAudit), and the protection is the
// same as with the audit run every time: the same states, the same LPs solved (the cache
// aged as the audit would age it), on random tables and on the synthetic tables.
func TestLeaningRepeat(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(3, 4))
	skipped := 0
	for i := range 150 {
		tab, l := randomTable(rng, 2+rng.IntN(6), 2+rng.IntN(5))
		cp := *tab
		tab2 := &cp
		tab2.Rows = slices.Clone(tab.Rows)
		for ri := range tab2.Rows {
			tab2.Rows[ri].Values = slices.Clone(tab.Rows[ri].Values)
		}
		repFull, errFull := Protect([]*CountTable{tab}, l, Protection{Threshold: 10, leanFull: true})
		rep, err := Protect([]*CountTable{tab2}, l, Protection{Threshold: 10, leanSkipped: &skipped})
		if (err == nil) != (errFull == nil) || rep != repFull {
			t.Fatalf("table %d: %+v (%v) with leaning's audits skipped, %+v (%v) without", i, rep, err, repFull, errFull)
		}
		for ri := range tab.Rows {
			if !slices.Equal(tab.Rows[ri].State, tab2.Rows[ri].State) {
				t.Fatalf("table %d row %d: states %v with leaning's audits skipped, %v without", i, ri, tab2.Rows[ri].State, tab.Rows[ri].State)
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no leaning audit was skipped on the random tables")
	}
	if testing.Short() {
		return
	}
	c := synthCollector(t, 3000, 1)
	defer c.Close()
	skipped = 0
	full, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10, leanFull: true}})
	if err != nil {
		t.Fatal(err)
	}
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10, leanSkipped: &skipped}})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(full.Tables)
	b, _ := json.Marshal(pt.Tables)
	if string(a) != string(b) || full.Protection.Audit != pt.Protection.Audit {
		t.Fatalf("synthetic 3,000: other tables or audit with leaning's audits skipped (%+v, %+v without)", pt.Protection.Audit, full.Protection.Audit)
	}
	if skipped == 0 {
		t.Fatal("no leaning audit was skipped on the synthetic tables")
	}
	t.Logf("synthetic 3,000: %d of leaning's audits skipped, %d LPs", skipped, pt.Protection.Audit.LPs)
}

// cacheState describes everything an lpCache keeps: its generation and, block by block (in
// key order), when it was used, the ranges seen, the ends solved and the simplex's vertex.
func cacheState(c *lpCache) string {
	keys := make([]uint64, 0, len(c.blocks))
	for k := range c.blocks {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b, _ := json.Marshal(c.gen)
	out := string(b)
	for _, k := range keys {
		for _, bl := range c.blocks[k] {
			b, _ := json.Marshal([]any{k, bl.used, fmt.Sprint(bl.seen, bl.lo, bl.hi, bl.tb.x)})
			out += string(b)
		}
	}
	return out
}

// TestRepeatAuditCache: repeatAudit leaves the LP cache exactly as Audit run again would (a
// generation on, the same blocks used, the same ones evicted), and declines after an audit
// that found a protected count narrower than its range.
func TestRepeatAuditCache(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(5, 6))
	repeated, declined, narrow := 0, 0, 0
	for i := range 100 {
		tab, l := randomTable(rng, 2+rng.IntN(6), 2+rng.IntN(5))
		if _, err := Protect([]*CountTable{tab}, l, Protection{Threshold: 10}); err != nil {
			t.Fatal(err)
		}
		ts := []*CountTable{tab}
		// The patterns audited before: the final one with one complement printed again,
		// each in turn, then the final one; the oldest blocks age out of the cache.
		var secondary []Ref
		for ri, row := range tab.Rows {
			for ci, s := range row.State {
				if s == Secondary {
					secondary = append(secondary, Ref{0, ri, ci})
				}
			}
		}
		caches := [2]*lpCache{newLPCache(), newLPCache()}
		ok := false
		for k, c := range caches {
			p := Protection{Threshold: 10, lps: c}
			for _, r := range secondary {
				tab.Rows[r.R].State[r.C] = Published
				if _, _, _, err := Audit(ts, l, p); err != nil {
					t.Fatal(err)
				}
				tab.Rows[r.R].State[r.C] = Secondary
			}
			exposed, _, _, err := Audit(ts, l, p)
			if err != nil || len(exposed) > 0 {
				t.Fatalf("table %d: the final pattern's audit: %v exposed (%v)", i, exposed, err)
			}
			if k == 1 {
				if ok = c.repeatAudit(ts, p); !ok {
					declined++
					continue
				}
				repeated++
			} else if _, _, _, err := Audit(ts, l, p); err != nil {
				t.Fatal(err)
			}
		}
		if a, b := cacheState(caches[0]), cacheState(caches[1]); ok && a != b {
			t.Fatalf("table %d: the cache after Audit again:\n%s\nafter repeatAudit:\n%s", i, a, b)
		}
		// Primary suppression alone leaves protected counts narrow: no repeat.
		for ri := range tab.Rows {
			for ci, s := range tab.Rows[ri].State {
				if s == Secondary {
					tab.Rows[ri].State[ci] = Published
				}
			}
		}
		c := newLPCache()
		p := Protection{Threshold: 10, lps: c}
		exposed, _, _, err := Audit(ts, l, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(exposed) == 0 {
			continue
		}
		narrow++
		if c.repeatAudit(ts, p) {
			t.Fatalf("table %d: repeatAudit after an audit that found %d counts exposed", i, len(exposed))
		}
	}
	if repeated == 0 || narrow == 0 {
		t.Fatalf("repeatAudit stood for %d audits, and declined after %d that found counts exposed", repeated, narrow)
	}
	t.Logf("%d repeated, %d declined; %d declined after an audit that found counts exposed", repeated, declined, narrow)
}
