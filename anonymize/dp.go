package anonymize

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"io"
	"math"
	"math/big"
	mrand "math/rand/v2"
	"strconv"
)

// The discrete Laplace (two-sided geometric) mechanism, drawn exactly: every random choice is
// a uniform integer from crypto/rand compared with integers, following Canonne, Kamath and
// Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), algorithms 1 and 2.
// No floating-point number is sampled, so the noise has exactly the distribution
// P(Z = z) = (1-p)/(1+p) p^|z| with p = exp(-1/scale), and leaks nothing through rounding.

// uniform returns a uniform integer in [0, n).
func uniform(r io.Reader, n *big.Int) (*big.Int, error) { return rand.Int(r, n) }

// bernoulliRat returns true with probability num/den (0 <= num <= den).
func bernoulliRat(r io.Reader, num, den *big.Int) (bool, error) {
	u, err := uniform(r, den)
	if err != nil {
		return false, err
	}
	return u.Cmp(num) < 0, nil
}

// bernoulliExp returns true with probability exp(-num/den), num >= 0, den > 0.
func bernoulliExp(r io.Reader, num, den *big.Int) (bool, error) {
	if num.Cmp(den) > 0 {
		// exp(-γ) = exp(-1)^floor(γ) · exp(-(γ - floor γ)).
		q, m := new(big.Int).QuoRem(num, den, new(big.Int))
		one := big.NewInt(1)
		for k := new(big.Int); k.Cmp(q) < 0; k.Add(k, one) {
			b, err := bernoulliExp(r, one, one)
			if err != nil || !b {
				return false, err
			}
		}
		return bernoulliExp(r, m, den)
	}
	// 0 <= γ <= 1: draw A_k ~ Bernoulli(γ/k) for k = 1, 2, ... until one is 0; the answer is
	// whether that k is odd.
	k := int64(1)
	for {
		a, err := bernoulliRat(r, num, new(big.Int).Mul(den, big.NewInt(k)))
		if err != nil {
			return false, err
		}
		if !a {
			return k%2 == 1, nil
		}
		k++
	}
}

// discreteLaplace returns a draw of the discrete Laplace distribution with scale t/s
// (s, t > 0): P(Z = z) proportional to exp(-|z| s/t).
func discreteLaplace(r io.Reader, s, t *big.Int) (int64, error) {
	one := big.NewInt(1)
	for {
		u, err := uniform(r, t)
		if err != nil {
			return 0, err
		}
		d, err := bernoulliExp(r, u, t)
		if err != nil {
			return 0, err
		}
		if !d {
			continue
		}
		v := int64(0)
		for {
			b, err := bernoulliExp(r, one, one)
			if err != nil {
				return 0, err
			}
			if !b {
				break
			}
			v++
		}
		x := new(big.Int).Add(u, new(big.Int).Mul(t, big.NewInt(v)))
		y := new(big.Int).Quo(x, s)
		neg, err := bernoulliRat(r, one, big.NewInt(2))
		if err != nil {
			return 0, err
		}
		if neg && y.Sign() == 0 {
			continue
		}
		if neg {
			y.Neg(y)
		}
		return y.Int64(), nil
	}
}

// Noise draws discrete Laplace noise for a count with privacy parameter epsilon (sensitivity
// 1): scale 1/epsilon, P(Z = z) = (1-p)/(1+p) p^|z| with p = exp(-epsilon). Epsilon is taken
// exactly as the binary fraction the float64 holds.
func Noise(r io.Reader, epsilon float64) (int64, error) {
	if !(epsilon > 0) || epsilon > 1e6 {
		return 0, errors.New("anonymize: epsilon must be positive")
	}
	e := new(big.Rat).SetFloat64(epsilon)
	// scale = 1/epsilon = den/num = t/s.
	return discreteLaplace(r, e.Num(), e.Denom())
}

// round returns v rounded to the nearest multiple of base (halves up), never below the
// smallest multiple of base from threshold up: a published count stays at or above the
// threshold.
func round(v int64, base, threshold int) int64 {
	if base <= 1 || v <= 0 {
		return v
	}
	b := int64(base)
	r := (v + b/2) / b * b
	if v >= int64(threshold) {
		floor := (int64(threshold) + b - 1) / b * b
		r = max(r, floor)
	}
	return r
}

// noiseSeed returns the key of a set of tables' noise: HMAC-SHA256 under key of every count of
// ts (hidden ones too) before noise. Tables with the same counts get the same seed, so the same
// data released again gets the same noise and cannot be averaged; tables in which any count
// differs get an unrelated seed, so that no count's noise repeats across releases that differ
// (a repeated noisy count would tell that this count, and only it, did not change).
func noiseSeed(key []byte, ts []*CountTable) []byte {
	mac := hmac.New(sha256.New, key)
	for _, t := range ts {
		lenPrefixed(mac, t.Name)
		for _, r := range t.Rows {
			lenPrefixed(mac, strconv.Itoa(len(r.Labels)))
			for _, l := range r.Labels {
				lenPrefixed(mac, l)
			}
			for _, v := range r.Values {
				lenPrefixed(mac, strconv.FormatInt(v, 10))
			}
		}
	}
	return mac.Sum(nil)
}

// keyedNoise returns the random stream of one count's noise: ChaCha8 (math/rand/v2's
// cryptographically strong generator) seeded with HMAC-SHA256 under seed (noiseSeed) of the
// count's table, row labels, column and epsilon. Without the key the stream cannot be told
// from fresh randomness.
func keyedNoise(seed []byte, table string, labels []string, col int, epsilon float64) io.Reader {
	mac := hmac.New(sha256.New, seed)
	lenPrefixed(mac, table)
	lenPrefixed(mac, strconv.Itoa(len(labels)))
	for _, l := range labels {
		lenPrefixed(mac, l)
	}
	lenPrefixed(mac, strconv.Itoa(col))
	lenPrefixed(mac, strconv.FormatUint(math.Float64bits(epsilon), 16))
	var s [32]byte
	copy(s[:], mac.Sum(nil))
	return mrand.NewChaCha8(s)
}

// lenPrefixed writes s to w with its length first, so that no two sequences of strings write
// the same bytes.
func lenPrefixed(w io.Writer, s string) {
	io.WriteString(w, strconv.Itoa(len(s))+":"+s)
}
