//go:build darwin

package release

import "golang.org/x/sys/unix"

// exchange swaps the folders at a and b in one step (renamex_np with RENAME_SWAP); see the Linux
// version.
func exchange(a, b string) error {
	return unix.RenamexNp(a, b, unix.RENAME_SWAP)
}
