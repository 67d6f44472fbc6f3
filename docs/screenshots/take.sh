#!/usr/bin/env bash
# Takes the screenshots in this folder from the demo's own release, as the product draws it
# today: report-top.png and report.png (reports/report.html), programme.png
# (reports/programme.html, the centre gaps against the centres the demo's config names) and
# brief.png (reports/brief.html). Needs Debian's chromium. Run from anywhere:
#
#	docs/screenshots/take.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./cmd/prevalence demo --out "$work/demo" --quiet
shot() { # page width height png
  chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$work/profile" \
    --window-size="$2,$3" --screenshot="docs/screenshots/$4" "file://$work/demo/reports/$1" 2>/dev/null
}
shot report.html 1280 1400 report-top.png
shot report.html 1280 9000 report.png
shot programme.html 1280 1500 programme.png
shot brief.html 1000 3000 brief.png
ls -l docs/screenshots/*.png
