//go:build linux

package release

import "golang.org/x/sys/unix"

// exchange swaps the folders at a and b in one step (renameat2 with RENAME_EXCHANGE), so that a
// reader, or a run killed at any moment, finds a complete release at b: the previous one or the
// new one, never none. It fails on file systems that cannot swap; the caller then renames twice.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
