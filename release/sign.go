package release

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// SignatureName is the file, beside a manifest, that holds its Ed25519 signature. The manifest
// lists the SHA-256 of every other file, so the signature covers the whole release.
const SignatureName = "manifest.sig"

// signingDomain is prefixed to what is signed, so that a release signature cannot be taken for
// a signature of anything else made with the same key.
const signingDomain = "prevalence release manifest v1\n"

// Signature is the content of manifest.sig.
type Signature struct {
	Algorithm string `json:"algorithm"` // "ed25519"
	// KeyID is the first 16 hex digits of the SHA-256 of the public key: it names the key, so a
	// reader can tell which organisation key to verify with.
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"` // base64 of the 64-byte signature
}

// ErrSignature is returned (wrapped) when a release's signature is missing or does not verify.
var ErrSignature = errors.New("signature")

// KeyID names the public key pub (see Signature.KeyID).
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// GenerateKey writes a new Ed25519 key pair: the private key to priv (PKCS #8 PEM, mode 600)
// and the public key to pub (PKIX PEM, mode 644). Both are the formats of `openssl genpkey
// -algorithm ed25519` and `openssl pkey -pubout`. Neither file may exist already.
func GenerateKey(priv, pub string) (ed25519.PublicKey, error) {
	pk, sk, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	skDER, err := x509.MarshalPKCS8PrivateKey(sk)
	if err != nil {
		return nil, err
	}
	pkDER, err := x509.MarshalPKIXPublicKey(pk)
	if err != nil {
		return nil, err
	}
	if err := writeNew(priv, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: skDER}), 0o600); err != nil {
		return nil, err
	}
	if err := writeNew(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pkDER}), 0o644); err != nil {
		os.Remove(priv)
		return nil, err
	}
	return pk, nil
}

func writeNew(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// LoadSigningKey reads an Ed25519 private key (PKCS #8 PEM, as GenerateKey or openssl write
// it). Like the linkage key file, it must not be readable by group or others.
func LoadSigningKey(file string) (ed25519.PrivateKey, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("signing key %s can be read by others (mode %v): chmod 600 it", file, st.Mode().Perm())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("signing key %s: not a PEM \"PRIVATE KEY\" (make one with prevalence keygen or openssl genpkey -algorithm ed25519)", file)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("signing key %s: %w", file, err)
	}
	sk, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("signing key %s: not an Ed25519 key", file)
	}
	return sk, nil
}

// LoadPublicKey reads an Ed25519 public key (PKIX PEM "PUBLIC KEY").
func LoadPublicKey(file string) (ed25519.PublicKey, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("public key %s: not a PEM \"PUBLIC KEY\" (give the .pub file of prevalence keygen, or openssl pkey -pubout's output)", file)
	}
	k, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("public key %s: %w", file, err)
	}
	pk, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("public key %s: not an Ed25519 key", file)
	}
	return pk, nil
}

// Sign signs the manifest in dir (any folder with a manifest.json: a release or a report
// folder) with sk and writes manifest.sig beside it with mode perm.
func Sign(dir string, sk ed25519.PrivateKey, perm os.FileMode) error {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return err
	}
	sig := Signature{
		Algorithm: "ed25519",
		KeyID:     KeyID(sk.Public().(ed25519.PublicKey)),
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(sk, append([]byte(signingDomain), b...))),
	}
	out, err := json.MarshalIndent(sig, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, SignatureName), append(out, '\n'), perm)
}

// Verify checks the signature of the manifest in dir against pk. It returns an error wrapping
// ErrSignature when the signature is missing, made with another key, or does not match the
// manifest's bytes.
func Verify(dir string, pk ed25519.PublicKey) error {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(filepath.Join(dir, SignatureName))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%w: %s is not signed (no %s)", ErrSignature, dir, SignatureName)
	}
	if err != nil {
		return err
	}
	var sig Signature
	if err := json.Unmarshal(raw, &sig); err != nil || sig.Algorithm != "ed25519" {
		return fmt.Errorf("%w: %s is not an Ed25519 signature", ErrSignature, SignatureName)
	}
	s, err := base64.StdEncoding.DecodeString(sig.Signature)
	if err != nil || len(s) != ed25519.SignatureSize {
		return fmt.Errorf("%w: %s is malformed", ErrSignature, SignatureName)
	}
	if sig.KeyID != KeyID(pk) {
		return fmt.Errorf("%w: signed with key %s, not the given key %s", ErrSignature, sig.KeyID, KeyID(pk))
	}
	if !ed25519.Verify(pk, append([]byte(signingDomain), b...), s) {
		return fmt.Errorf("%w: the manifest's signature does not verify: the manifest was changed after signing", ErrSignature)
	}
	return nil
}
