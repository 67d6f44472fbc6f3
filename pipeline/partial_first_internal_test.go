package pipeline

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/release"
)

// TestMonthOf checks monthOf against the time package, every day from 1900 to 2100.
func TestMonthOf(t *testing.T) {
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2100; d = d.AddDate(0, 0, 1) {
		want := int32((d.Year()-1970)*12 + int(d.Month()) - 1)
		if got := monthOf(int32(d.Unix() / 86400)); got != want {
			t.Fatalf("%s: month %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}

// TestPartialFirstYearPace is attack-2026-12-04d finding R7: partialFirstYear took an
// organisation's first row for the start of its registrations, so six older records keyed in
// (2019-2022) beside a partner's records from October 2024 moved its start to 2019, and a start
// on 1 January 2025 (or up to March) was not seen at all: the brief's trend read the start as a
// rise (+43%, +58%, +50%) again. The start is now where the pace of its registrations begins.
func TestPartialFirstYearPace(t *testing.T) {
	// print makes an input of source src registering perMonth cases a month from month from
	// to month to (inclusive, "2006-01"), plus one case on each of the extra days.
	print := func(src, from, to string, perMonth int, extra ...string) *inputPrint {
		p := &inputPrint{source: src}
		day := func(s string) int32 {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				t.Fatal(err)
			}
			return int32(d.Unix() / 86400)
		}
		for m := monthOf(day(from + "-01")); m <= monthOf(day(to+"-01")); m++ {
			for range perMonth {
				p.countMonth(m)
			}
		}
		for _, e := range extra {
			p.countMonth(monthOf(day(e)))
		}
		return p
	}
	others := []*inputPrint{print("India", "2015-01", "2025-12", 30), print("Afghanistan", "2015-03", "2025-12", 15)}
	for _, c := range []struct {
		name string
		org  *inputPrint
		year int    // 0: none
		how  string // the Why's start
	}{
		{"joined in October 2024", print("Cambodia", "2024-10", "2025-12", 9), 2024, "begin months into 2024"},
		{"joined in October 2024 with six older records", print("Cambodia", "2024-10", "2025-12", 9,
			"2019-06-13", "2020-10-04", "2021-06-13", "2022-02-06", "2022-04-25", "2022-11-16"), 2024, "begin months into 2024"},
		// attack-2026-12-04e S3: one in eight or in four of its records older (nine in ten
		// after the start were asked)
		{"joined in October 2024 with twenty older records", print("Cambodia", "2024-10", "2025-12", 9, olderDays(20)...),
			2024, "begin months into 2024"},
		{"joined in October 2024 with forty older records", print("Cambodia", "2024-10", "2025-12", 9, olderDays(40)...),
			2024, "begin months into 2024"},
		{"joined on 1 January 2025", print("Cambodia", "2025-01", "2025-12", 30), 2025, "begin with 2025"},
		{"joined on 1 March 2025", print("Cambodia", "2025-03", "2025-12", 10), 2025, "begin months into 2025"},
		{"joined in 2017", print("Cambodia", "2017-05", "2025-12", 5), 2017, "begin months into 2017"},
		{"every year", print("Cambodia", "2015-01", "2025-12", 6), 0, ""},
		// A small organisation registering few a year may register none for years by chance.
		{"a few a year", print("Cambodia", "2015-01", "2015-01", 0, "2018-02-01", "2019-06-01", "2020-09-01", "2022-01-01", "2023-05-01", "2024-08-01", "2025-10-01"), 0, ""},
		// A migration month (a hundred imported on one day) is not a start: most of its
		// records come before it.
		{"a migration's month", print("Cambodia", "2015-01", "2025-12", 3, strings.Split(strings.Repeat("2024-11-15,", 120), ",")[:120]...), 0, ""},
	} {
		got := partialFirstYear(append([]*inputPrint{c.org}, others...))
		switch {
		case c.year == 0 && got != nil:
			t.Errorf("%s: partial first year %+v, want none", c.name, got)
		case c.year != 0 && (got == nil || got.Year != c.year || got.Source != "Cambodia" || !strings.HasPrefix(got.Why, "one organisation's registrations "+c.how)):
			t.Errorf("%s: partial first year %+v, want %d of Cambodia: %s", c.name, got, c.year, c.how)
		}
	}
	// Every organisation starting late together is no one's start.
	if got := partialFirstYear([]*inputPrint{print("A", "2020-06", "2025-12", 10), print("B", "2020-07", "2025-12", 10)}); got != nil {
		t.Errorf("two organisations starting together: %+v, want none", got)
	}
}

// TestPacedStartGrowing is outc's demo reading (session of 2026-12-06 morning, item 2): a
// register growing for years from the others' first month was read as beginning late, its first
// months judged against its average pace to the period's end (the demo's India Rescue Network,
// 23 registrations in 2018 and 139 in 2021, "late" from April 2018, and the Afghan centre and
// Cambodia Safe Haven from 2020 for 2019). The months before a candidate start are now judged
// against the pace of the year after it.
func TestPacedStartGrowing(t *testing.T) {
	const from = (2018 - 1970) * 12 // January 2018, the others' first month
	to := int32(from + 95)          // December 2025
	growing := func(start int32) map[int32]int32 {
		months := map[int32]int32{}
		for m := start; m <= to; m++ {
			months[m] = 1 + (m-start)/5 // 1 a month, 2 from the sixth ... 20 in 2025
		}
		return months
	}
	if start, ok := pacedStart(growing(from), from, to); ok {
		t.Errorf("a register growing from the others' first month: begins late in month %d (%d-%02d), want on time", start, 1970+start/12, start%12+1)
	}
	// The same growth a year late, with a few older records keyed in: late from its start.
	late := growing(from + 13)
	late[from+2], late[from+7] = 1, 1
	if start, ok := pacedStart(late, from, to); !ok || start != from+13 {
		t.Errorf("a register growing from February 2019: start %d (ok %v), want %d (February 2019)", start, ok, from+13)
	}
}

// olderDays returns n days spread over 2015 to September 2024, a partner's older records keyed
// in beside its own from October 2024.
func olderDays(n int) []string {
	out := make([]string, n)
	start := time.Date(2015, 1, 7, 0, 0, 0, 0, time.UTC)
	span := time.Date(2024, 9, 20, 0, 0, 0, 0, time.UTC).Sub(start)
	for i := range out {
		out[i] = start.Add(span * time.Duration(i) / time.Duration(n)).Format(time.DateOnly)
	}
	return out
}

// TestLateBegins: occupancy is counted over the years each organisation covers (outc session
// zf: the Cambodian organisation's records from October 2024 read Phnom Penh's homes 40% full,
// 84% with its earlier records). lateBegins names the provinces where a late organisation
// placed people when those it had in care before its records begin could move the printed
// rate: its records begin inside the period, or, had it admitted before as since, with stays
// as long, they would fill half a hundredth of the beds or more. Each organisation's stays are
// told apart (noteStays), and a source's name read from a record's buffer is copied.
func TestLateBegins(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ex := from.AddDate(1, 0, 0)
	month := func(y, m int) int32 { return int32((y-1970)*12 + m - 1) }
	var s eventStore
	buf := make([]byte, 0, 16)
	stay := func(src, prov string, start time.Time, months, n int) {
		st := outcomes.Stay{Start: start}
		if months >= 0 {
			st.End = start.AddDate(0, months, 0)
		}
		// As arrow's strings: a view of the record's buffer, reused by the next record.
		b := append(buf[:0], src...)
		for range n {
			s.noteStays(unsafe.String(&b[0], len(b)), []outcomes.Stay{st}, []string{prov}, ex)
		}
	}
	oct := time.Date(2024, 10, 5, 0, 0, 0, 0, time.UTC)
	// Cambodia from October 2024 (R4): 60 stays of 10 months in Phnom Penh (its 100 beds) would
	// have about 26 in care from before its start at the period's start, 2 at its middle (7%
	// of the beds over the year); its 30 stays of 2 months in Siem Reap none.
	stay("Cambodia", "KH-12", oct, 10, 60)
	stay("Cambodia", "KH-17", oct, 2, 30)
	stay("India", "IN-WB", time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), -1, 1) // not late
	// Nepal from January 2019 with one stay open since: 83 months, of which the 11 past the
	// six years to the period give 0.7 bed-months: 6% of one bed (Nepal's NP-P3, one bed
	// listed), 0.06% of 100 beds (IN-WB). Laos from March 2025, inside the period: any stay.
	stay("Nepal", "NP-P3", time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC), -1, 1)
	stay("Nepal", "IN-WB", time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC), -1, 1)
	stay("Nepal", "NP-P4", time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC), -1, 1) // no beds listed: no rate
	stay("Laos1", "LA-VT", time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), 0, 1)
	stay("Laos2", "KH-99", time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), 0, 1) // another source (not late), read into the same buffer
	late := []lateStart{{"Cambodia", month(2024, 10)}, {"Nepal", month(2019, 1)}, {"Laos1", month(2025, 3)}}
	beds := []anonymize.CentreBeds{{Province: "KH-12", Beds: 100}, {Province: "KH-17", Beds: 10}, {Province: "IN-WB", Beds: 60}, {Province: "IN-WB", Beds: 40},
		{Province: "NP-P3", Beds: 1}}
	got := s.lateBegins(late, beds, from, ex)
	want := map[string]time.Time{
		"KH-12": time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC),
		"NP-P3": time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		"LA-VT": time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	}
	if len(got) != len(want) {
		t.Errorf("lateBegins: %v, want %v", got, want)
	}
	for p, d := range want {
		if !got[p].Equal(d) {
			t.Errorf("%s: %v, want %v (all: %v)", p, got[p], d, got)
		}
	}
	if (*eventStore)(nil).lateBegins(late, beds, from, ex) != nil {
		t.Error("no events: want no provinces")
	}
}

// TestLateCare: an organisation whose case export runs from 2015 while its care export begins
// in October 2024 (its earlier people's stays never entered) was not found, lateStarts reading
// the registrations only (outc session zg's Left): Phnom Penh read 40% full again. lateCare
// finds it from the month each case row's events begin (noteFirst), against the month its own
// registrations begin at their pace (not at a few older records keyed in); not an organisation
// whose events follow its registrations, late or not.
func TestLateCare(t *testing.T) {
	month := func(y, m int) int32 { return int32((y-1970)*12 + m - 1) }
	var prints []*inputPrint
	// reg registers perMonth cases a month of source src from month from to December 2025.
	reg := func(src string, from int32, perMonth int, extra ...int32) {
		p := &inputPrint{source: src}
		for m := from; m <= month(2025, 12); m++ {
			for range perMonth {
				p.countMonth(m)
			}
		}
		for _, m := range extra {
			p.countMonth(m)
		}
		prints = append(prints, p)
	}
	var s eventStore
	buf := make([]byte, 0, 16)
	// evs gives perMonth case rows a month of source src events beginning on the 5th of each
	// month from from to December 2025 (a placement, and a follow-up a year on).
	evs := func(src string, from int32, perMonth int) {
		for m := from; m <= month(2025, 12); m++ {
			d := time.Date(1970+int(m/12), time.Month(1+m%12), 5, 0, 0, 0, 0, time.UTC)
			b := append(buf[:0], src...) // as arrow's strings: a view of a reused buffer
			for range perMonth {
				s.noteFirst(unsafe.String(&b[0], len(b)), []ingest.Event{{Kind: ingest.FollowUp, Date: d.AddDate(1, 0, 0)}, {Kind: ingest.Placement, Date: d}})
			}
		}
	}
	reg("Cambodia", month(2015, 1), 9)
	evs("Cambodia", month(2024, 10), 9) // its care export from October 2024: found
	reg("India", month(2015, 1), 30)
	evs("India", month(2015, 2), 30) // events a month after registration: not late
	reg("Afghanistan", month(2015, 3), 15, month(2010, 6), month(2011, 2))
	evs("Afghanistan", month(2015, 3), 15) // two older records keyed in, without events: not late
	reg("Laos", month(2024, 10), 5)
	evs("Laos", month(2024, 10), 5) // late in both (lateStarts'), its events with its registrations
	reg("Nepal", month(2022, 1), 5)
	evs("Nepal", month(2024, 6), 5)                               // late in both, its events later still
	evs("Bhutan", month(2024, 6), 5)                              // no dated registration: nothing to begin from
	s.noteFirst("Bhutan", []ingest.Event{{Kind: ingest.Service}}) // undated: not counted
	got := lateCare(prints, s.firstEvents)
	want := []lateStart{{"Cambodia", month(2024, 10)}, {"Nepal", month(2024, 6)}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("lateCare: %v, want %v", got, want)
	}
	if lateCare(prints, nil) != nil {
		t.Error("no events: want none")
	}
}

// TestStaysBefore: a late organisation whose export holds the stays it had open on its first
// day, begun before, has the longer of its earlier stays only (outc session zh: Phnom Penh's
// mean stay 13.4 months for 10.0): staysBefore names its provinces where one stay in twenty
// or more began over a month before its records; not a stay begun weeks before (a placement
// before the case's registration), nor an organisation that is not late.
func TestStaysBefore(t *testing.T) {
	month := func(y, m int) int32 { return int32((y-1970)*12 + m - 1) }
	ex := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var s eventStore
	buf := make([]byte, 0, 16)
	stay := func(src, prov string, start time.Time, n int) {
		b := append(buf[:0], src...) // as arrow's strings: a view of a reused buffer
		for range n {
			s.noteStays(unsafe.String(&b[0], len(b)), []outcomes.Stay{{Start: start, End: start.AddDate(0, 3, 0)}}, []string{prov}, ex)
		}
	}
	oct := time.Date(2024, 10, 5, 0, 0, 0, 0, time.UTC)
	stay("Cambodia", "KH-12", oct, 100)
	stay("Cambodia", "KH-12", time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 26) // open on its first day
	stay("Cambodia", "KH-17", oct, 40)
	stay("Cambodia", "KH-17", time.Date(2024, 9, 20, 0, 0, 0, 0, time.UTC), 10) // weeks before
	stay("Cambodia", "KH-18", oct, 40)
	stay("Cambodia", "KH-18", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), 1) // one in 41
	stay("India", "IN-WB", time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), 50)   // not late
	late := []lateStart{{"Cambodia", month(2024, 10)}}
	if got := s.staysBefore(late); len(got) != 1 || !got["KH-12"] {
		t.Errorf("staysBefore: %v, want KH-12", got)
	}
	if (*eventStore)(nil).staysBefore(late) != nil {
		t.Error("no events: want none")
	}
	// lateBegins: with the stays open on its first day exported, with their admissions, a rate
	// over a period from that day on is whole (KH-12 not named; outc session zi: Phnom Penh's
	// rate was left empty though in_care_at_end was whole); a period that begins before the
	// day misses the nights of the stays that had ended (named), as KH-18 (one stay in 41
	// begun before: not brought in) is named either way. Stays of two years: the yardstick
	// names a late organisation's provinces without the stays open on its first day.
	var l eventStore
	long := func(prov string, start time.Time, n int) {
		for range n {
			l.noteStays("Cambodia", []outcomes.Stay{{Start: start, End: start.AddDate(2, 0, 0)}}, []string{prov}, ex)
		}
	}
	long("KH-12", oct, 100)
	long("KH-12", time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 26)
	long("KH-18", oct, 40)
	long("KH-18", time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	beds := []anonymize.CentreBeds{{Province: "KH-12", Beds: 60}, {Province: "KH-18", Beds: 30}}
	after := l.lateBegins(late, beds, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ex)
	if _, ok := after["KH-12"]; ok || after["KH-18"].IsZero() {
		t.Errorf("period from 2025: %v, want KH-18 and not KH-12", after)
	}
	before := l.lateBegins(late, beds, time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), ex)
	if before["KH-12"].IsZero() || before["KH-18"].IsZero() {
		t.Errorf("period from June 2024: %v, want KH-12 and KH-18", before)
	}
}

// TestLateEntries: the day a late organisation's stays are counted from (delayed entry) is its
// start, or, when its export holds the stays it had open on its first day, begun before
// (broughtIn), the day before its first exit in the month its exits begin at their pace, when
// later. lateCare's start from each case's first event fell in January 2024 for a care export
// from October 2024 that kept those stays with their admissions (outc session zi's Left:
// Phnom Penh's time in care at 12 months 0.447 for the whole register's 0.343): the stays begun
// in between that had ended before October are in no export.
func TestLateEntries(t *testing.T) {
	month := func(y, m int) int32 { return int32((y-1970)*12 + m - 1) }
	ex := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	var s eventStore
	stay := func(src, prov string, start, end time.Time) {
		s.noteStays(src, []outcomes.Stay{{Start: start, End: end}}, []string{prov}, ex)
	}
	// Cambodia: 30 stays open on 2024-10-01, begun from 2023, ending from 2024-10-03 on; 120
	// begun since, ending a month or more later; two older records keyed in, ended in 2019.
	for i := range 30 {
		stay("Cambodia", "KH-12", date(2023, 1+i%12, 10), date(2024, 10+i%3, 3+i%20))
	}
	for i := range 120 {
		adm := date(2024, 10+i%14, 1+i%25)
		end := adm.AddDate(0, 1+i%9, 0)
		if !end.Before(ex) {
			end = time.Time{} // open
		}
		stay("Cambodia", "KH-12", adm, end)
	}
	stay("Cambodia", "KH-12", date(2019, 2, 1), date(2019, 5, 1))
	stay("Cambodia", "KH-12", date(2019, 3, 1), date(2019, 6, 1))
	// Nepal: late from June 2024, no stay begun before it.
	for i := range 40 {
		stay("Nepal", "NP-P3", date(2024, 6+i%12, 5), date(2024, 8+i%12, 9))
	}
	late := []lateStart{{"Cambodia", month(2024, 1)}, {"Nepal", month(2024, 6)}}
	got := s.lateEntries(late)
	if want := date(2024, 10, 2); !got["Cambodia"].Equal(want) {
		t.Errorf("Cambodia from %v, want %v (the day before its first exit from October 2024)", got["Cambodia"], want)
	}
	if want := date(2024, 6, 1); !got["Nepal"].Equal(want) {
		t.Errorf("Nepal from %v, want %v (its start: no stay begun before it)", got["Nepal"], want)
	}
	// Its start right: no later day from its exits.
	if got := s.lateEntries([]lateStart{{"Cambodia", month(2024, 10)}}); !got["Cambodia"].Equal(date(2024, 10, 1)) {
		t.Errorf("Cambodia found from October 2024: from %v, want 2024-10-01", got["Cambodia"])
	}
	if got := (*eventStore)(nil).lateEntries(late); !got["Cambodia"].Equal(date(2024, 1, 1)) || len(got) != 2 {
		t.Errorf("no events: %v, want each start", got)
	}
	if (*eventStore)(nil).lateEntries(nil) != nil {
		t.Error("no late organisation: want none")
	}
}

// TestLateOrganisations is attack-2026-12-06a A6: two organisations whose registrations begin
// in 2022 (the Kolkata police beside the India network in West Bengal, and Cambodia Safe Haven
// alone in its provinces) while the others' run from 2015: partialFirstYear names one, so the
// centre gaps read the other's start as its provinces' rise. lateOrganisations lists both,
// each with its provinces and those no organisation on time records; none when none is late.
func TestLateOrganisations(t *testing.T) {
	print := func(src, from string, perMonth int, provinces ...string) *inputPrint {
		p := &inputPrint{source: src, provinces: map[string]int32{}}
		d, err := time.Parse(time.DateOnly, from+"-01")
		if err != nil {
			t.Fatal(err)
		}
		for m := monthOf(int32(d.Unix() / 86400)); m <= monthOf(int32(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC).Unix()/86400)); m++ {
			for range perMonth {
				p.countMonth(m)
			}
		}
		for _, prov := range provinces {
			p.provinces[prov] = 1
		}
		return p
	}
	india := print("India Rescue Network", "2015-01", 20, "IN-WB", "IN-MH")
	afghan := print("Afghan centre", "2015-03", 15, "AF-KAB")
	police := print("Kolkata Police", "2022-01", 8, "IN-WB")
	cambodia := print("Cambodia Safe Haven", "2022-01", 10, "KH-12", "KH-17")
	got := lateOrganisations([]*inputPrint{india, police, afghan, cambodia})
	want := []release.LateOrganisation{
		{Year: 2022, Month: 1, Source: "Kolkata Police", Provinces: []string{"IN-WB"}},
		{Year: 2022, Month: 1, Source: "Cambodia Safe Haven", Provinces: []string{"KH-12", "KH-17"}, Alone: []string{"KH-12", "KH-17"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("late organisations %+v, want %+v", got, want)
	}
	// The manifest's partial_first_year still names one, the first read of the latest year,
	// and says that it is one of two late starts (A6's re-check: "one organisation's
	// registrations begin with 2022" read as the only one); alone late, it says one.
	const two = "one organisation's registrations begin with 2022 (of the 2 organisations whose registrations begin late, none begins later), while the other organisations' run from before it"
	if pf := partialFirstYear([]*inputPrint{india, police, afghan, cambodia}); pf == nil || pf.Source != "Kolkata Police" || pf.Year != 2022 || !strings.HasPrefix(pf.Why, two) {
		t.Errorf("partial first year %+v, want the police's 2022, why %q", pf, two)
	}
	if pf := partialFirstYear([]*inputPrint{india, police, afghan}); pf == nil || pf.Source != "Kolkata Police" || !strings.HasPrefix(pf.Why, "one organisation's registrations begin with 2022, while") {
		t.Errorf("partial first year alone late %+v", pf)
	}
	if got := lateOrganisations([]*inputPrint{india, afghan}); got != nil {
		t.Errorf("none late: %+v, want none", got)
	}
}
