#!/usr/bin/env bash
# Adds a migration with the same name for every provider: scripts/add-migration.sh AddOrders
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/WebApi -v q -nologo
for provider in Sqlite Postgres SqlServer; do
  project=src/Infrastructure.Migrations.$provider
  dotnet ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context ShopDbContext --output-dir Migrations
done
