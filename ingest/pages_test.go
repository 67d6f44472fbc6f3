package ingest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// pagedServer answers n records in pages of per, in the layout given: "link" (Ona and KoboCAT
// v1: a bare JSON array, page and page_size, the next page in the Link header), "drf" (Django REST
// framework and KoboToolbox: count, next, previous, results; next links absolute, with
// limit and start), "primero" (data, metadata total, per, page; no link) or "jsonapi"
// (data, links.next relative). next, when set, replaces the link of the first page. Requests
// without the token are counted in unauthed.
type pagedServer struct {
	layout   string
	n, per   int
	count    int // the total announced; n when 0
	next     func(srv *httptest.Server) string
	unauthed atomic.Int32
	requests atomic.Int32
	block    chan struct{} // when set, pages after the first wait for it or the request's end
	ctype    string        // the answers' Content-Type; application/json when ""
}

func (p *pagedServer) handler(srv **httptest.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		p.requests.Add(1)
		if req.Header.Get("Authorization") != "Bearer s3cret-token" {
			p.unauthed.Add(1)
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		q := req.URL.Query()
		if req.URL.Path == "/hop" { // a redirect within the origin
			http.Redirect(w, req, "/moved.json?"+req.URL.RawQuery, http.StatusFound)
			return
		}
		start := 0
		switch p.layout {
		case "primero", "link":
			page, _ := strconv.Atoi(q.Get("page"))
			start = max(page-1, 0) * p.per
		default:
			start, _ = strconv.Atoi(q.Get("start"))
		}
		if start > 0 && p.block != nil {
			select {
			case <-p.block:
			case <-req.Context().Done():
				return
			}
		}
		var recs []map[string]any
		for i := start; i < min(start+p.per, p.n); i++ {
			g := []string{"female", "male"}[i%2]
			recs = append(recs, map[string]any{"case_id": fmt.Sprintf("P-%03d", i+1), "gender": g, "age": 10 + i%8})
		}
		count := p.count
		if count == 0 {
			count = p.n
		}
		next := ""
		if start+p.per < p.n {
			next = fmt.Sprintf("%s%s?limit=%d&start=%d&token=tok", (*srv).URL, req.URL.Path, p.per, start+p.per)
			if p.layout == "jsonapi" {
				next = fmt.Sprintf("%s?limit=%d&start=%d", req.URL.Path, p.per, start+p.per)
			}
		}
		if start == 0 && p.next != nil {
			next = p.next(*srv)
		}
		var doc any
		switch p.layout {
		case "link":
			page, _ := strconv.Atoi(q.Get("page"))
			links := []string{fmt.Sprintf(`<%s%s?page=1&page_size=%d>; rel="first"`, (*srv).URL, req.URL.Path, p.per)}
			if start+p.per < p.n {
				links = append(links, fmt.Sprintf(`<%s%s?page=%d&page_size=%d>; rel="next"`, (*srv).URL, req.URL.Path, max(page, 1)+1, p.per))
			}
			if page > 1 {
				links = append(links, fmt.Sprintf(`<%s?page=%d&page_size=%d>; rel="prev"`, req.URL.Path, page-1, p.per))
			}
			if start == 0 && p.next != nil {
				links = []string{p.next(*srv)}
			}
			w.Header().Set("Link", strings.Join(links, ", "))
			if recs == nil {
				recs = []map[string]any{}
			}
			doc = recs
		case "primero":
			page, _ := strconv.Atoi(q.Get("page"))
			doc = map[string]any{"data": recs, "metadata": map[string]any{"total": count, "per": p.per, "page": max(page, 1)}}
		case "jsonapi":
			doc = map[string]any{"data": recs, "links": map[string]any{"next": next}, "meta": map[string]any{"total": count}}
		default:
			var nx any
			if next != "" {
				nx = next
			}
			doc = map[string]any{"count": count, "next": nx, "previous": nil, "results": recs}
		}
		w.Header().Set("Content-Type", cmp.Or(p.ctype, "application/json"))
		json.NewEncoder(w).Encode(doc)
	})
}

// TestLinkNext reads RFC 8288 Link headers for the rel="next" target.
func TestLinkNext(t *testing.T) {
	for _, c := range []struct {
		values []string
		want   string
	}{
		{[]string{`<https://h/api/v1/data/1?page=2&page_size=20>; rel="next"`}, "https://h/api/v1/data/1?page=2&page_size=20"},
		{[]string{`<https://h/x?page=1>; rel="prev", <https://h/x?page=3>; rel="next", <https://h/x?page=9>; rel="last"`}, "https://h/x?page=3"},
		{[]string{`<https://h/x?page=9>; rel="last"`, `</x?page=2>; REL=next; title="more"`}, "/x?page=2"},
		{[]string{`<https://h/x?page=2>; title="a, b"; rel="next last"`}, "https://h/x?page=2"},
		{[]string{`<https://h/x?page=1>; rel="first"`}, ""},
		{[]string{`<https://h/x?a=b,c>; rel="nextpage"`}, ""},
		{nil, ""},
		{[]string{`garbage`}, ""},
	} {
		if got := linkNext(c.values); got != c.want {
			t.Errorf("linkNext(%q) = %q, want %q", c.values, got, c.want)
		}
	}
}

// TestHTMLAnswerRefused: a login page (an expired token redirected to /accounts/login/,
// status 200) is refused as an HTML page, not read as malformed data.
func TestHTMLAnswerRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/accounts/login/" {
			http.Redirect(w, req, "/accounts/login/?next=/api/v2/assets/aX/data.json", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!DOCTYPE html><html><body><form>Username</form></body></html>")
	}))
	defer srv.Close()
	_, err := Open(context.Background(), srv.URL+"/api/v2/assets/aX/data.json", nil)
	if err == nil || !strings.Contains(err.Error(), "the server answered an HTML page after a redirect, not data (a login page? check the token and the URL)") {
		t.Errorf("error %v, want the HTML page named", err)
	}
}

// TestLinkHeaderOnCSV: a CSV answer whose Link header names a next page is refused: only JSON
// pages are followed, and one page read alone would lose the rest silently.
func TestLinkHeaderOnCSV(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Link", "<"+srv.URL+`/cases.csv?page=2>; rel="next"`)
		io.WriteString(w, "case_id,gender,age\nA-1,female,12\n")
	}))
	defer srv.Close()
	_, err := Open(context.Background(), srv.URL+"/cases.csv?page=1", nil)
	if err == nil || !strings.Contains(err.Error(), "Link header names a next page") {
		t.Errorf("error %v, want the Link header's next page named", err)
	}
}

func (p *pagedServer) start(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	srv = httptest.NewServer(p.handler(&srv))
	t.Cleanup(srv.Close)
	return srv
}

// TestPagedAnswers: a paged answer (KoboToolbox/DRF, Primero, JSON:API) is followed page by
// page with the token, every record counted; a next link to another origin (another host, or
// another port of the same host) is refused and gets no request at all; a short or looping
// answer, and one of more pages than MaxPages, are refused; a run is cancelled between pages.
func TestPagedAnswers(t *testing.T) {
	t.Setenv("PREVALENCE_TEST_TOKEN", "s3cret-token")
	m := &Mapping{TokenEnv: "PREVALENCE_TEST_TOKEN"}
	// "link text/json": Ona's Link-paged array under text/json, an older JSON type some servers
	// still send, and a URL without an extension (was refused as one page of something else).
	for _, layout := range []string{"drf", "primero", "jsonapi", "link", "link text/json"} {
		t.Run(layout, func(t *testing.T) {
			ps := &pagedServer{layout: layout, n: 80, per: 30}
			if l, ct, ok := strings.Cut(layout, " "); ok {
				ps.layout, ps.ctype = l, ct
			}
			srv := ps.start(t)
			u := srv.URL + "/api/v2/assets/aX/data.json?format=json"
			switch layout {
			case "link text/json":
				u = srv.URL + "/api/v1/data/123?page=1&page_size=30"
			case "primero":
				u = srv.URL + "/api/v2/cases?per=30"
			case "link":
				u = srv.URL + "/api/v1/data/123?page=1&page_size=30"
			}
			rc, err := Open(context.Background(), u, m)
			if err != nil {
				t.Fatal(err)
			}
			r := NewReader(u, rc)
			r.Mapping, r.Now = m, testNow
			valid := 0
			for {
				rec, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				valid += int(rec.NumRows())
				rec.Release()
			}
			rc.Close()
			if r.Rows() != 80 || valid != 80 {
				t.Errorf("read %d rows (%d valid), want the 80 records of 3 pages", r.Rows(), valid)
			}
			if ps.requests.Load() != 3 || ps.unauthed.Load() != 0 {
				t.Errorf("%d requests, %d without the token; want 3 with it", ps.requests.Load(), ps.unauthed.Load())
			}
			notes := rc.(interface{ Notices() []string }).Notices()
			if len(notes) != 1 || !strings.Contains(notes[0], "80 records read from 3 pages") {
				t.Errorf("notices %q", notes)
			}
			if final := rc.(interface{ FinalURL() string }).FinalURL(); final != RedactURL(u) {
				t.Errorf("final URL %q: want the URL given, redacted (no page was redirected)", final)
			}
			if !strings.Contains(notes[0], "the last page came from "+srv.URL) || strings.Contains(notes[0], "start=") || strings.Contains(notes[0], "page=") {
				t.Errorf("notice %q: want the last page's URL, redacted", notes[0])
			}
		})
	}

	refused := func(t *testing.T, ps *pagedServer, want string) {
		t.Helper()
		srv := ps.start(t)
		_, _, err := readURL(t, srv.URL+"/data.json", m)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
		if strings.Contains(fmt.Sprint(err), "token=tok") {
			t.Errorf("the error shows the link's query: %v", err)
		}
	}
	t.Run("next at another host", func(t *testing.T) {
		other := &pagedServer{layout: "drf", n: 80, per: 30}
		osrv := other.start(t)
		refused(t, &pagedServer{layout: "drf", n: 80, per: 30, next: func(*httptest.Server) string {
			return strings.Replace(osrv.URL, "127.0.0.1", "localhost", 1) + "/data.json?start=30&token=tok"
		}}, "another origin")
		if other.requests.Load() != 0 {
			t.Errorf("the other origin got %d requests", other.requests.Load())
		}
	})
	t.Run("next at another port of the same host", func(t *testing.T) {
		other := &pagedServer{layout: "drf", n: 80, per: 30}
		osrv := other.start(t)
		refused(t, &pagedServer{layout: "drf", n: 80, per: 30, next: func(*httptest.Server) string {
			return osrv.URL + "/data.json?start=30"
		}}, "another origin")
		if other.requests.Load() != 0 {
			t.Errorf("the other port got %d requests (the token with them)", other.requests.Load())
		}
	})
	t.Run("next over http from https-like scheme change", func(t *testing.T) {
		refused(t, &pagedServer{layout: "drf", n: 80, per: 30, next: func(s *httptest.Server) string {
			return strings.Replace(s.URL, "http://", "https://", 1) + "/data.json?start=30"
		}}, "another origin")
	})
	t.Run("a page redirected within the origin", func(t *testing.T) {
		ps := &pagedServer{layout: "drf", n: 80, per: 30, next: func(s *httptest.Server) string {
			return s.URL + "/hop?limit=30&start=30"
		}}
		srv := ps.start(t)
		rc, err := Open(context.Background(), srv.URL+"/data.json", m)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
		if final := rc.(interface{ FinalURL() string }).FinalURL(); final != srv.URL+"/moved.json?…" {
			t.Errorf("final URL %q, want the redirect's, redacted", final)
		}
		if ps.unauthed.Load() != 0 {
			t.Errorf("%d requests without the token", ps.unauthed.Load())
		}
	})
	t.Run("Link header's next at another origin", func(t *testing.T) {
		other := &pagedServer{layout: "link", n: 80, per: 30}
		osrv := other.start(t)
		refused(t, &pagedServer{layout: "link", n: 80, per: 30, next: func(*httptest.Server) string {
			return "<" + osrv.URL + `/data.json?page=2&token=tok>; rel="next"`
		}}, "another origin")
		if other.requests.Load() != 0 {
			t.Errorf("the other origin got %d requests", other.requests.Load())
		}
	})
	t.Run("Link header's next looping", func(t *testing.T) {
		refused(t, &pagedServer{layout: "link", n: 80, per: 30, next: func(s *httptest.Server) string {
			return "<" + s.URL + `/data.json>; rel="next"`
		}}, "loop")
	})
	t.Run("fewer records than announced", func(t *testing.T) {
		refused(t, &pagedServer{layout: "drf", n: 80, per: 30, count: 95}, "announced 95 records, its 3 pages held 80")
	})
	t.Run("a page that links to itself", func(t *testing.T) {
		refused(t, &pagedServer{layout: "drf", n: 80, per: 30, next: func(s *httptest.Server) string {
			return s.URL + "/data.json"
		}}, "loop")
	})
	t.Run("more pages than MaxPages", func(t *testing.T) {
		old := MaxPages
		MaxPages = 2
		t.Cleanup(func() { MaxPages = old })
		ps := &pagedServer{layout: "drf", n: 80, per: 30}
		refused(t, ps, "more than 2 pages")
	})
	t.Run("a page with no link and more announced", func(t *testing.T) {
		refused(t, &pagedServer{layout: "jsonapi", n: 80, per: 30, next: func(*httptest.Server) string { return "" }},
			"no link to the next page")
	})
	t.Run("cancelled between pages", func(t *testing.T) {
		ps := &pagedServer{layout: "drf", n: 80, per: 30, block: make(chan struct{})}
		defer close(ps.block)
		srv := ps.start(t)
		ctx, cancel := context.WithCancel(context.Background())
		rc, err := Open(ctx, srv.URL+"/data.json", m)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		done := make(chan error, 1)
		go func() {
			_, err := io.Copy(io.Discard, rc)
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a cancelled read of a paged answer did not stop")
		}
	})
	t.Run("one page holding the whole answer", func(t *testing.T) {
		ps := &pagedServer{layout: "drf", n: 20, per: 30}
		srv := ps.start(t)
		valid, r, err := readURL(t, srv.URL+"/data.json", m)
		if err != nil || valid != 20 || r.Rows() != 20 {
			t.Fatalf("%d valid of %d rows, %v; want the 20 records", valid, r.Rows(), err)
		}
		if len(r.Notices()) == 0 || !strings.Contains(r.Notices()[0], `"results" field (20)`) {
			t.Errorf("notices %q", r.Notices())
		}
	})
}
