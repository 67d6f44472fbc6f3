package ingest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const httpCSV = "case_id,gender,age\nH-1,female,12\nH-2,male,x\n"

// readURL opens u with m and reads it like the pipeline does.
func readURL(t *testing.T, u string, m *Mapping) (valid int, r *Reader, err error) {
	t.Helper()
	rc, err := Open(context.Background(), u, m)
	if err != nil {
		return 0, nil, err
	}
	defer rc.Close()
	r = NewReader(u, rc)
	r.Mapping, r.Now = m, testNow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return valid, r, nil
		}
		if err != nil {
			return valid, r, err
		}
		valid += int(rec.NumRows())
		rec.Release()
	}
}

func fastRetries(t *testing.T) {
	old := HTTPBackoff
	HTTPBackoff = time.Millisecond
	t.Cleanup(func() { HTTPBackoff = old })
}

func TestOpenURLRetriesAndToken(t *testing.T) {
	fastRetries(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("Authorization") != "Bearer s3cret-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if calls.Add(1) < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		io.WriteString(w, httpCSV)
	}))
	defer srv.Close()
	t.Setenv("PREVALENCE_TEST_TOKEN", "s3cret-token")
	m := &Mapping{TokenEnv: "PREVALENCE_TEST_TOKEN"}
	// No extension: the format comes from the Content-Type.
	valid, r, err := readURL(t, srv.URL+"/api/cases?token=abc", m)
	if err != nil {
		t.Fatal(err)
	}
	if valid != 1 || r.Rows() != 2 || len(r.Rejected()) != 1 || calls.Load() != 3 {
		t.Fatalf("valid %d rows %d rejected %d calls %d", valid, r.Rows(), len(r.Rejected()), calls.Load())
	}
	if f := r.Rejected()[0].File; strings.Contains(f, "abc") || strings.Contains(f, "token") {
		t.Errorf("rejection names the URL with its query: %s", f)
	}
}

func TestOpenURLFailures(t *testing.T) {
	fastRetries(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		calls.Add(1)
		switch req.URL.Path {
		case "/missing.csv":
			w.WriteHeader(http.StatusNotFound)
		case "/down.csv":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/big.ndjson":
			for range 1000 {
				io.WriteString(w, `{"case_id":"B","gender":"female"}`+"\n")
			}
		case "/slow.csv":
			time.Sleep(300 * time.Millisecond)
			io.WriteString(w, httpCSV)
		}
	}))
	defer srv.Close()
	t.Setenv("PREVALENCE_TEST_TOKEN", "s3cret-token")
	var pe *ParseError

	calls.Store(0)
	_, _, err := readURL(t, srv.URL+"/missing.csv", nil)
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "404") || calls.Load() != 1 {
		t.Errorf("404: want one try and a *ParseError, got %v after %d", err, calls.Load())
	}
	calls.Store(0)
	_, _, err = readURL(t, srv.URL+"/down.csv", nil)
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "503") || int(calls.Load()) != HTTPAttempts {
		t.Errorf("503: want %d tries and a *ParseError, got %v after %d", HTTPAttempts, err, calls.Load())
	}
	_, _, err = readURL(t, srv.URL+"/big.ndjson", &Mapping{MaxBytes: 4096})
	if !errors.As(err, &pe) || !errors.Is(err, ErrTooLarge) {
		t.Errorf("size cap: want ErrTooLarge in a *ParseError, got %v", err)
	}
	_, _, err = readURL(t, srv.URL+"/x.csv", &Mapping{TokenEnv: "PREVALENCE_TEST_NO_SUCH_VAR"})
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "PREVALENCE_TEST_NO_SUCH_VAR") {
		t.Errorf("missing token: got %v", err)
	}
	// The tries are counted at the client: on a loaded machine a try can time out before the
	// server's handler runs, so the server's count may fall short.
	old, oldRT := HTTPTimeout, httpClient.Transport
	var tries atomic.Int32
	HTTPTimeout = 50 * time.Millisecond
	httpClient.Transport = countTries{oldRT, &tries}
	_, _, err = readURL(t, srv.URL+"/slow.csv", nil)
	HTTPTimeout, httpClient.Transport = old, oldRT
	if !errors.As(err, &pe) || int(tries.Load()) != HTTPAttempts {
		t.Errorf("timeout: want %d tries and a *ParseError, got %v after %d", HTTPAttempts, err, tries.Load())
	}
	if err != nil && strings.Contains(err.Error(), "s3cret") {
		t.Errorf("an error shows the token: %v", err)
	}
}

func TestOpenFile(t *testing.T) {
	rc, err := Open(context.Background(), "testdata/read/tsv/input.tsv", nil)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	_, err = Open(context.Background(), "testdata/read/no-such-file.csv", nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "testdata/read/no-such-file.csv" {
		t.Errorf("want *ParseError naming the file, got %v", err)
	}
}

// TestTokenOnlyToItsOrigin: a redirect to the same host on another port, or to http, gets no
// bearer token (net/http's own rule compares host names only); a redirect within the origin
// keeps it. The URL that answered is known, redacted.
func TestTokenOnlyToItsOrigin(t *testing.T) {
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("Authorization") != "" {
			leaked.Add(1)
		}
		w.Header().Set("Content-Type", "text/csv")
		io.WriteString(w, httpCSV)
	}))
	defer other.Close()
	var authed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("Authorization") == "Bearer s3cret-token" {
			authed.Add(1)
		}
		switch req.URL.Path {
		case "/away":
			// Same host (127.0.0.1), another port.
			http.Redirect(w, req, other.URL+"/cases?key=k", http.StatusFound)
		case "/within":
			http.Redirect(w, req, "/data", http.StatusFound)
		default:
			w.Header().Set("Content-Type", "text/csv")
			io.WriteString(w, httpCSV)
		}
	}))
	defer srv.Close()
	t.Setenv("PREVALENCE_TEST_TOKEN", "s3cret-token")
	m := &Mapping{TokenEnv: "PREVALENCE_TEST_TOKEN"}

	rc, err := Open(context.Background(), srv.URL+"/away", m)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, rc)
	rc.Close()
	if leaked.Load() != 0 {
		t.Error("the token went to another port of the same host")
	}
	final := rc.(interface{ FinalURL() string }).FinalURL()
	if !strings.HasPrefix(final, other.URL+"/cases") || strings.Contains(final, "key=k") {
		t.Errorf("final URL %q, want %s/cases without its query", final, other.URL)
	}

	authed.Store(0)
	rc, err = Open(context.Background(), srv.URL+"/within", m)
	if err != nil {
		t.Fatal(err)
	}
	rc.Close()
	if authed.Load() != 2 {
		t.Errorf("the token reached %d of the 2 requests within its origin", authed.Load())
	}
	for _, tc := range [][2]string{
		{"https://a.example.org/x", "https://a.example.org:443/y"},
		{"HTTP://A.example.org/x", "http://a.example.org:80/"},
	} {
		a, _ := url.Parse(tc[0])
		b, _ := url.Parse(tc[1])
		if origin(a) != origin(b) {
			t.Errorf("%s and %s are one origin", tc[0], tc[1])
		}
	}
	for _, tc := range [][2]string{
		{"https://a.example.org/x", "http://a.example.org/x"},
		{"https://a.example.org/x", "https://a.example.org:8443/x"},
		{"https://a.example.org/x", "https://b.a.example.org/x"},
	} {
		a, _ := url.Parse(tc[0])
		b, _ := url.Parse(tc[1])
		if origin(a) == origin(b) {
			t.Errorf("%s and %s are not one origin", tc[0], tc[1])
		}
	}
}

// countTries counts the requests a client makes.
type countTries struct {
	rt http.RoundTripper
	n  *atomic.Int32
}

func (c countTries) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}
