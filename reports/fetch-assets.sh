#!/usr/bin/env bash
# Installs the pinned ECharts build from reports/package-lock.json and copies
# it to reports/assets/echarts.min.js, which package reports embeds.
# Idempotent: does nothing when the asset is already the locked version.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

asset=reports/assets/echarts.min.js
want=$(node -p "require('./reports/package-lock.json').packages['node_modules/echarts'].version")
if [[ -f "$asset" ]] && grep -qF "t.version=\"$want\"" "$asset"; then
	echo "fetch-assets: $asset is echarts $want, nothing to do"
	exit 0
fi

mkdir -p reports/assets
npm ci --prefix reports
cp reports/node_modules/echarts/dist/echarts.min.js reports/assets/echarts.min.js

if ! grep -qF "t.version=\"$want\"" "$asset"; then
	echo "fetch-assets: $asset is not echarts $want" >&2
	exit 1
fi
echo "fetch-assets: wrote $asset (echarts $want)"
