package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/detect"
)

// An API's answer saved page by page (KoboToolbox's {"count", "next", "previous", "results"},
// Primero's {"data", "metadata": {"total", "page", "per"}}), one file a page in one folder:
// each page alone is refused, and read together the pages are the answer. A page's place in
// the answer is told by its links or its metadata; the pages are read together only when
// they tile the answer exactly (the first starts at record 1, each starts where the one before
// ends, the last ends at the answer's count, only the last has no next page), so a page
// missing, saved twice or of another answer leaves the refusal.

// filePage is one page of an answer saved as a file: path is "" for the input's own file.
type filePage struct {
	path    string
	records []any
	offset  int  // its first record's position in the answer, from 0
	more    bool // it links to a next page
	linked  bool // it has a next or previous link (Primero's pages have neither)
}

// maxPageFile bounds the size of a file beside the input looked at as a page.
const maxPageFile = 256 << 20

// localPath returns name when it names a file on disk (not a URL), else "".
func localPath(name string) string {
	if name == "" || IsURL(name) {
		return ""
	}
	if st, err := os.Stat(name); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	return name
}

// siblingPages returns the pages of the answer of which doc (the file at path, its records
// under key) is one page, in order, when the JSON files in its folder hold every page of it;
// else nil and why (", the files beside it hold ..."), or "" when nothing beside it is a page.
func siblingPages(path string, doc map[string]any, key string) ([]filePage, string) {
	if path == "" {
		return nil, ""
	}
	self, ok := pageOf(doc, key)
	if !ok {
		return nil, ""
	}
	total, _ := pageInfo(doc)
	base := pageBase(doc)
	pages := []filePage{self}
	recount := 0
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return nil, ""
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, ""
	}
	for _, d := range entries {
		q := filepath.Join(filepath.Dir(path), d.Name())
		if !d.Type().IsRegular() || !strings.EqualFold(filepath.Ext(strings.TrimRight(d.Name(), " ")), ".json") {
			continue
		}
		if qs, err := os.Stat(q); err != nil || os.SameFile(st, qs) || qs.Size() > maxPageFile {
			continue
		}
		b, err := os.ReadFile(q)
		if err != nil || !bytes.Contains(b, []byte(strconv.Quote(key))) {
			continue
		}
		other, ok := oneObject(b)
		if !ok {
			continue
		}
		if t, _ := pageInfo(other); t != total || pageBase(other) != base {
			if t != total && base != "" && pageBase(other) == base {
				if _, ok := pageOf(other, key); ok {
					recount++ // the same answer's page, fetched when it held another count
				}
			}
			continue // another answer's page, or no page
		}
		p, ok := pageOf(other, key)
		if !ok || !p.more && len(p.records) >= total {
			continue // the whole answer is no page of it
		}
		p.path = q
		pages = append(pages, p)
	}
	// A record added or deleted while the pages were fetched shifts the records between pages:
	// they cannot be put together (attack-2026-12-03b, lows). Said only when the pages of one
	// count do not make the answer: an older answer's pages beside a whole one are no matter.
	changed := func() string {
		return fmt.Sprintf("; %d other JSON %s of its folder %s of the same answer that %s another count of records: "+
			"the answer changed while its pages were fetched", recount, agreeN(recount, "file", "files"),
			agreeN(recount, "is a page", "are pages"), agreeN(recount, "announces", "announce"))
	}
	if len(pages) == 1 {
		if recount > 0 {
			return nil, changed()
		}
		return nil, ""
	}
	slices.SortStableFunc(pages, func(a, b filePage) int { return a.offset - b.offset })
	n, end := 0, 0
	tiled := true
	for i, p := range pages {
		n += len(p.records)
		tiled = tiled && p.offset == end && len(p.records) > 0 && (!p.linked || p.more == (i < len(pages)-1))
		end = p.offset + len(p.records)
	}
	if !tiled || end != total || n != total {
		if recount > 0 {
			return nil, changed()
		}
		return nil, fmt.Sprintf("; the %d JSON files of its folder that are pages of the same answer (this one included) hold %d records, "+
			"not pages that follow one another from the first record to the last", len(pages), n)
	}
	return pages, ""
}

// oneObject decodes b as one JSON object and nothing after it.
func oneObject(b []byte) (map[string]any, bool) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	if _, err := d.Token(); err == nil {
		return nil, false // more values follow
	}
	return m, true
}

// pageOf returns the page doc is, with its records under key and its place in the answer:
// from its metadata's page number and page size, else from its next link's offset or page
// number less its own records, else (the last page) its records end at the answer's count.
func pageOf(doc map[string]any, key string) (filePage, bool) {
	a, ok := doc[key].([]any)
	if !ok {
		return filePage{}, false
	}
	for _, r := range a {
		if _, ok := r.(map[string]any); !ok {
			return filePage{}, false
		}
	}
	total, more := pageInfo(doc)
	p := filePage{records: a, more: more, linked: pageLink(doc, "next") != nil || pageLink(doc, "previous") != nil}
	for _, m := range metaObjects(doc) {
		page, per := jsonInt(m["page"]), max(jsonInt(m["per"]), jsonInt(m["per_page"]), jsonInt(m["page_size"]))
		if page >= 1 && per >= 1 {
			p.offset = (page - 1) * per
			return p, true
		}
	}
	if next := pageLink(doc, "next"); next != nil {
		q := next.Query()
		for _, k := range []string{"start", "offset", "skip", "$skip"} {
			if v, err := strconv.Atoi(q.Get(k)); err == nil && q.Has(k) {
				p.offset = v - len(a)
				return p, p.offset >= 0
			}
		}
		for _, k := range []string{"page", "page_number", "pageNumber"} {
			if v, err := strconv.Atoi(q.Get(k)); err == nil && q.Has(k) {
				p.offset = (v - 2) * len(a)
				return p, p.offset >= 0
			}
		}
		return filePage{}, false // a cursor: the page's place is not told
	}
	if more {
		return filePage{}, false
	}
	p.offset = total - len(a)
	return p, p.offset >= 0
}

// metaObjects are doc and the objects under its paging fields.
func metaObjects(doc map[string]any) []map[string]any {
	out := []map[string]any{doc}
	for _, k := range []string{"metadata", "meta", "pagination", "paging", "links", "page"} {
		if m, ok := doc[k].(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func jsonInt(v any) int {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return int(i)
		}
	}
	return 0
}

// pageLink returns the answer's next or previous link, nil when it has none.
func pageLink(doc map[string]any, which string) *url.URL {
	names := map[string][]string{"next": {"next", "next_page", "nextPage", "@odata.nextLink"}, "previous": {"previous", "prev", "previous_page", "prevPage"}}[which]
	for _, m := range metaObjects(doc) {
		for _, k := range names {
			if s, ok := m[k].(string); ok && s != "" {
				if u, err := url.Parse(s); err == nil {
					return u
				}
			}
		}
	}
	return nil
}

// pageBase is the address of the answer a page's links point into, without the query's paging
// parameters: the pages of one answer share it ("" when the page has no link).
func pageBase(doc map[string]any) string {
	u := pageLink(doc, "next")
	if u == nil {
		u = pageLink(doc, "previous")
	}
	if u == nil {
		return ""
	}
	q := u.Query()
	for _, k := range []string{"start", "offset", "skip", "$skip", "page", "page_number", "pageNumber"} {
		q.Del(k)
	}
	v := *u
	v.RawQuery = q.Encode()
	v.User = nil
	return v.String()
}

// pageLabel is how a message names a page's file: its name, unless it could be a person's.
func pageLabel(path string) string {
	base := filepath.Base(path)
	if detect.FileLabel(strings.TrimSuffix(base, filepath.Ext(base))) {
		return base
	}
	return "a file whose name is withheld"
}
