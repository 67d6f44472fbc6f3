package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// publishable checks, before a run, that dir can take the files for everyone: it does not
// exist or is empty, and is neither the release folder out nor inside it, nor holds it.
func publishable(dir, out string) error {
	d, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if d == o || within(d, o) || within(o, d) {
		return usageErrorf("--publish %s: the folder to publish to must be outside the release folder %s, and not hold it", dir, out)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0:
		return usageErrorf("--publish %s: the folder is not empty (publish into a new folder, so that nothing else goes out with the files)", dir)
	}
	return nil
}

// within reports whether path p is inside folder dir (both absolute and clean).
func within(p, dir string) bool {
	return strings.HasPrefix(p, dir+string(filepath.Separator))
}

// publish copies the files of the release in out that are for everyone (release.AudienceOf:
// the tables, the reports, the centres, protections.json) into dir, with their paths, and
// nothing else: not the manifest, privacy.json, the quarantine lists (the organisation's), the
// microdata or the capture histories (researchers'). It returns how many files it copied.
func publish(m *release.Manifest, out, dir string) (int, error) {
	n := 0
	for _, o := range m.Outputs {
		who := o.For
		if who == "" {
			who = release.AudienceOf(o.Path)
		}
		if who != release.ForEveryone || release.AudienceOf(o.Path) != release.ForEveryone {
			continue
		}
		if err := copyFile(filepath.Join(out, filepath.FromSlash(o.Path)), filepath.Join(dir, filepath.FromSlash(o.Path))); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// unpublishable refuses to publish a release whose tables were compared with the previous
// release's apart (release.PreviousApart), or whose joint audit with it ended with counts
// still exposed (tables.joint_exposed: the 20,000-row pair of attack-2026-12-04a, published
// with 4 counts its own audit knew exposed), or that kept the previous pattern unaudited (the
// joint audit over its size budget: attack-2026-12-04d R15's rest): taken apart, the two releases' tables together may
// narrow counts each withholds (attack-2026-12-03e finding 2: 48 counts by check --previous,
// published all the same after a notice). A release audited only against such a refused one
// carries the refusal on (tables.unpublished_since): run again over the same folder, it is
// "the same data" as the refused release and proves nothing against the publication before
// (attack-2026-12-03f finding 1). The release itself stays written in out.
func unpublishable(m *release.Manifest, out, dir string) error {
	if !m.NotToBePublished() {
		return nil
	}
	return fmt.Errorf("the release is written to %s but not published to %s: %s", out, dir, refusalWhy(m))
}

// refusalWhy says why run --publish refuses m's release (m.NotToBePublished) and what to do:
// run's refusal and check's publication line say the same.
func refusalWhy(m *release.Manifest) string {
	t := m.Tables
	// Only the safe ways: a new folder without --previous publishes it unguarded, and the two
	// publications then differ by the cases that changed (attack-2026-12-04d finding R16: 391
	// counts printed in both moved by 1 to 9).
	// The way forward names the publication: the release folder now holds the refused release,
	// and a run written over it is audited against that one only, refused again (unpublished
	// since), which the earlier words "written over this folder" led to (attack-2026-12-05b U4).
	way := "keep the earlier publication as it is; this folder now holds the refused release, and a release written over it is audited against that one only " +
		"and is not published either: write the next period's release to a new folder with --previous naming the folder the earlier release was published to " +
		"(or a copy of that release's own folder), and publish it once its audit with the earlier release accepts it; never write this register to a new folder " +
		"without --previous to publish it: anyone who holds both publications could subtract them and single out the cases that changed"
	// The same data run again gives the same pattern and the same refusal, in any folder (a run
	// is deterministic): the new folder above helps a next period's data only. A correction
	// (s3 less 70 cases, over s3's publication: attack-2026-12-06a Y3 backward) was told to
	// write "a new folder with --previous", which cannot succeed for it.
	same := "; the same data run again, in this folder or a new one, gives the same pattern and the same refusal (a run is deterministic), so a new folder " +
		"helps only a next period's release whose data differ; a correction (cases removed) of data already published that is refused so cannot be " +
		"published beside that publication: keep the earlier publication as it stands (run over it later, the corrected register with cases both added and " +
		"removed is compared apart and refused too, unless every count that fell fell by less than the threshold)"
	switch {
	case t.ExposedWithPrevious():
		named := "the manifest's tables.joint_exposed"
		if len(t.JointExposed) > 0 {
			named += ": " + strings.Join(t.JointExposed, "; ")
		} else {
			named = fmt.Sprintf("the manifest's audit.exposed is %d", t.Audit.Exposed)
		}
		return fmt.Sprintf("its tables were audited together with those of the release it replaces, and that audit ended with counts that whoever holds both publications "+
			"can place among fewer values than the protection range allows (%s; the manifest's tables.previous_audit is %q: no pattern of withheld counts tried "+
			"within the audit's rounds protected them); %s%s", named, t.PreviousAudit, way, same)
	case t.PreviousAudit == release.PreviousKept:
		// Not audited together at all (attack-2026-12-04d R15's rest): the joint linear program
		// was over its size budget, or (the same data again) the tables could not be protected
		// around the earlier pattern; keeping that pattern is no proof.
		why := "the linear program over both releases was over its size budget, so it did not run"
		switch {
		case strings.Contains(t.Previous, "same data"):
			why = "the same data again, but its tables could not be protected around the earlier release's pattern"
		case !strings.Contains(t.Previous, "size budget"):
			why = "no pattern of withheld counts the linear program over both releases accepts was found within its rounds"
		}
		return fmt.Sprintf("its tables could not be audited together with those of the release it replaces (%s; the manifest's tables.previous_audit is %q: "+
			"every count the earlier release withheld stays withheld, which keeps the two patterns alike but proves nothing), so whoever holds both publications "+
			"may narrow counts each withholds; fewer or coarser declared tables make the linear program over both releases smaller; %s%s", why, release.PreviousKept, way, same)
	case t.PreviousAudit == release.PreviousApart:
		// A correction is audited together ("joint (cases removed)") only when every count
		// that rose rose by less than the threshold (withheld, so that the printed counts
		// show a loss of cases only): say so, as a plain correction raises counts too
		// (attack-2026-12-04d R16: people linked across organisations counted from another
		// record once one is removed).
		return fmt.Sprintf("its tables were not audited together with those of the release it replaces "+
			"(counts rose and others fell since then: the manifest's tables.previous_audit is %q; a correction that removed records is audited together only when "+
			"no count it raised rose by %d or more and the printed counts show a loss of cases only, and removing the record of a person linked across organisations "+
			"counts them from another organisation's record, which can raise counts), so whoever holds both publications may narrow counts each withholds "+
			"(check --previous on a copy of the earlier release names them); %s", release.PreviousApart, cmp.Or(t.Threshold, 10), way)
	}
	return fmt.Sprintf("the release it replaces there was itself not published, as its tables were not audited "+
		"together with those of the release of %s (the manifest's tables.unpublished_since), and this one was audited against that unpublished release only, "+
		"so whoever holds this and the publication of %s may narrow counts each withholds; write this release to a new folder with --previous set to the folder "+
		"that release was published to, so that the tables are audited against it, or %s", t.UnpublishedSince, t.UnpublishedSince, way)
}

// publicationLine is check's line on a release run --publish refuses: the run's own refusal
// (refusalWhy), so that check on the release says why, as run did.
func publicationLine(m *release.Manifest) string {
	since := m.Tables.UnpublishedSince
	if since == "" {
		since = "the release it replaced"
	}
	return fmt.Sprintf("publication: not to be published while the publication of %s stands (run --publish refuses it): %s", since, refusalWhy(m))
}

// heldBack reports whether run --publish refuses m's release (unpublishable): check and report
// say so, whatever folders it would be written or published to.
func heldBack(m *release.Manifest) bool {
	return m.NotToBePublished()
}

// copyFile copies src to dst with src's permissions (owner-only by default, as the release's),
// making dst's folders (0700).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	o, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	return nil
}

// publishedWords says what a publish left out, for the summary.
func publishedWords(n int, dir string) string {
	return fmt.Sprintf("published %d file(s) for everyone to %s (left out: manifest.json, privacy.json and the quarantine lists, for the organisation; cases/ and capture_histories.csv, for researchers)", n, dir)
}
