#!/usr/bin/env bash
# Regenerates docs/openapi/v1.json from the API as it answers (the served /openapi/v1.json), then checks it.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/WebApi.FunctionalTests -v q -nologo
SHOP_WRITE_OPENAPI=1 dotnet test --project tests/WebApi.FunctionalTests --no-build -- --filter-method "*TheServedDocument_IsTheCommittedOne*"
echo "docs/openapi/v1.json regenerated; commit it with the change that altered the API."
