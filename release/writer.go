package release

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/gofrs/flock"
)

// CasesFile is the path, relative to the release folder, of the cases Parquet file.
const CasesFile = "cases/part-00000.parquet"

// Writer writes one release. Files go into a temporary folder beside the target; Commit moves
// it into place, Abort removes it. Files are owner-only unless Perm says otherwise.
type Writer struct {
	// FilePerm is the mode of written files (0o600 by default); folders get the matching
	// execute bits.
	FilePerm os.FileMode

	dir, tmp string
	lock     *flock.Flock
	pw       *pqarrow.FileWriter
	rows     int
	outputs  []Output
}

// ErrBusy is returned when another run is writing the same release.
var ErrBusy = errors.New("another run is writing this release")

// Create starts a release that will live at dir. It holds a lock (DIR.lock) until Commit or
// Abort, and removes what killed runs left behind (DIR.tmp-*): their files are never part of a
// release.
func Create(dir string) (*Writer, error) {
	dir = filepath.Clean(dir)
	var nonce [6]byte
	rand.Read(nonce[:])
	w := &Writer{FilePerm: 0o600, dir: dir, tmp: fmt.Sprintf("%s.tmp-%s", dir, hex.EncodeToString(nonce[:]))}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	// gofrs/flock: flock(2) on Unix, LockFileEx on Windows; released when the process dies.
	lock := flock.New(dir+".lock", flock.SetPermissions(0o600))
	if ok, err := lock.TryLock(); err != nil {
		return nil, fmt.Errorf("%s: locking: %w", dir, err)
	} else if !ok {
		return nil, fmt.Errorf("%s: %w", dir, ErrBusy)
	}
	w.lock = lock
	stale, _ := filepath.Glob(dir + ".tmp-*")
	for _, s := range stale {
		os.RemoveAll(s)
	}
	if err := os.Mkdir(w.tmp, w.dirPerm()); err != nil {
		w.unlock()
		return nil, err
	}
	return w, nil
}

func (w *Writer) unlock() {
	if w.lock != nil {
		w.lock.Close() // releases the lock
		w.lock = nil
	}
}

func (w *Writer) dirPerm() os.FileMode {
	p := w.FilePerm | 0o700
	if p&0o040 != 0 {
		p |= 0o010
	}
	if p&0o004 != 0 {
		p |= 0o001
	}
	return p
}

// Dir returns the folder being written (the temporary one until Commit).
func (w *Writer) Dir() string { return w.tmp }

// WriteCases appends rec (in schema.Release) to the cases Parquet file.
func (w *Writer) WriteCases(rec arrow.RecordBatch) error {
	if w.pw == nil {
		if err := w.createCases(rec.Schema()); err != nil {
			return err
		}
	}
	w.rows += int(rec.NumRows())
	return w.pw.WriteBuffered(rec)
}

func (w *Writer) createCases(s *arrow.Schema) error {
	if err := os.MkdirAll(filepath.Join(w.tmp, filepath.Dir(CasesFile)), w.dirPerm()); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(w.tmp, CasesFile), os.O_CREATE|os.O_EXCL|os.O_WRONLY, w.FilePerm)
	if err != nil {
		return err
	}
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(128*1024), // sorted rows: filters skip whole groups
		parquet.WithDictionaryDefault(true),
	)
	pw, err := pqarrow.NewFileWriter(s, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		f.Close()
		return err
	}
	w.pw = pw
	return nil
}

// CloseCases finishes the cases file; with no rows written, it writes an empty file of schema s
// so that a release always has one.
func (w *Writer) CloseCases(s *arrow.Schema) error {
	if w.pw == nil {
		if err := w.createCases(s); err != nil {
			return err
		}
	}
	err := w.pw.Close() // closes the file too
	w.pw = nil
	if err != nil {
		return err
	}
	return w.addOutput(CasesFile, w.rows)
}

// WriteFile writes a file at rel (slash-separated, inside the release) and records it as an
// output with rows lines of data (0 when not a table).
func (w *Writer) WriteFile(rel string, data []byte, rows int) error {
	p := filepath.Join(w.tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), w.dirPerm()); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, w.FilePerm); err != nil {
		return err
	}
	return w.addOutput(rel, rows)
}

func (w *Writer) addOutput(rel string, rows int) error {
	sum, err := HashFile(filepath.Join(w.tmp, filepath.FromSlash(rel)))
	if err != nil {
		return err
	}
	w.outputs = append(w.outputs, Output{Path: rel, SHA256: sum, Rows: rows})
	return nil
}

// HashFile returns the hex SHA-256 of the file at path.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Commit writes the manifest (with the outputs recorded so far), syncs every file, and moves
// the release into place, replacing a previous release at the same path.
func (w *Writer) Commit(m *Manifest) error {
	if w.pw != nil {
		return errors.New("release: cases file still open")
	}
	m.Outputs = w.outputs
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.tmp, ManifestName), append(b, '\n'), w.FilePerm); err != nil {
		return err
	}
	// FilePerm may have been changed after Create made the folder.
	if err := os.Chmod(w.tmp, w.dirPerm()); err != nil {
		return err
	}
	if err := syncTree(w.tmp); err != nil {
		return err
	}
	defer w.unlock()
	old := ""
	if _, err := os.Stat(w.dir); err == nil {
		if _, err := os.Stat(filepath.Join(w.dir, ManifestName)); err != nil {
			return fmt.Errorf("release: %s exists and is not a release; not replacing it", w.dir)
		}
		old = w.tmp + ".old"
		if err := os.Rename(w.dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(w.tmp, w.dir); err != nil {
		if old != "" {
			os.Rename(old, w.dir)
		}
		return err
	}
	if d, err := os.Open(filepath.Dir(w.dir)); err == nil {
		d.Sync()
		d.Close()
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes everything written.
func (w *Writer) Abort() {
	if w.pw != nil {
		w.pw.Close()
		w.pw = nil
	}
	os.RemoveAll(w.tmp)
	w.unlock()
}

func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}
