package release

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/gofrs/flock"
)

// CasesFile is the path, relative to the release folder, of the cases Parquet file.
const CasesFile = "cases/part-00000.parquet"

// CaptureHistoriesFile is the release's people per pattern of organisations (with a linkage
// key), for multiple systems estimation: for researchers (AudienceOf).
const CaptureHistoriesFile = "capture_histories.csv"

// Writer writes one release. Files go into a temporary folder beside the target; Commit moves
// it into place, Abort removes it. Files are owner-only unless Perm says otherwise.
type Writer struct {
	// FilePerm is the mode of written files (0o600 by default); folders get the matching
	// execute bits.
	FilePerm os.FileMode
	// SigningKey, when set, signs the manifest (manifest.sig): see Sign.
	SigningKey ed25519.PrivateKey

	dir, tmp string
	lock     *flock.Flock
	pw       *pqarrow.FileWriter // a schema that is not flat
	cw       *caseWriter         // a flat schema: columns encoded on all cores
	rows     int
	outputs  []Output
	columns  []string
	// recovered says what Create did about a commit a killed run left half done.
	recovered string
}

// Recovered says what Create did about a commit that a killed run left half done ("" when
// there was none), for a notice in the manifest.
func (w *Writer) Recovered() string { return w.recovered }

// ErrBusy is returned when another run is writing the same release.
var ErrBusy = errors.New("another run is writing this release")

// Create starts a release that will live at dir. It holds a lock (DIR.lock) until Commit or
// Abort. Under the lock it first settles what a killed run left behind: a commit interrupted
// between its two renames is finished (or the previous release restored), and unfinished
// folders (DIR.tmp-*) are removed: their files are never part of a release.
//
// A dir that is a symbolic link is resolved: the release replaces the link's target, and the
// link stays. The root of the file system is refused.
func Create(dir string) (*Writer, error) {
	dir, err := resolveOut(dir)
	if err != nil {
		return nil, err
	}
	var nonce [6]byte
	rand.Read(nonce[:])
	w := &Writer{FilePerm: 0o600, dir: dir, tmp: fmt.Sprintf("%s.tmp-%s", dir, hex.EncodeToString(nonce[:]))}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	lock, err := lockFile(dir)
	if err != nil {
		return nil, err
	}
	w.lock = lock
	if w.recovered, err = Recover(dir); err != nil {
		w.unlock()
		return nil, err
	}
	if err := os.Mkdir(w.tmp, w.dirPerm()); err != nil {
		w.unlock()
		return nil, err
	}
	return w, nil
}

// resolveOut cleans a release path, refuses the root (whose lock file would be "/.lock" and
// whose replacement would be the whole file system), and follows a symbolic link.
func resolveOut(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("release: no output folder given")
	}
	dir = filepath.Clean(dir)
	if abs, err := filepath.Abs(dir); err == nil && filepath.Dir(abs) == abs {
		return "", fmt.Errorf("release: %s is the root of the file system; give a folder for the release", dir)
	}
	st, err := os.Lstat(dir)
	if err != nil || st.Mode()&os.ModeSymlink == 0 {
		return dir, nil
	}
	target, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("release: %s is a symbolic link that leads nowhere: %w", dir, err)
	}
	return resolveOut(target)
}

// lockFile takes DIR.lock without waiting: gofrs/flock, flock(2) on Unix and LockFileEx on
// Windows, released when the process dies.
func lockFile(dir string) (*flock.Flock, error) {
	lock := flock.New(dir+".lock", flock.SetPermissions(0o600))
	if ok, err := lock.TryLock(); err != nil {
		return nil, fmt.Errorf("%s: locking: %w", dir, err)
	} else if !ok {
		return nil, fmt.Errorf("%s: %w", dir, ErrBusy)
	}
	return lock, nil
}

// Lock takes the lock of the release at dir, the one a run holds while it writes, so that
// whatever the caller writes inside the release is not lost to a run's commit. It fails with
// ErrBusy while a run writes; unlock releases it.
func Lock(dir string) (unlock func(), err error) {
	dir, err = resolveOut(dir)
	if err != nil {
		return nil, err
	}
	f, err := lockFile(dir)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// Recover settles what a killed run left beside the release at dir; the caller holds the lock.
// A commit swaps the complete new release (DIR.tmp-X, synced first) with the previous one in one
// step where the file system can (Linux, macOS); elsewhere it first renames the previous release
// to DIR.tmp-X.old and then the new one to DIR. Killed between the two, DIR is missing:
// Recover finishes the commit when the new folder is there and restores the previous release
// otherwise. A previous release left after a finished commit, and unfinished folders, are
// removed. It returns what it did, for a notice ("" when nothing was left).
func Recover(dir string) (string, error) {
	stale, _ := filepath.Glob(dir + ".tmp-*")
	did := ""
	_, err := os.Stat(dir)
	missing := errors.Is(err, os.ErrNotExist)
	for _, old := range stale {
		if !strings.HasSuffix(old, ".old") || !missing {
			continue
		}
		next := strings.TrimSuffix(old, ".old")
		if _, err := os.Stat(filepath.Join(next, ManifestName)); err == nil {
			if err := os.Rename(next, dir); err != nil {
				return "", err
			}
			did = "finished the commit of a run killed while it replaced the release"
		} else {
			if err := os.Rename(old, dir); err != nil {
				return "", err
			}
			did = "restored the previous release, which a run killed while committing had moved aside"
		}
		syncDir(filepath.Dir(dir))
		missing = false
	}
	stale, _ = filepath.Glob(dir + ".tmp-*")
	for _, s := range stale {
		if err := os.RemoveAll(s); err != nil {
			return did, err
		}
	}
	return did, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
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

// WriteCases appends rec (in schema.Release) to the cases Parquet file. The caller may
// release rec when it returns: the writer retains what it keeps of it (a row group's rows, until
// the row group is written).
func (w *Writer) WriteCases(rec arrow.RecordBatch) error {
	if w.pw == nil && w.cw == nil {
		if err := w.createCases(rec.Schema()); err != nil {
			return err
		}
	}
	w.rows += int(rec.NumRows())
	if w.cw != nil {
		return w.cw.write(rec)
	}
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
	if flatSchema(s) {
		cw, err := newCaseWriter(s, f, props)
		if err != nil {
			f.Close()
			return err
		}
		w.cw = cw
		return nil
	}
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
	if w.pw == nil && w.cw == nil {
		if err := w.createCases(s); err != nil {
			return err
		}
	}
	var err error
	if w.cw != nil {
		err = w.cw.close() // closes the file too
	} else {
		err = w.pw.Close() // closes the file too
	}
	w.pw, w.cw = nil, nil
	w.columns = w.columns[:0]
	for _, f := range s.Fields() {
		w.columns = append(w.columns, f.Name)
	}
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
	w.outputs = append(w.outputs, Output{Path: rel, SHA256: sum, Rows: rows, For: AudienceOf(rel)})
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

// Outputs returns the files written so far, as Commit records them in the manifest.
func (w *Writer) Outputs() []Output { return slices.Clone(w.outputs) }

// Commit writes the manifest (with the outputs recorded so far), syncs every file, and moves
// the release into place, replacing a previous release at the same path.
func (w *Writer) Commit(m *Manifest) error {
	if w.pw != nil || w.cw != nil {
		return errors.New("release: cases file still open")
	}
	m.Outputs = w.outputs
	m.Columns = w.columns
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.tmp, ManifestName), append(b, '\n'), w.FilePerm); err != nil {
		return err
	}
	if w.SigningKey != nil {
		if err := Sign(w.tmp, w.SigningKey, w.FilePerm); err != nil {
			return err
		}
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
		// One step where the file system can: the previous release, now at w.tmp, goes.
		if err := exchange(w.tmp, w.dir); err == nil {
			syncDir(filepath.Dir(w.dir))
			return os.RemoveAll(w.tmp)
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
	syncDir(filepath.Dir(w.dir))
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
	if w.cw != nil {
		w.cw.abort()
		w.cw = nil
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
