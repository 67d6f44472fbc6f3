package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // DuckDB, the yardstick

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// cmdBench times the whole pipeline, exactly as "prevalence run" does it (ingest, linkage,
// anonymization, the protected tables, the Parquet release and the reports), against DuckDB
// copying the same files to Parquet while parsing the same columns with the same types. Each
// side runs in its own process, so that each has its own peak RSS; the two alternate (which
// goes first swaps every round) and the median of the rounds is printed, so that the ratio
// survives a noisy machine. DuckDB reads only synthetic, fictional data here.
func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "bench [--rows N] [--data csv|folder|both] [--runs N] [--dir DIR] [--k N] [--l N] [--cpuprofile FILE] [--memprofile FILE]")
	rows := fs.Int("rows", 1_000_000, "synthetic rows")
	data := fs.String("data", "both", "what to time: csv (one CSV in the canonical columns, no config), folder (synth's exports of cases and events, with its config) or both")
	runs := fs.Int("runs", 3, "rounds of the two sides, alternating; the median is printed")
	dir := fs.String("dir", "", "working folder (a temporary one when empty; removed afterwards)")
	k := fs.Int("k", 5, "k-anonymity")
	l := fs.Int("l", 0, "distinct l-diversity of --sensitive (0: off)")
	sensitive := fs.String("sensitive", "exploitation", "sensitive attribute for --l")
	duckSQL := fs.String("duckdb-copy", "", "internal: run the SQL statements in this file (one a line) in DuckDB and exit; the yardstick's side of one round, in its own process")
	var prof profiles
	prof.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *duckSQL != "" {
		n, err := duckdbCopy(ctx, *duckSQL)
		if err == nil {
			fmt.Fprintf(e.stdout, "copied %d rows\n", n)
		}
		return err
	}
	for _, c := range []struct {
		name   string
		v, min int
	}{{"rows", *rows, 1}, {"k", *k, 2}, {"l", *l, 0}, {"runs", *runs, 1}} {
		if err := atLeast(fs, c.name, c.v, c.min); err != nil {
			return err
		}
	}
	var kinds []string
	switch *data {
	case "csv", "folder":
		kinds = []string{*data}
	case "both":
		kinds = []string{"csv", "folder"}
	default:
		return usageErrorf("--data must be csv, folder or both, got %q", *data)
	}
	if *rows < 3 && slices.Contains(kinds, "folder") {
		return usageErrorf("--rows must be at least 3 for the folder (three exports)")
	}
	self, err := selfPath()
	if err != nil {
		return err
	}
	work := *dir
	if work == "" {
		d, err := os.MkdirTemp("", "prevalence-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		work = d
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	// A fresh linkage key, so that the run links people across sources as a real one does.
	key := make([]byte, 32)
	rand.Read(key)
	keyFile := filepath.Join(work, "linkage.key")
	if err := os.WriteFile(keyFile, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "machine: %s; %d rounds, alternating, median shown; peak RSS of each process (this one: %.0f MiB)\n", machine(), *runs, ownRSS())
	for _, kind := range kinds {
		b := benchCase{self: self, work: filepath.Join(work, kind), keyFile: keyFile, k: *k, runs: *runs}
		if err := b.prepare(ctx, kind, *rows, *l, *sensitive); err != nil {
			return err
		}
		if err := b.measure(ctx, e, prof); err != nil {
			return err
		}
	}
	return nil
}

// benchCase is one input set timed both ways.
type benchCase struct {
	self, work, keyFile string
	k, runs             int
	label               string
	runArgs             []string // the run's inputs and config
	sqlFile             string
	bytes               int64
}

// prepare writes the synthetic input, the run's config and DuckDB's statements.
// The data is written by a child process ("prevalence synth"), so that this process stays
// small: Linux counts the parent's peak RSS into a child's at exec.
func (b *benchCase) prepare(ctx context.Context, kind string, rows, l int, sensitive string) error {
	if err := os.MkdirAll(b.work, 0o755); err != nil {
		return err
	}
	start := time.Now()
	var copies []string
	var config string
	var gen sample // the synth child: its peak RSS is the data generation's
	var err error
	duck := func(name string) string { return lit(filepath.Join(b.work, "duckdb", name)) }
	switch kind {
	case "csv":
		p := filepath.Join(b.work, "cases.csv")
		if gen, err = timeChild(ctx, b.self, []string{"synth", "--quiet", "--canonical", "--rows", strconv.Itoa(rows), "--out", p}); err != nil {
			return err
		}
		b.runArgs = []string{"--input", p}
		b.bytes = fileSize(p)
		q, err := copyCSV(p, ',', "%Y-%m-%d", duck("cases.parquet"))
		if err != nil {
			return err
		}
		copies = append(copies, q)
		b.label = "one CSV in the canonical columns, no config"
	case "folder":
		in := filepath.Join(b.work, "exports")
		if gen, err = timeChild(ctx, b.self, []string{"synth", "--quiet", "--rows", strconv.Itoa(rows), "--out", in}); err != nil {
			return err
		}
		// Every file the run reads, the events after identification included.
		var paths []string
		for _, f := range []string{synth.AfghanFile, synth.IndianFile, synth.PoliceFile, synth.CambodianFile,
			synth.IndianEventsFile, synth.AfghanFollowUpFile, synth.CambodianCareFile, synth.ConfigFile} {
			paths = append(paths, filepath.Join(in, f))
		}
		config = filepath.Join(in, synth.ConfigFile)
		b.runArgs = []string{"--input", in, "--config", config}
		for _, p := range paths {
			if p != config {
				b.bytes += fileSize(p)
			}
			var q string
			var err error
			switch filepath.Base(p) {
			case synth.AfghanFile, synth.IndianEventsFile, synth.AfghanFollowUpFile:
				q, err = copyCSV(p, ',', "%Y-%m-%d", duck(filepath.Base(p)+".parquet"))
			case synth.IndianFile:
				q, err = copyCSV(p, ';', "%d/%m/%Y", duck(filepath.Base(p)+".parquet"))
			case synth.PoliceFile:
				q, err = copyCSV(p, ',', "%d-%m-%Y", duck(filepath.Base(p)+".parquet"))
			case synth.CambodianFile:
				q = copyJSON(p, cambodianColumns, duck(filepath.Base(p)+".parquet"))
			case synth.CambodianCareFile:
				q = copyJSON(p, cambodianCareColumns, duck(filepath.Base(p)+".parquet"))
			}
			if err != nil {
				return err
			}
			if q != "" {
				copies = append(copies, q)
			}
		}
		b.label = "synth's folder (three CSVs and an NDJSON of cases; two CSVs and an NDJSON of events after identification) with its config"
	}
	if l > 1 {
		if config == "" {
			config = filepath.Join(b.work, "prevalence.yaml")
			b.runArgs = append(b.runArgs, "--config", config)
		}
		f, err := os.OpenFile(config, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "\nl: %d\nsensitive: %s\n", l, sensitive)
		if err := f.Close(); err != nil {
			return err
		}
		b.label += fmt.Sprintf(", %d-diversity of %s", l, sensitive)
	}
	b.sqlFile = filepath.Join(b.work, "duckdb.sql")
	if err := os.WriteFile(b.sqlFile, []byte(strings.Join(copies, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	b.label = fmt.Sprintf("%d rows, %.0f MiB: %s (written in %.1fs, synth's peak RSS %.0f MiB)", rows, float64(b.bytes)/(1<<20), b.label, time.Since(start).Seconds(), gen.rss)
	return nil
}

// measure alternates the two sides b.runs times and prints the medians.
func (b *benchCase) measure(ctx context.Context, e *env, prof profiles) error {
	out := filepath.Join(b.work, "release")
	var ours, duck []sample
	for i := range b.runs {
		pipe := func() error {
			os.RemoveAll(out) // each round is a first release: no differencing guard
			args := append([]string{"run", "--quiet", "--out", out, "--key-file", b.keyFile, "--k", strconv.Itoa(b.k)}, b.runArgs...)
			if i == b.runs-1 { // the profiles are of the last round
				if prof.cpu != "" {
					args = append(args, "--cpuprofile", prof.cpu)
				}
				if prof.mem != "" {
					args = append(args, "--memprofile", prof.mem)
				}
			}
			s, err := timeChild(ctx, b.self, args)
			ours = append(ours, s)
			b.round(e, i, "pipeline", s)
			return err
		}
		yard := func() error {
			os.RemoveAll(filepath.Join(b.work, "duckdb"))
			if err := os.MkdirAll(filepath.Join(b.work, "duckdb"), 0o755); err != nil {
				return err
			}
			s, err := timeChild(ctx, b.self, []string{"bench", "--quiet", "--duckdb-copy", b.sqlFile})
			duck = append(duck, s)
			b.round(e, i, "duckdb", s)
			return err
		}
		first, second := pipe, yard
		if i%2 == 1 {
			first, second = yard, pipe
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
	}
	m, err := release.ReadManifest(out)
	if err != nil {
		return err
	}
	c := m.Counts
	// The yardstick must have parsed the rows: DuckDB skips a row it cannot parse (as the
	// pipeline quarantines it), so a column list that no longer fits the files would time
	// nothing but a scan.
	var copied int64
	fmt.Sscanf(duck[len(duck)-1].out, "copied %d rows", &copied)
	read := int64(c.Read)
	for _, ev := range m.Events {
		read += int64(ev.Rows)
	}
	if copied < read*9/10 {
		return fmt.Errorf("the yardstick copied %d rows of the %d the pipeline read: its columns no longer fit the files", copied, read)
	}
	o, d := median(ours), median(duck)
	fmt.Fprintf(e.stdout, "\n%s\n", b.label)
	fmt.Fprintf(e.stdout, "  pipeline (prevalence run): %6.2fs  CPU %6.2fs  peak RSS %5.0f MiB  rounds %s\n", o.wall.Seconds(), o.cpu.Seconds(), o.rss, walls(ours))
	fmt.Fprintf(e.stdout, "  duckdb COPY to parquet:    %6.2fs  CPU %6.2fs  peak RSS %5.0f MiB  rounds %s\n", d.wall.Seconds(), d.cpu.Seconds(), d.rss, walls(duck))
	fmt.Fprintf(e.stdout, "  ratio pipeline/duckdb:     %6.2f  (CPU time: %.2f)\n", o.wall.Seconds()/d.wall.Seconds(), o.cpu.Seconds()/d.cpu.Seconds())
	fmt.Fprintf(e.stdout, "  rows: the pipeline read %d (cases and events), DuckDB copied %d\n", read, copied)
	fmt.Fprintf(e.stdout, "  release: %d read, %d written, %d suppressed, %d quarantined, %d duplicates (%d linked); %s\n",
		c.Read, c.Written, c.Suppressed, c.Quarantined, c.Duplicates, c.Linked, m.Privacy.Model)
	return nil
}

// round logs one side of round i with --verbose, as it ends: a 10,000,000-row bench takes
// an hour on a loaded machine, and the load average says what a round's time is worth.
func (b *benchCase) round(e *env, i int, side string, s sample) {
	if !e.out.verbose {
		return
	}
	fmt.Fprintf(e.stderr, "%s round %d/%d %s: %.2fs CPU %.2fs peak RSS %.0f MiB; load average %s\n",
		filepath.Base(b.work), i+1, b.runs, side, s.wall.Seconds(), s.cpu.Seconds(), s.rss, loadAverage())
}

// loadAverage is the 1, 5 and 15-minute load average ("" where /proc/loadavg is missing).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// sample is one timed child process.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user and system, all threads
	rss  float64       // MiB
	out  string        // what it printed
}

// median returns the round with the median time, and the median peak RSS.
func median(s []sample) sample {
	t := slices.Clone(s)
	slices.SortFunc(t, func(a, b sample) int { return int(a.wall - b.wall) })
	rss := make([]float64, len(s))
	cpu := make([]time.Duration, len(s))
	for i, x := range s {
		rss[i], cpu[i] = x.rss, x.cpu
	}
	slices.Sort(rss)
	slices.Sort(cpu)
	return sample{wall: t[len(t)/2].wall, cpu: cpu[len(cpu)/2], rss: rss[len(rss)/2]}
}

func walls(s []sample) string {
	var p []string
	for _, x := range s {
		p = append(p, fmt.Sprintf("%.2f", x.wall.Seconds()))
	}
	return strings.Join(p, " ")
}

// timeChild runs self with args and returns its wall time and peak RSS. Its stderr is shown
// only when it fails.
func timeChild(ctx context.Context, self string, args []string) (sample, error) {
	cmd := exec.CommandContext(ctx, self, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	var stdout strings.Builder
	cmd.Stdout = &stdout
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), out: stdout.String()}
	if ps := cmd.ProcessState; ps != nil {
		s.rss = peakRSS(ps)
		s.cpu = ps.UserTime() + ps.SystemTime()
	}
	if err != nil {
		return s, fmt.Errorf("prevalence %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return s, nil
}

// selfPath is this program's path, as it was started (through PATH or not).
func selfPath() (string, error) {
	if p, err := exec.LookPath(os.Args[0]); err == nil {
		return filepath.Abs(p)
	}
	return os.Executable()
}

// duckdbCopy runs the statements in file, one a line, in an in-memory DuckDB, and returns the
// rows they copied.
func duckdbCopy(ctx context.Context, file string) (int64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var total int64
	for sc.Scan() {
		if q := strings.TrimSpace(sc.Text()); q != "" {
			res, err := db.ExecContext(ctx, q)
			if err != nil {
				return 0, err
			}
			if n, err := res.RowsAffected(); err == nil {
				total += n
			}
		}
	}
	return total, sc.Err()
}

// machine describes where the bench ran, for the figures it prints.
func machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimLeft(name, " \t:"))
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			if kb, err := strconv.ParseFloat(f[1], 64); err == nil {
				mem = fmt.Sprintf(", %.0f GiB", kb/(1<<20))
			}
		}
	}
	return strings.TrimSpace(fmt.Sprintf("%d cores %s%s", runtime.NumCPU(), model, mem))
}

// column is a name and a DuckDB type.
type column struct{ name, typ string }

// The columns of synth's exports, with the types the pipeline reads them as: DuckDB parses
// every one (dates as dates, flags as booleans, ages as integers), never one text column.
var (
	cambodianCareColumns = []column{{"id", "VARCHAR"},
		{"care_arrangements", "STRUCT(care_arrangement_started_date DATE, care_arrangement_end_date DATE, care_arrangements_type VARCHAR, province VARCHAR, end_reason VARCHAR)[]"},
		{"services", "STRUCT(service_implemented VARCHAR, service_implemented_day_time TIMESTAMP, service_type VARCHAR)[]"},
		{"followup", "STRUCT(followup_date DATE, followup_type VARCHAR, in_school BOOLEAN, retrafficked VARCHAR)[]"},
		{"legal_cases", "STRUCT(date DATE, stage VARCHAR, disposition VARCHAR)[]"}}
	cambodianColumns = []column{{"id", "VARCHAR"},
		{"person", "STRUCT(name STRUCT(given VARCHAR, family VARCHAR), sex VARCHAR, birth_date DATE, phone VARCHAR)"},
		{"registered", "DATE"}, {"updated", "DATE"}, {"origin", "STRUCT(country VARCHAR, province VARCHAR)"},
		{"exploitation", "STRUCT(country VARCHAR, province VARCHAR, types VARCHAR[], sector VARCHAR)"},
		{"recruiter", "VARCHAR"}, {"notes", "VARCHAR"}}
)

func columnsSQL(cols []column) string {
	var p []string
	for _, c := range cols {
		p = append(p, lit(c.name)+": "+lit(c.typ))
	}
	return "{" + strings.Join(p, ", ") + "}"
}

// copyCSV is DuckDB's statement copying a CSV to Parquet with its columns typed (csvColumns);
// rows it cannot parse are skipped, as the pipeline quarantines them.
func copyCSV(path string, delim rune, dateFormat, out string) (string, error) {
	cols, err := csvColumns(path, delim)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("COPY (SELECT * FROM read_csv(%s, header = true, delim = %s, quote = '\"', dateformat = %s, "+
		"ignore_errors = true, auto_detect = false, columns = %s)) TO %s (FORMAT parquet, COMPRESSION zstd)",
		lit(path), lit(string(delim)), lit(dateFormat), columnsSQL(cols), out), nil
}

// copyJSON is DuckDB's statement copying an NDJSON file to Parquet with the given columns.
func copyJSON(path string, cols []column, out string) string {
	return fmt.Sprintf("COPY (SELECT * FROM read_json(%s, format = 'newline_delimited', ignore_errors = true, "+
		"dateformat = '%%Y-%%m-%%d', columns = %s)) TO %s (FORMAT parquet, COMPRESSION zstd)", lit(path), columnsSQL(cols), out)
}

// csvColumns are the columns of the CSV at path, from its header, with the types the pipeline
// reads them as: dates as dates (date_of_birth, placement_1_start, followup_2_date, ...),
// flags as booleans, ages as integers, the rest as text. Read from the header so that DuckDB
// parses the file whatever columns synth writes (a fixed list that no longer fits makes
// DuckDB skip every row as an error).
func csvColumns(path string, delim rune) ([]column, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = delim
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %v", path, err)
	}
	var cols []column
	for _, h := range header {
		n := strings.ToLower(strings.ReplaceAll(h, " ", "_"))
		t := "VARCHAR"
		switch {
		case n == "date_of_birth" || n == "registration_date" || n == "updated_at" || n == "date_of_rescue" || n == "date" || n == "end_date" ||
			strings.HasSuffix(n, "_start") || strings.HasSuffix(n, "_end") || strings.HasSuffix(n, "_date"):
			t = "DATE"
		case strings.HasPrefix(n, "is_") || n == "in_school" || strings.HasSuffix(n, "_in_school"):
			t = "BOOLEAN"
		case n == "age":
			t = "INTEGER"
		}
		cols = append(cols, column{h, t})
	}
	return cols, nil
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
