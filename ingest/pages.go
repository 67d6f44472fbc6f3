package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// MaxPages bounds the pages of one paged HTTP answer that Open follows: an answer with more
// is refused rather than cut short.
var MaxPages = 10000

// A paged answer is followed page by page: Django REST framework's and KoboToolbox's
// {"count", "next", "previous", "results"}, JSON:API's links.next, OData's @odata.nextLink,
// and Primero's {"data": [...], "metadata": {"total", "per", "page"}} (whose next page is the
// same URL with page+1); and an answer that is a bare JSON array with the next page in its
// Link header (RFC 8288 rel="next": Ona's and KoboCAT v1's page/page_size, GitHub-style APIs),
// or an envelope whose next link is only in that header. Only pages at the exact origin (scheme, host and port) of the URL
// given are fetched, with its token; a next link elsewhere is refused, not followed. Every
// page's records are counted, and the total must be the total the answer announced.

// pager is the records of every page of a paged answer, as one JSON array.
type pager struct {
	ctx   context.Context
	fetch func(ctx context.Context, u string, limit int64) (*httpBody, error)
	given *url.URL // the URL given: pages must be at its origin
	key   string   // the field holding the records; "" when each page is a bare JSON array
	left  int64    // bytes the remaining pages may take (the input's size cap)

	buf     bytes.Buffer // records of the current page, ready to read
	next    string       // the next page's URL, "" after the last
	seen    map[string]bool
	pages   int
	records int
	total   int    // the answer's announced total, 0 when none
	final   string // the URL that answered the last page
	moved   string // the last URL that answered for another (a redirect), "" when none
	started bool
	done    bool
	err     error
}

// maybePages looks at the first page of a JSON answer. When it is one page of several (an
// envelope whose records are a part, with a way to the next page), it returns a reader of
// every page's records as one JSON array; else it returns a reader of the answer as it came.
func maybePages(ctx context.Context, body *httpBody, given string, limit int64,
	fetch func(ctx context.Context, u string, limit int64) (*httpBody, error)) (io.ReadCloser, error) {
	br := bufio.NewReader(body)
	asIs := &bufferedBody{Reader: br, httpBody: body}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return asIs, nil
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			br.ReadByte()
			continue
		}
		if b[0] == '[' && body.next != "" {
			return arrayPages(ctx, body, br, given, limit, fetch)
		}
		if b[0] != '{' {
			if body.next != "" {
				return nil, fmt.Errorf("%w: the answer is one page (its Link header names a next page) but not a JSON array or envelope: not read", ErrBrokenFile)
			}
			return asIs, nil
		}
		break
	}
	// One object (or NDJSON): read the first value, keeping its bytes to give back.
	var seen bytes.Buffer
	dec := json.NewDecoder(io.TeeReader(br, &seen))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil || dec.More() {
		if body.next != "" {
			return nil, fmt.Errorf("%w: the answer is one page (its Link header names a next page) but not a JSON array or envelope: not read", ErrBrokenFile)
		}
		return &bufferedBody{Reader: io.MultiReader(&seen, br), httpBody: body}, nil
	}
	giveBack := &bufferedBody{Reader: io.MultiReader(&seen, br), httpBody: body}
	doc, records, key, err := readPage(raw)
	if err != nil || key == "" {
		if body.next != "" {
			return nil, fmt.Errorf("%w: the answer is one page (its Link header names a next page) but holds no records array: not read", ErrBrokenFile)
		}
		return giveBack, nil // the reader says what is wrong with it
	}
	total, more := pageInfo(doc)
	if !more && body.next == "" && total <= len(records) {
		return giveBack, nil // the whole answer in one page: the reader unwraps it
	}
	p, final, err := startPager(ctx, body, given, limit-int64(seen.Len()), fetch)
	if err != nil {
		return nil, err
	}
	p.key, p.total = key, total
	body.Close()
	if err := p.add(doc, records, final, body.next); err != nil {
		return nil, err
	}
	if p.next == "" {
		return nil, fmt.Errorf("%w: the answer is one page of %d records of %d, with no link to the next page: "+
			"export every record, or every page as its own file", ErrBrokenFile, len(records), total)
	}
	return p, nil
}

// readPage decodes a page: the document (numbers as json.Number), the records under the first
// envelope key holding an array, and that key ("" when none does).
func readPage(raw json.RawMessage) (map[string]any, []json.RawMessage, string, error) {
	var doc map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, nil, "", err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, nil, "", err
	}
	for _, k := range envelopeKeys {
		if _, ok := doc[k].([]any); !ok {
			continue
		}
		var records []json.RawMessage
		if err := json.Unmarshal(fields[k], &records); err != nil {
			return nil, nil, "", err
		}
		return doc, records, k, nil
	}
	return doc, nil, "", nil
}

// arrayPages reads the first page of an answer that is a bare JSON array with a Link header
// naming the next page, and returns a reader of every page's records as one JSON array.
func arrayPages(ctx context.Context, body *httpBody, br *bufio.Reader, given string, limit int64,
	fetch func(ctx context.Context, u string, limit int64) (*httpBody, error)) (io.ReadCloser, error) {
	defer body.Close()
	raw, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	records, err := readArray(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: page 1: %v", ErrBrokenFile, err)
	}
	p, final, err := startPager(ctx, body, given, limit-int64(len(raw)), fetch)
	if err != nil {
		return nil, err
	}
	if err := p.add(nil, records, final, body.next); err != nil {
		return nil, err
	}
	return p, nil
}

// startPager returns a pager of the answer to given whose first page came in body (left: the
// bytes the other pages may take), and the URL that page came from.
func startPager(ctx context.Context, body *httpBody, given string, left int64,
	fetch func(ctx context.Context, u string, limit int64) (*httpBody, error)) (*pager, *url.URL, error) {
	u, err := url.Parse(given)
	if err != nil {
		return nil, nil, errors.New("not a valid URL")
	}
	final, _ := url.Parse(body.final)
	if final == nil {
		final = u
	}
	p := &pager{ctx: ctx, fetch: fetch, given: u, left: left, seen: map[string]bool{final.String(): true}, final: body.final}
	if body.final != given {
		p.moved = body.final
	}
	return p, final, nil
}

// readArray decodes a page that is a bare JSON array of records.
func readArray(raw []byte) ([]json.RawMessage, error) {
	var records []json.RawMessage
	if err := json.Unmarshal(raw, &records); err != nil {
		return nil, errors.New("not a JSON array of records")
	}
	return records, nil
}

// linkNext returns the target of the rel="next" link among a response's Link header values
// (RFC 8288: `<url>; rel="next", <url>; rel="last"`), unresolved; "" when there is none.
func linkNext(values []string) string {
	for _, v := range values {
		for v != "" {
			open := strings.IndexByte(v, '<')
			if open < 0 {
				break
			}
			end := strings.IndexByte(v[open:], '>')
			if end < 0 {
				break
			}
			target := v[open+1 : open+end]
			v = v[open+end+1:]
			// The link's parameters run to the next link's "<" (a URL holds no "<").
			params := v
			if i := strings.IndexByte(v, '<'); i >= 0 {
				params = v[:i]
			}
			for _, prm := range strings.Split(params, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(prm), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				val = strings.Trim(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(val), ",")), `"`)
				for _, rel := range strings.Fields(val) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}

// add takes a page's records and finds the next page's URL, resolved against the page's own:
// the page's next link, else its Link header's (header, "" when none).
func (p *pager) add(doc map[string]any, records []json.RawMessage, at *url.URL, header string) error {
	p.pages++
	p.buf.Reset()
	for i, r := range records {
		if t := bytes.TrimSpace(r); len(t) == 0 || t[0] != '{' {
			return fmt.Errorf("%w: page %d: record %d under %q is not a JSON object", ErrBrokenFile, p.pages, i+1, p.key)
		}
		if p.records > 0 {
			p.buf.WriteByte(',')
		}
		p.buf.Write(r)
		p.records++
	}
	p.next = ""
	next, err := nextPage(doc, at, len(records))
	if err != nil {
		return err
	}
	if next == nil && header != "" {
		l, err := url.Parse(header)
		if err != nil {
			return fmt.Errorf("%w: the next page's link (Link header) is not a URL", ErrBrokenFile)
		}
		next = at.ResolveReference(l)
	}
	if next == nil {
		return nil
	}
	if origin(next) != origin(p.given) {
		// Redacted: the link's query may carry a token of its own.
		return fmt.Errorf("%w: page %d links its next page at another origin (%s), not %s's: not followed, and the token is not sent there",
			ErrBrokenFile, p.pages, RedactURL(origin(next)), RedactURL(origin(p.given)))
	}
	if p.seen[next.String()] {
		return fmt.Errorf("%w: page %d links back to a page already read: the pages loop", ErrBrokenFile, p.pages)
	}
	p.seen[next.String()] = true
	if p.pages >= MaxPages {
		return fmt.Errorf("%w: the answer has more than %d pages: not read", ErrTooLarge, MaxPages)
	}
	p.next = next.String()
	return nil
}

// nextPage returns the URL of the page after the one at u whose document is doc and which held
// n records: its next link, or, for Primero's metadata {total, per, page}, the same URL with
// page+1 while page*per < total; nil after the last page.
func nextPage(doc map[string]any, u *url.URL, n int) (*url.URL, error) {
	link := ""
	look := func(m map[string]any) {
		for _, k := range []string{"next", "next_page", "nextPage", "@odata.nextLink"} {
			if s, ok := m[k].(string); ok && s != "" && link == "" {
				link = s
			}
		}
	}
	look(doc)
	for _, k := range []string{"links", "meta", "metadata", "pagination", "paging"} {
		if m, ok := doc[k].(map[string]any); ok {
			look(m)
		}
	}
	if link != "" {
		l, err := url.Parse(link)
		if err != nil {
			return nil, fmt.Errorf("%w: the next page's link is not a URL", ErrBrokenFile)
		}
		return u.ResolveReference(l), nil
	}
	// Primero: {"metadata": {"total": T, "per": P, "page": N}}.
	meta, ok := doc["metadata"].(map[string]any)
	if !ok {
		return nil, nil
	}
	num := func(k string) int {
		if v, ok := meta[k].(json.Number); ok {
			if i, err := v.Int64(); err == nil {
				return int(i)
			}
		}
		return 0
	}
	total, per, page := num("total"), num("per"), num("page")
	if per <= 0 || page <= 0 || page*per >= total || n == 0 {
		return nil, nil
	}
	next := *u
	q := next.Query()
	q.Set("page", strconv.Itoa(page+1))
	q.Set("per", strconv.Itoa(per))
	next.RawQuery = q.Encode()
	return &next, nil
}

// Read gives "[", every page's records separated by commas, then "]", fetching each page as
// the last one's records have been read.
func (p *pager) Read(b []byte) (int, error) {
	if !p.started {
		p.started = true
		return copy(b, "["), nil
	}
	for p.buf.Len() == 0 {
		if p.err != nil {
			return 0, p.err
		}
		if p.done {
			return 0, io.EOF
		}
		if p.next == "" {
			if p.total > 0 && p.records != p.total {
				p.err = fmt.Errorf("%w: the answer announced %d records, its %d pages held %d: read it again (records changed while it was read?)",
					ErrBrokenFile, p.total, p.pages, p.records)
				return 0, p.err
			}
			p.done = true
			return copy(b, "]"), nil
		}
		if p.err = p.fetchNext(); p.err != nil {
			return 0, p.err
		}
	}
	return p.buf.Read(b)
}

// fetchNext reads the next page.
func (p *pager) fetchNext() error {
	if err := p.ctx.Err(); err != nil {
		return err
	}
	body, err := p.fetch(p.ctx, p.next, p.left)
	if err != nil {
		return fmt.Errorf("page %d: %w", p.pages+1, err)
	}
	defer body.Close()
	raw, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("page %d: %w", p.pages+1, err)
	}
	p.left -= int64(len(raw))
	if body.final != p.next {
		p.moved = body.final
	}
	p.final = body.final
	at, err := url.Parse(body.final)
	if err != nil {
		return errors.New("not a valid URL")
	}
	if p.key == "" {
		records, err := readArray(raw)
		if err != nil {
			return fmt.Errorf("%w: page %d is not a page of the answer (%v)", ErrBrokenFile, p.pages+1, err)
		}
		return p.add(nil, records, at, body.next)
	}
	doc, records, key, err := readPage(raw)
	if err != nil || key != p.key {
		return fmt.Errorf("%w: page %d is not a page of the answer (no records under %q)", ErrBrokenFile, p.pages+1, p.key)
	}
	return p.add(doc, records, at, body.next)
}

func (p *pager) Close() error { return nil }

// Format is JSON: the pages' records, as one array.
func (p *pager) Format() Format { return JSON }

// FinalURL is, redacted, the URL given when every page answered from the URL asked for, else
// the last URL that answered for another (a redirect): the data came from there.
func (p *pager) FinalURL() string {
	if p.moved != "" {
		return RedactURL(p.moved)
	}
	return RedactURL(p.given.String())
}

// Notices says how the answer was read, and the URL of its last page (redacted).
func (p *pager) Notices() []string {
	s := fmt.Sprintf("a paged answer: %d records read from %d pages under %q, following its next links at its own origin", p.records, p.pages, p.key)
	if p.key == "" {
		s = fmt.Sprintf("a paged answer: %d records read from %d pages (JSON arrays), following the next links of their Link headers at its own origin", p.records, p.pages)
	}
	if p.total > 0 {
		s += fmt.Sprintf(" (it announced %d)", p.total)
	}
	return []string{s + "; the last page came from " + RedactURL(p.final)}
}

// bufferedBody is an HTTP body read through a buffer (some of it read ahead).
type bufferedBody struct {
	io.Reader
	*httpBody
}

func (b *bufferedBody) Read(p []byte) (int, error) { return b.Reader.Read(p) }
