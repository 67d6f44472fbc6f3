//go:build !linux && !darwin

package release

import "errors"

// exchange cannot swap two folders in one step here: the caller renames twice (see Recover).
func exchange(a, b string) error { return errors.ErrUnsupported }
