package main

import (
	"context"
	"crypto/ed25519"
	"fmt"

	"github.com/prevalence/prevalence/release"
)

// cmdKeygen makes the organisation's release signing key pair. openssl makes the same files:
// openssl genpkey -algorithm ed25519 -out KEY && openssl pkey -in KEY -pubout -out KEY.pub.
func cmdKeygen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "keygen", "keygen --out FILE  (writes FILE, the private key, mode 600, and FILE.pub)")
	out := fs.String("out", "", "private key file to write (mode 600); the public key goes to FILE.pub")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" {
		return usageErrorf("give --out FILE")
	}
	pk, err := release.GenerateKey(*out, *out+".pub")
	if err != nil {
		return err
	}
	if !e.out.quiet { // a summary, as every command's: stderr
		fmt.Fprintf(e.stderr, "signing key %s (keep it secret), public key %s.pub, key id %s\n", *out, *out, release.KeyID(pk))
	}
	return nil
}

// signingKey loads the key of --sign-key, or none.
func signingKey(file string) (ed25519.PrivateKey, error) {
	if file == "" {
		return nil, nil
	}
	return release.LoadSigningKey(file)
}
