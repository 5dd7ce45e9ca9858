#!/usr/bin/env bash
# Rebuilds the vendored GOV.UK Frontend stylesheet and copies its script (see VENDOR.md). Needs node and npm; run by hand
# when upgrading, then commit the output. Assure is a council service, not GOV.UK: the GDS
# Transport font is left out and a system font stack used instead.
set -euo pipefail
version=6.6.0
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund "govuk-frontend@$version" sass@1 >/dev/null
cat > assure.scss <<'SCSS'
@use "govuk-frontend/dist/govuk" with (
  $govuk-font-family: (system-ui, -apple-system, "Segoe UI", Arial, "Liberation Sans", sans-serif),
  $govuk-include-default-font-face: false
);
SCSS
npx sass --no-source-map --style=compressed --load-path=node_modules assure.scss "$here/govuk-frontend-$version.min.css"
echo "wrote $here/govuk-frontend-$version.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$here/govuk-frontend-$version.min.js"
echo "wrote $here/govuk-frontend-$version.min.js"
