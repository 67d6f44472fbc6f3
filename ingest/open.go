package ingest

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// DefaultMaxBytes caps an http(s) response, and an XLSX or Parquet input (read into memory),
// when the mapping sets no MaxBytes.
const DefaultMaxBytes = 1 << 30

// HTTP pulls: how long to wait, and how often to try.
var (
	// HTTPAttempts is the number of tries of a pull that fails with a 5xx status, 429, a
	// timeout or a broken connection; 4xx other than 429 fail at once.
	HTTPAttempts = 4
	// HTTPBackoff is the wait before the second try; it doubles for each further one.
	HTTPBackoff = 500 * time.Millisecond
	// HTTPTimeout bounds one whole try, body included.
	HTTPTimeout = 10 * time.Minute
)

// httpHeaderTimeout bounds the wait for a response's headers.
const httpHeaderTimeout = 60 * time.Second

var httpClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   30 * time.Second,
		ResponseHeaderTimeout: httpHeaderTimeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       90 * time.Second,
	},
	// net/http keeps the Authorization header on a redirect to the same host whatever the port
	// or scheme; the token goes only to the exact origin of the URL it was given for.
	CheckRedirect: keepTokenToOrigin,
}

// keepTokenToOrigin drops the Authorization header from a redirect to another origin
// (scheme, host or port), and stops after 10 redirects as net/http does.
func keepTokenToOrigin(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if origin(req.URL) != origin(via[0].URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

// origin is a URL's scheme, host and port (the default port spelled out).
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// IsURL reports whether name is an http(s) URL rather than a path.
func IsURL(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Open opens an input by name: a file path, or an http:// or https:// URL pulled with a GET.
// For a URL, the mapping's TokenEnv names the environment variable holding a bearer token (the
// token is sent, never logged or put in an error), MaxBytes caps the response
// (DefaultMaxBytes when zero), and a 5xx, 429, timeout or broken connection is retried
// HTTPAttempts times with exponential backoff. The returned ReadCloser of a URL also has a
// Format method giving the format its Content-Type names ("" when none), which a Reader uses when
// the URL has no file extension. Every failure is a *ParseError naming the input (a URL without
// its query and credentials).
func Open(ctx context.Context, name string, m *Mapping) (io.ReadCloser, error) {
	if !IsURL(name) {
		return openFile(name)
	}
	fail := func(err error) error { return &ParseError{File: RedactURL(name), Err: err} }
	token := ""
	limit := int64(DefaultMaxBytes)
	if m != nil {
		if m.TokenEnv != "" {
			token = os.Getenv(m.TokenEnv)
			if token == "" {
				return nil, fail(fmt.Errorf("environment variable %s (token_env) is not set", m.TokenEnv))
			}
		}
		if m.MaxBytes > 0 {
			limit = m.MaxBytes
		}
	}
	pull := func(ctx context.Context, u string, limit int64) (*httpBody, error) {
		var lastErr error
		wait := HTTPBackoff
		for attempt := 1; attempt <= max(1, HTTPAttempts); attempt++ {
			if attempt > 1 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				wait *= 2
			}
			body, retry, err := get(ctx, u, token, limit)
			if err == nil {
				return body, nil
			}
			lastErr = err
			if !retry || ctx.Err() != nil {
				break
			}
		}
		return nil, lastErr
	}
	body, err := pull(ctx, name, limit)
	if err != nil {
		return nil, fail(err)
	}
	f := FormatOf(name)
	if f == JSON || (f == "" && body.format == JSON) {
		// A paged answer is followed page by page (see pager).
		rc, err := maybePages(ctx, body, name, limit, pull)
		if err != nil {
			body.Close()
			return nil, fail(err)
		}
		return rc, nil
	}
	if body.next != "" {
		// Only JSON pages are followed: a CSV or workbook page read alone would lose the rest.
		body.Close()
		return nil, fail(fmt.Errorf("%w: the answer is one page (its Link header names a next page) and only JSON answers are read page by page: "+
			"ask for JSON, or export every record", ErrBrokenFile))
	}
	return body, nil
}

// get makes one try; retry says whether another may succeed.
func get(ctx context.Context, u, token string, limit int64) (*httpBody, bool, error) {
	tctx, cancel := context.WithTimeout(ctx, HTTPTimeout)
	req, err := http.NewRequestWithContext(tctx, http.MethodGet, u, nil)
	if err != nil {
		cancel()
		return nil, false, errors.New("not a valid URL")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "text/csv, application/json, application/x-ndjson, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, */*")
	resp, err := httpClient.Do(req)
	if err != nil {
		cancel()
		// Do's error repeats the URL; say only what went wrong.
		var ne net.Error
		switch {
		case errors.As(err, &ne) && ne.Timeout():
			return nil, true, errors.New("timed out")
		case ctx.Err() != nil:
			return nil, false, ctx.Err()
		}
		return nil, true, errors.New("connection failed")
	}
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		cancel()
		retry := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
		return nil, retry, fmt.Errorf("HTTP status %d", resp.StatusCode)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "text/html" || mt == "application/xhtml+xml" {
		// An expired token often gets a login page (KoboToolbox redirects to /accounts/login/)
		// with status 200: not data, and "malformed JSON at byte 1" would not say why.
		resp.Body.Close()
		cancel()
		moved := ""
		if resp.Request.URL.String() != u {
			moved = " after a redirect"
		}
		return nil, false, fmt.Errorf("the server answered an HTML page%s, not data (a login page? check the token and the URL)", moved)
	}
	if resp.ContentLength > limit {
		resp.Body.Close()
		cancel()
		return nil, false, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	return &httpBody{body: resp.Body, cancel: cancel, left: limit, format: formatOfContentType(resp.Header.Get("Content-Type")),
		final: resp.Request.URL.String(), next: linkNext(resp.Header.Values("Link"))}, false, nil
}

// httpBody is a response body with a size cap; reading past the cap fails with ErrTooLarge.
type httpBody struct {
	body   io.ReadCloser
	cancel context.CancelFunc
	left   int64
	format Format
	final  string // the URL answered, after redirects
	next   string // the target of the response's Link header rel="next" (RFC 8288), unresolved; "" when none
}

// FinalURL is the URL that answered, after redirects, redacted (see RedactURL): the data came
// from there, which the manifest records when it is not the URL given.
func (b *httpBody) FinalURL() string { return RedactURL(b.final) }

func (b *httpBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, ErrTooLarge
	}
	if err != nil && err != io.EOF {
		err = errors.New("connection lost while reading")
	}
	return n, err
}

func (b *httpBody) Close() error {
	err := b.body.Close()
	b.cancel()
	return err
}

// Format is the format the response's Content-Type names, "" when none.
func (b *httpBody) Format() Format { return b.format }

func formatOfContentType(ct string) Format {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ""
	}
	switch mt {
	case "text/csv", "application/csv":
		return CSV
	case "text/tab-separated-values":
		return TSV
	case "application/json", "text/json", "application/x-json", "text/x-json":
		// text/json and the x- types: older names some servers still send.
		return JSON
	case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines":
		return NDJSON
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return XLSX
	case "application/vnd.apache.parquet", "application/x-parquet":
		return Parquet
	}
	if strings.HasSuffix(mt, "+json") { // application/vnd.api+json (JSON:API), application/hal+json
		return JSON
	}
	return ""
}

// RedactURL returns name without the credentials and query of a URL (which may carry tokens),
// for messages; a path comes back as it is.
func RedactURL(name string) string {
	if !IsURL(name) {
		return name
	}
	u, err := url.Parse(name)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment = ""
	return u.String()
}

// ErrNotRegular is returned for an input that is not a regular file: a FIFO with no writer
// would block the run beyond Ctrl-C, and a device (/dev/zero) never ends.
var ErrNotRegular = errors.New("not a regular file (a pipe, device or socket): save the export to a file")

// openFile opens a regular file; a name ending in .gz (any case) is read through gzip, so the
// hash a caller takes of what it reads is that of the content.
func openFile(name string) (io.ReadCloser, error) {
	fail := func(err error) error {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return &ParseError{File: name, Err: err}
	}
	// Stat first, and open without blocking: opening a FIFO waits for a writer.
	if st, err := os.Stat(name); err != nil {
		return nil, fail(err)
	} else if !st.Mode().IsRegular() {
		return nil, fail(ErrNotRegular)
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fail(err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() { // replaced in between
		f.Close()
		return nil, fail(ErrNotRegular)
	}
	if !strings.EqualFold(filepath.Ext(strings.TrimRight(name, " ")), ".gz") {
		return f, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fail(fmt.Errorf("%w: not a gzip file", ErrBrokenFile))
	}
	return &gzipFile{Reader: zr, f: f}, nil
}

// gzipFile reads a gzip file's content and closes the file with it.
type gzipFile struct {
	*gzip.Reader
	f *os.File
}

func (g *gzipFile) Close() error {
	g.Reader.Close()
	return g.f.Close()
}
