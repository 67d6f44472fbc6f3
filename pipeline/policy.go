package pipeline

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// RecordedConfig returns the config a manifest recorded (Manifest.Config), without validating
// it: its files (hierarchies, population) need not exist where the release is checked.
func RecordedConfig(recorded map[string]any) (Config, error) {
	b, err := yaml.Marshal(recorded)
	if err != nil {
		return Config{}, err
	}
	var c Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return Config{}, fmt.Errorf("the manifest's config: %w", err)
	}
	return c, nil
}

// Policy returns the rules c sets for a release, for release.CheckWith: source names where
// the config comes from. The quasi-identifiers are release columns: every built-in
// quasi-identifier's when c lists none.
func (c *Config) Policy(source string) *release.Policy {
	p := &release.Policy{Source: source, K: c.K, L: c.L, T: c.T, SmallCellThreshold: c.SmallCellThreshold,
		ProtectionWidth: c.ProtectionWidth, RoundTo: c.RoundTo}
	if p.ProtectionWidth == 0 {
		p.ProtectionWidth = anonymize.DefaultWidth(c.SmallCellThreshold)
	}
	if c.Sensitive != "" {
		p.Sensitive = anonymize.SensitiveAttributes[c.Sensitive]
	}
	if len(c.QuasiIdentifiers) == 0 {
		for _, q := range anonymize.CaseQIs {
			p.QuasiIdentifiers = append(p.QuasiIdentifiers, q.Columns...)
		}
		return p
	}
	for _, name := range c.QuasiIdentifiers {
		if q, ok := anonymize.LookupQI(name); ok {
			p.QuasiIdentifiers = append(p.QuasiIdentifiers, q.Columns...)
		} else {
			p.QuasiIdentifiers = append(p.QuasiIdentifiers, name)
		}
	}
	return p
}
